"""Lets `python -m reader` work like the `claim-reader` command."""

from reader.cli import main

main()
