"""Shared fixtures: temporary databases, the bundled seeds and the peer data files."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from reader.schema import load_schema
from reader.seeds import import_seeds
from reader.store import Store
from tests.helpers import FIXTURES


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A path for a database that does not exist yet."""
    return tmp_path / "annotations.db"


@pytest.fixture
def store(db_path: Path) -> Store:
    """An empty store with the default schema."""
    s = Store(db_path)
    yield s
    s.close()


@pytest.fixture
def seeded(store: Store) -> Store:
    """A store holding the five bundled seed articles."""
    import_seeds(store)
    return store


@pytest.fixture
def fashion_schema():
    """The schema of the Prodigy fashion-brands sample."""
    return load_schema(FIXTURES / "fashion.toml")


@pytest.fixture
def as_user(monkeypatch: pytest.MonkeyPatch):
    """Make this process seem to run as another OS account (the suite runs as root): as_user("carol")."""
    from reader import identity

    def become(name: str) -> None:
        monkeypatch.setattr(identity, "os_user", lambda: name)

    return become


@pytest.fixture(scope="session")
def seeded_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database holding the seeds in one file (rollback journal, no WAL beside it), for tests to copy, never to
    open."""
    path = tmp_path_factory.mktemp("seeded") / "seeded.db"
    store = Store(path)
    import_seeds(store)
    store.close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    return path


@pytest.fixture
def runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    """A click runner in an empty folder with no database or annotator from the environment, as a new user starts."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CLAIM_READER_DB", raising=False)
    monkeypatch.delenv("CLAIM_READER_ANNOTATOR", raising=False)
    return CliRunner()
