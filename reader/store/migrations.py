"""The database schema as an ordered list of sqlite-utils migrations; the applied set is the schema version."""

from __future__ import annotations

from sqlite_utils import Database, Migrations

migrations = Migrations("claim-reader")


@migrations()
def m001_initial(db: Database) -> None:
    """Create articles, claims, per-annotator progress, the event log, settings and full-text search."""
    db.table("articles").create(
        {
            "id": str,
            "title": str,
            "text": str,
            "meta": str,
            "source": str,
            "published": str,
            "source_file": str,
            "source_line": int,
            "words": int,
            "imported_at": str,
        },
        pk="id",
        not_null={"title", "text", "meta", "words"},
    )
    db.table("claims").create(
        {
            "id": str,
            "article_id": str,
            "annotator": str,
            "start": int,
            "end": int,
            "label": str,
            "confidence": int,
            "note": str,
            "speaker": str,
            "checkworthy": int,
            "hedged": int,
            "origin": str,
            "adjudicated_by": str,
            "created_at": str,
            "updated_at": str,
        },
        pk="id",
        foreign_keys=[("article_id", "articles", "id")],
        not_null={"article_id", "annotator", "start", "end", "label", "confidence"},
    )
    db.table("claims").create_index(["article_id", "annotator", "start"])
    db.table("claims").create_index(["annotator"])
    db.table("progress").create(
        {"article_id": str, "annotator": str, "done": int, "position": int, "meta": str, "updated_at": str},
        pk=("article_id", "annotator"),
        foreign_keys=[("article_id", "articles", "id")],
    )
    db.table("progress").create_index(["annotator", "done"])
    db.execute(
        "CREATE TABLE events (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, ts TEXT NOT NULL,"
        " annotator TEXT NOT NULL, kind TEXT NOT NULL, via TEXT NOT NULL, article_id TEXT NOT NULL,"
        " claim_id TEXT, target TEXT, before TEXT, after TEXT)"
    )
    db.table("events").create_index(["annotator", "article_id", "seq"])
    db.table("events").create_index(["claim_id"])
    db.table("settings").create({"key": str, "value": str}, pk="key")
    db.table("articles").enable_fts(["title", "text"], create_triggers=True, tokenize="unicode61 remove_diacritics 2")


@migrations()
def m002_assignments(db: Database) -> None:
    """Create the assignment plan: which annotators should annotate which article (teams)."""
    db.table("assignments").create(
        {"article_id": str, "annotator": str, "assigned_at": str},
        pk=("article_id", "annotator"),
        foreign_keys=[("article_id", "articles", "id")],
        not_null={"assigned_at"},
    )
    db.table("assignments").create_index(["annotator", "article_id"])


@migrations()
def m003_links_and_suggestions(db: Database) -> None:
    """Create claim links across sources and per-annotator decisions on suggestions."""
    db.table("links").create(
        {"id": str, "claim_a": str, "claim_b": str, "relation": str, "annotator": str, "created_at": str},
        pk="id",
        not_null={"claim_a", "claim_b", "relation", "annotator", "created_at"},
    )
    db.table("links").create_index(["claim_a"])
    db.table("links").create_index(["claim_b"])
    db.table("suggestion_decisions").create(
        {
            "id": str,
            "annotator": str,
            "article_id": str,
            "start": int,
            "end": int,
            "label": str,
            "decision": str,
            "ts": str,
        },
        pk="id",
        foreign_keys=[("article_id", "articles", "id")],
        not_null={"annotator", "article_id", "start", "end", "label", "decision", "ts"},
    )
    db.table("suggestion_decisions").create_index(["annotator", "article_id"])


@migrations()
def m004_sentence_bounds(db: Database) -> None:
    """Store each article's sentence boundaries, computed once, so exports and the reader only look them up."""
    from reader.segment import pack_spans, sentence_spans

    db.table("articles").add_column("sentences", str)
    last = 0
    while rows := db.execute(
        "SELECT rowid, text FROM articles WHERE rowid > ? ORDER BY rowid LIMIT 1000", [last]
    ).fetchall():
        db.conn.executemany(
            "UPDATE articles SET sentences = ? WHERE rowid = ?",
            [(pack_spans(sentence_spans(text)), rowid) for rowid, text in rows],
        )
        last = rows[-1][0]


@migrations()
def m005_review(db: Database) -> None:
    """Create the leads' review decisions: disagreements rejected from gold, per article and review row."""
    db.table("review_decisions").create(
        {"id": str, "article_id": str, "row_key": str, "verdict": str, "lead": str, "ts": str},
        pk="id",
        foreign_keys=[("article_id", "articles", "id")],
        not_null={"article_id", "row_key", "verdict", "lead", "ts"},
    )
    db.table("review_decisions").create_index(["article_id"])


@migrations()
def m006_event_actions(db: Database) -> None:
    """Index events by action id, so undo finds the other events of one action (a link and the claim made for it)."""
    db.table("events").create_index(["target"])


@migrations()
def m007_event_os_user(db: Database) -> None:
    """Record beside each event the OS account that made it, so the log shows who really did what (older events:
    NULL)."""
    db.table("events").add_column("os_user", str)


@migrations()
def m008_verifications(db: Database) -> None:
    """Create verifications: an annotator's verdict, record (JSON) and evidence on one claim; imported records keep
    their file and position."""
    db.table("verifications").create(
        {
            "id": str,
            "claim_id": str,
            "article_id": str,
            "annotator": str,
            "verdict": str,
            "body": str,
            "source": str,
            "position": int,
            "adjudicated_by": str,
            "created_at": str,
            "updated_at": str,
        },
        pk="id",
        foreign_keys=[("article_id", "articles", "id")],
        not_null={"claim_id", "article_id", "annotator", "body", "created_at", "updated_at"},
    )
    db.table("verifications").create_index(["claim_id"])
    db.table("verifications").create_index(["article_id", "annotator"])
    db.table("verifications").create_index(["annotator", "verdict"])


@migrations()
def m009_datasets(db: Database) -> None:
    """Create the table of stored tokens (each article tokenized once, on its first token export), and trim the
    whitespace at the edges of stored claims, the rule every claim now follows, logging each change."""
    from reader.store.trim import trim_stored_claims

    db.table("tokens").create(
        {"article_id": str, "tokenizer": str, "spans": str},
        pk="article_id",
        foreign_keys=[("article_id", "articles", "id")],
        not_null={"tokenizer", "spans"},
    )
    trim_stored_claims(db.conn)


@migrations()
def m010_trust(db: Database) -> None:
    """Trust: every event's time in the one canonical UTC form (so the latest event is the latest in time, not in
    spelling), the OS account another database claimed for a merged event kept beside the one that merged it, and the
    log of changes to the assignment plan."""
    from datetime import UTC, datetime

    from reader.timestamps import EARLIEST, canonical, now

    db.table("events").add_column("claimed_os_user", str)
    stamped = now()
    fixed: list[tuple[str, int]] = []
    for seq, ts in db.execute("SELECT seq, ts FROM events WHERE ts NOT LIKE '____-__-__T__:__:__.______+00:00'"):
        try:
            stamp = canonical(ts)
        except ValueError:
            try:  # the forms older versions let in (basic ISO, week dates, no offset): the same instant
                when = datetime.fromisoformat(ts)
                when = when if when.tzinfo else when.replace(tzinfo=UTC)
                stamp = min(max(when, EARLIEST), datetime.now(UTC)).astimezone(UTC).isoformat(timespec="microseconds")
            except (TypeError, ValueError):
                stamp = EARLIEST.isoformat(timespec="microseconds")  # unreadable: the oldest, so it never wins
        fixed.append((stamp, seq))
    db.conn.executemany("UPDATE events SET ts = ? WHERE seq = ?", fixed)
    db.execute("UPDATE events SET ts = ? WHERE ts > ?", [stamped, stamped])  # ahead of this clock: would always win
    db.execute(
        "CREATE TABLE assignment_log (seq INTEGER PRIMARY KEY AUTOINCREMENT, ts TEXT NOT NULL, os_user TEXT NOT NULL,"
        " annotators TEXT NOT NULL, overlap INTEGER NOT NULL, query TEXT, added TEXT NOT NULL, removed TEXT NOT NULL)"
    )
