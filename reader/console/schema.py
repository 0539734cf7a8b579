"""What `claim-reader schema` shows: the schema in force as TOML, and what a schema file would change in it."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from reader.console.terminal import say
from reader.text import visible


def print_schema(toml: str) -> None:
    """The schema as TOML on stdout (its strings are escaped already; shown inert all the same)."""
    click.echo(visible(toml), nl=False)


def print_schema_diff(path: Path, lines: list[str], lost: list[str]) -> None:
    """What a file would change, as a unified diff, then what it would blank or drop (applying that needs --yes)."""
    if not lines:
        say(f"{path}: no change: the file gives the schema in force")
        return
    _print_diff(lines)
    if lost:
        say(f"{path} {'; '.join(lost)}: applying it needs --yes")
    else:
        say(f"{path} blanks and drops nothing: --schema {path} applies it as it is")


def confirm_schema_change(lines: list[str], lost: list[str]) -> bool:
    """Show a change that blanks or drops something and, on a terminal, ask whether to apply it (elsewhere: no)."""
    _print_diff(lines, to_stderr=True)
    for loss in lost:
        say(f"this schema {loss}", to_stderr=True)
    if not (sys.stdin.isatty() and sys.stderr.isatty()):
        return False
    return click.confirm("apply it?", default=False, err=True)


def _print_diff(lines: list[str], *, to_stderr: bool = False) -> None:
    """Diff lines, coloured on a terminal as diff tools do (removed red, added green)."""
    colours = {"-": "red", "+": "green", "@": "cyan"}
    for line in lines:
        colour = None if line.startswith(("---", "+++")) else colours.get(line[:1])
        click.secho(visible(line, one_line=True), fg=colour, err=to_stderr)
