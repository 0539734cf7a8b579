"""Claims stored before claim edges were trimmed get the same rule, once: each change logged as an update."""

from __future__ import annotations

import sqlite3

from reader import identity
from reader.segment import strip_span
from reader.store.rows import CLAIM_COLUMNS, dumps, models

WHITESPACE = [point for point in range(0x3001) if chr(point).isspace()]
"""Every code point `str.isspace` accepts (U+3000, the ideographic space, is the last), so SQL finds the few claims to
trim without reading every text."""
VIA = "migration"
"""The `via` of the events this logs: not undoable (only the reader's are), and plain in the log as what it was."""


def trim_stored_claims(conn: sqlite3.Connection) -> int:
    """Trim the whitespace at the edges of every stored claim that has some, logging an update under its owner's name
    made by the current OS account; a claim of only whitespace is left as it is. Return how many changed."""
    points = ", ".join(map(str, WHITESPACE))
    selected = ", ".join(f'c."{name}"' for name in CLAIM_COLUMNS)
    rows = conn.execute(
        f"SELECT {selected}, a.text FROM claims c JOIN articles a ON a.id = c.article_id"
        f" WHERE unicode(substr(a.text, c.start + 1, 1)) IN ({points})"
        f' OR unicode(substr(a.text, c."end", 1)) IN ({points})'
    ).fetchall()
    changed = 0
    for *values, text in rows:
        before = dict(zip(CLAIM_COLUMNS, values, strict=True))
        start, end = strip_span(text, before["start"], before["end"])
        if start == end:
            continue
        after = {**before, "start": start, "end": end}
        conn.execute('UPDATE claims SET start = ?, "end" = ? WHERE id = ?', [start, end, before["id"]])
        conn.execute(
            "INSERT INTO events (id, ts, annotator, kind, via, article_id, claim_id, before, after, os_user)"
            " VALUES (?, ?, ?, 'update', ?, ?, ?, ?, ?, ?)",
            [
                models.new_id(),
                models.now(),
                before["annotator"],
                VIA,
                before["article_id"],
                before["id"],
                dumps(before),
                dumps(after),
                identity.os_user(),
            ],
        )
        changed += 1
    return changed
