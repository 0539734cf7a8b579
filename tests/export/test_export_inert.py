"""What exports write is data, never terminal controls, never the database, and never a forged value: JSON escapes
controls, a target that is the database under any name is refused, and stored answers are checked on the way out."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest

from reader.models import Article, ClaimFields, ImportRecord, article_id_for
from reader.store import Store
from tests.export.helpers import export
from tests.helpers import dump

TEXT = "Officials said 40 people died on Monday in Kyiv."
HOSTILE = "\x9b31m\u202eevil\x7f\ufeff\x1b[?1049h"
RAW = ("\x9b", "\u202e", "\x7f", "\ufeff", "\x1b")


@pytest.fixture
def hostile_db(tmp_path: Path) -> Path:
    """An article whose title and meta hold C1, bidi, DEL, BOM and ESC, with a claim whose note and speaker do too."""
    store = Store(tmp_path / "h.db")
    article_id = article_id_for(TEXT)
    store.imports.add(
        [
            ImportRecord(
                article=Article(id=article_id, title="T" + HOSTILE, text=TEXT, meta={"source": HOSTILE}, words=9)
            )
        ]
    )
    store.claims.create(
        article_id, "ana", 0, 9, ClaimFields(label="EVENT", confidence=3, note=HOSTILE, speaker=HOSTILE)
    )
    store.progress.set_done(article_id, "ana", True)
    store.close()
    return tmp_path / "h.db"


@pytest.mark.parametrize("fmt", ["native", "claims", "prodigy", "doccano", "averitec"])
def test_json_formats_escape_terminal_controls_on_stdout_and_in_files(
    hostile_db: Path, tmp_path: Path, fmt: str
) -> None:
    every = ["--unverified"] if fmt == "averitec" else []  # the claim has no verdict yet
    shown = export(hostile_db, "--format", fmt, *every, "-o", "-").stdout_bytes
    written = tmp_path / "out.json"
    assert export(hostile_db, "--format", fmt, *every, "-o", str(written)).exit_code == 0
    for data in (shown, written.read_bytes()):
        text = data.decode("utf-8")
        assert not [c for c in RAW if c in text], fmt
        assert "\\u009b31m\\u202eevil\\u007f\\ufeff\\u001b[?1049h" in text
        records = (
            [json.loads(line) for line in text.splitlines() if line.strip()]
            if fmt != "averitec"
            else [json.loads(text)]
        )
        assert HOSTILE in strings(records), "the same data for a parser"


def strings(value: object) -> set[str]:
    """Every string in a parsed JSON value, at any depth."""
    if isinstance(value, str):
        return {value}
    if isinstance(value, dict):
        return set().union(*map(strings, value.values())) if value else set()
    if isinstance(value, list):
        return set().union(*map(strings, value)) if value else set()
    return set()


@pytest.mark.parametrize("link", ["hard", "symbolic"])
def test_export_onto_the_database_under_another_name_is_refused(hostile_db: Path, tmp_path: Path, link: str) -> None:
    other = tmp_path / "innocent.jsonl"
    (os.link if link == "hard" else os.symlink)(hostile_db, other)
    before = dump(hostile_db)
    result = export(hostile_db, "--format", "native", "-o", str(other))
    assert result.exit_code == 1
    assert result.stderr == (
        f"claim-reader: error: {other}: is the database file {hostile_db}; choose another -o (nothing was written)\n"
    )
    assert dump(hostile_db) == before


def forge_answer(db: Path, meta: object) -> None:
    conn = sqlite3.connect(db)
    conn.execute("UPDATE progress SET meta = ? WHERE annotator = 'ana'", [json.dumps(meta)])
    conn.commit()
    conn.close()


def test_a_pattern_s_provenance_never_overrides_a_span_s_label_or_text(hostile_db: Path) -> None:
    forge_answer(hostile_db, {"span_sources": [[0, 9, "EVENT", {"source": "rules"}]]})
    conn = sqlite3.connect(hostile_db)
    conn.execute(
        "UPDATE progress SET meta = json_set(meta, '$.span_sources[0][3].label', 'NOPE',"
        " '$.span_sources[0][3].text', 'forged') WHERE annotator = 'ana'"
    )
    conn.commit()
    conn.close()
    result = export(hostile_db, "--format", "prodigy", "-o", "-")
    assert result.exit_code == 0
    assert "invalid stored value(s) left out" in result.stderr
    [task] = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(s["label"], s["text"]) for s in task["spans"]] == [("EVENT", TEXT[:9])]


@pytest.mark.parametrize(
    "meta",
    [[1], {"answer": "maybe"}, {"spans": [{"start": 0, "end": 9999, "label": "X"}]}],
    ids=["list", "answer", "span"],
)
def test_an_invalid_stored_answer_is_reported_not_exported_and_never_a_traceback(
    hostile_db: Path, meta: object
) -> None:
    forge_answer(hostile_db, meta)
    result = export(hostile_db, "--format", "prodigy", "-o", "-")
    assert result.exit_code == 0 and "Traceback" not in result.stderr
    assert f"1 invalid stored value(s) left out: {article_id_for(TEXT)}/ana: " in result.stderr
    [task] = [json.loads(line) for line in result.stdout.splitlines()]
    assert task["answer"] == "accept" and [s["label"] for s in task["spans"]] == ["EVENT"]
