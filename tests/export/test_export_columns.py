"""Exporters read named rows: a column a migration adds (and a table rebuilt with its columns in another order) changes
no byte of any format."""

from __future__ import annotations

from dataclasses import fields, make_dataclass
from pathlib import Path

import pytest

import reader.store.exports as streams
from reader.export import FORMATS
from reader.store import Store
from tests.export.helpers import annotate, export


def every_format(db: Path, folder: Path) -> dict[str, bytes]:
    """Export `db` in every format into `folder`; every file written, by its path inside `folder`."""
    folder.mkdir()
    for name, fmt in FORMATS.items():
        target = folder / (f"{name}.spacy" if name == "spacy" else name)
        result = export(db, "--format", name, "-o", str(target))
        assert result.exit_code == 0, (name, result.output)
        assert target.exists() or fmt.needs_path, name
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def test_a_new_column_in_claims_and_articles_changes_no_export(
    seeded: Store, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    annotate(seeded)
    before = every_format(db_path, tmp_path / "before")
    conn = seeded.db.conn
    conn.execute("ALTER TABLE articles ADD COLUMN language TEXT DEFAULT 'en'")
    conn.execute("ALTER TABLE claims ADD COLUMN verdict TEXT DEFAULT 'unverified'")
    columns = [row[1] for row in conn.execute("PRAGMA table_info(claims)")]
    with seeded.write():
        seeded.db.utils["claims"].transform(column_order=["verdict", *reversed(columns[:-1])])
    assert [row[1] for row in conn.execute("PRAGMA table_info(claims)")][:3] == ["verdict", "updated_at", "created_at"]
    seeded.close()
    after = every_format(db_path, tmp_path / "after")
    assert len(before) >= len(FORMATS) + 2  # hf's labels file, brat's folder of files
    assert after == before
    # The store reads the new columns too, first in its rows, as a migration that carries them would make it.
    for row_type, column in ((streams.ClaimRow, "verdict"), (streams.ExportArticle, "language")):
        wider = make_dataclass(row_type.__name__, [column, *(f.name for f in fields(row_type))], slots=True)
        monkeypatch.setattr(streams, row_type.__name__, wider)
    assert every_format(db_path, tmp_path / "read") == before
