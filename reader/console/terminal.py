"""The two output streams of the headless commands and the only ways data reaches them: escaped cells, lines and
JSON."""

from __future__ import annotations

import sys
from typing import Any

import click
import orjson
from rich.console import Console
from rich.text import Text

from reader.text import inert_json, visible

out = Console()
err = Console(stderr=True)


def cell(value: object, style: str = "") -> Text:
    """A table cell or title from data: plain Text (never markup) with every control character shown, newlines too."""
    return Text(visible(str(value), one_line=True), style=style)


def say(message: str, *, to_stderr: bool = False) -> None:
    """Print one line that may hold data (paths, names, labels), escaped so it stays one inert line."""
    click.echo(visible(message, one_line=True), err=to_stderr)


def print_json(value: Any) -> None:
    """Print a value as indented JSON on stdout, with the control characters JSON allows raw written as \\u escapes."""
    sys.stdout.buffer.write(inert_json(orjson.dumps(value, option=orjson.OPT_INDENT_2)) + b"\n")
    sys.stdout.buffer.flush()
