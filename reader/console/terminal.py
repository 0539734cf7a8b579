"""The two output streams of the headless commands and the only ways data reaches them: escaped cells, lines and
JSON."""

from __future__ import annotations

import re
import sys
from typing import Any

import click
import orjson
from rich.console import Console
from rich.text import Text

from reader.text import TERMINAL_CONTROLS, visible

out = Console()
err = Console(stderr=True)


def _utf8_pattern(codes: list[int]) -> re.Pattern[bytes]:
    """Match the UTF-8 form of any of the code points, grouped by leading bytes so a search scans at C speed."""
    last_bytes: dict[bytes, bytes] = {}
    for code in codes:
        encoded = chr(code).encode()
        last_bytes[encoded[:-1]] = last_bytes.get(encoded[:-1], b"") + encoded[-1:]
    return re.compile(b"|".join(re.escape(lead) + b"[" + re.escape(last) + b"]" for lead, last in last_bytes.items()))


# orjson escapes C0 controls itself but writes DEL, C1 controls, the BOM and bidi characters raw (valid JSON, live on a
# terminal). Their UTF-8 forms start with a lead byte or are ASCII, so a match never starts inside another character.
_RAW_IN_JSON = _utf8_pattern(sorted(c for c in TERMINAL_CONTROLS if c >= 0x7F))


def cell(value: object, style: str = "") -> Text:
    """A table cell or title from data: plain Text (never markup) with every control character shown, newlines too."""
    return Text(visible(str(value), one_line=True), style=style)


def say(message: str, *, to_stderr: bool = False) -> None:
    """Print one line that may hold data (paths, names, labels), escaped so it stays one inert line."""
    click.echo(visible(message, one_line=True), err=to_stderr)


def print_json(value: Any) -> None:
    """Print a value as indented JSON on stdout, with the control characters JSON allows raw written as \\u escapes."""
    data = orjson.dumps(value, option=orjson.OPT_INDENT_2)
    if _RAW_IN_JSON.search(data):
        data = _RAW_IN_JSON.sub(lambda m: b"\\u%04x" % ord(m.group().decode()), data)
    sys.stdout.buffer.write(data + b"\n")
    sys.stdout.buffer.flush()
