"""Errors that reach the user as one clear line (exit 1) instead of a traceback."""


class ReaderError(Exception):
    """An expected failure with a message fit to show the user as it is."""


class InputError(ReaderError):
    """Bad input: a file, line or value that cannot be accepted; nothing was written."""


class StoreError(ReaderError):
    """The database cannot be opened or written (not SQLite, corrupt, newer, read-only, disk full)."""
