"""Inputs a hostile or careless user gives the commands: each is one line on stderr, the right exit code, the db
unchanged."""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from reader.store import Store
from tests.helpers import claim_reader, dump

LABEL = '[[labels]]\nname = "{name}"\nkey = "{key}"\ndefinition = "d"\n'


def symlink_loop_folder(tmp: Path) -> list[str]:
    """A folder whose only entry is a link to itself."""
    (tmp / "loop").mkdir()
    (tmp / "loop" / "self").symlink_to("../loop")
    return ["import", str(tmp / "loop")]


def symlink_loop_file(tmp: Path) -> list[str]:
    """Two links pointing at each other, given as a file."""
    (tmp / "a.txt").symlink_to(tmp / "b.txt")
    (tmp / "b.txt").symlink_to(tmp / "a.txt")
    return ["import", str(tmp / "a.txt")]


def dangling_link(tmp: Path) -> list[str]:
    """A link to a file that does not exist."""
    (tmp / "gone.txt").symlink_to(tmp / "deleted.txt")
    return ["import", str(tmp / "gone.txt")]


def file_with(name: str, content: bytes) -> Callable[[Path], list[str]]:
    """A case importing one file holding `content`."""

    def case(tmp: Path) -> list[str]:
        (tmp / name).write_bytes(content)
        return ["import", str(tmp / name)]

    return case


def fifo(make_args: Callable[[Path], list[str]]) -> Callable[[Path], list[str]]:
    """A case whose argument is a named pipe nobody writes to (reading it would block forever)."""

    def case(tmp: Path) -> list[str]:
        os.mkfifo(tmp / "pipe")
        return make_args(tmp / "pipe")

    return case


def null_device(tmp: Path) -> Path:
    """A null character device made in the test's folder, never the system's /dev/null, which a regression would
    replace."""
    try:
        os.mknod(tmp / "null", 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("making a device node needs root")
    return tmp / "null"


def schema_case(toml: str) -> Callable[[Path], list[str]]:
    """A case listing the articles under a --schema file holding `toml`."""

    def case(tmp: Path) -> list[str]:
        (tmp / "schema.toml").write_text(toml)
        return ["--schema", str(tmp / "schema.toml"), "articles"]

    return case


def huge_line(tmp: Path) -> list[str]:
    """One JSONL line of 50 MB: a single "article" far beyond any news article."""
    (tmp / "huge.jsonl").write_bytes(b'{"text": "' + b"word " * 10_000_000 + b'"}\n')
    return ["import", str(tmp / "huge.jsonl")]


def jsonl_line(**task: object) -> Callable[[Path], list[str]]:
    """A case importing one JSONL line holding `task` (after a first good line, so the line number counts)."""
    import json

    return file_with(
        "in.jsonl", (json.dumps({"text": "A first, fine article."}) + "\n" + json.dumps(task) + "\n").encode()
    )


def native_line(**span: object) -> Callable[[Path], list[str]]:
    """A case importing one native line whose only span has these fields (beside a valid start, end and label)."""
    text = "Officials said 40 people died on Monday."
    return jsonl_line(
        text=text,
        offset_unit="codepoint",
        meta={},
        spans=[{"start": 0, "end": 9, "label": "EVENT", "annotator": "ana", **span}],
    )


def database_file(suffix: str) -> Callable[[Path], list[str]]:
    """A case exporting onto the database itself (or the file beside it with this suffix), as a typo would."""

    def case(tmp: Path) -> list[str]:
        db = tmp.parent / "db" / "annotations.db"
        Path(f"{db}{suffix}").touch()
        return ["export", "--format", "native", "-o", f"{db}{suffix}"]

    return case


CASES: dict[str, tuple[Callable[[Path], list[str]], int, str]] = {
    "import-folder-symlink-loop": (symlink_loop_folder, 1, "loop: no file to import in this folder"),
    "import-file-symlink-loop": (symlink_loop_file, 1, "a.txt: a loop of symbolic links"),
    "import-dangling-symlink": (dangling_link, 1, "gone.txt: a symbolic link to nothing (its target does not exist)"),
    "import-empty-folder": (lambda tmp: ["import", str(tmp)], 1, ": no file to import in this folder"),
    "import-binary-as-jsonl": (
        file_with("bin.jsonl", b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 8),
        1,
        "bin.jsonl: binary file (contains NUL bytes), not text",
    ),
    "import-jsonl-array": (
        file_with("arr.jsonl", b"[1, 2, 3]\n"),
        1,
        "arr.jsonl:1: a JSON object is expected, not an array",
    ),
    "import-jsonl-number": (
        file_with("num.jsonl", b'{"text": "Fine."}\n42\n'),
        1,
        "num.jsonl:2: a JSON object is expected, not a number",
    ),
    "import-invalid-utf8": (
        file_with("bad.jsonl", b'{"text": "ok"}\n{"text": "caf\xe9"}\n'),
        1,
        "bad.jsonl:2: invalid UTF-8 (byte 0xe9)",
    ),
    "import-huge-line": (
        huge_line,
        1,
        "huge.jsonl:1: the article text is 49,999,999 characters, more than the 1,000,000 one article may hold",
    ),
    "import-fifo": (fifo(lambda pipe: ["import", str(pipe)]), 1, "pipe: not a regular file (a pipe, device or socket)"),
    "import-device": (lambda tmp: ["import", "/dev/zero"], 1, "/dev/zero: not a regular file"),
    "schema-duplicate-toml-key": (
        schema_case(LABEL.format(name="A", key="a") + 'key = "b"\n'),
        1,
        "schema.toml: invalid TOML: Cannot overwrite a value",
    ),
    "schema-duplicate-label": (
        schema_case(LABEL.format(name="A", key="a") + LABEL.format(name="A", key="b")),
        1,
        "schema.toml: schema: Value error, duplicate label name: A",
    ),
    "schema-duplicate-label-key": (
        schema_case(LABEL.format(name="A", key="a") + LABEL.format(name="B", key="a")),
        1,
        "schema.toml: schema: Value error, duplicate label key: a",
    ),
    "schema-fifo": (
        fifo(lambda pipe: ["--schema", str(pipe), "articles"]),
        1,
        "pipe: not a regular file (a pipe, device or socket)",
    ),
    "merge-fifo": (fifo(lambda pipe: ["merge", str(pipe)]), 1, "pipe: not a regular file (a pipe, device or socket)"),
    "backup-to-fifo": (
        fifo(lambda pipe: ["backup", str(pipe)]),
        1,
        "pipe: not a regular file (a pipe, device or socket)",
    ),
    "backup-to-device": (lambda tmp: ["backup", "--force", str(null_device(tmp))], 1, "null: not a regular file"),
    **{
        f"import-prodigy-timestamp-{stamp}": (
            jsonl_line(text="Officials said so.", _timestamp=value, answer="accept", spans=[]),
            1,
            "in.jsonl:2: ",
        )
        for stamp, value in (("1e20", 1e20), ("minus-1e15", -1e15), ("10-to-30", 10**30))
    },
    "import-tokens-past-a-normalized-text": (
        jsonl_line(text="Fine text.\r\nMore.", tokens=[{"start": 0, "end": 4}, {"start": 5, "end": 99}]),
        1,
        "in.jsonl:2: token [5, 99] is not a [start, end] pair inside the text (length 17)",
    ),
    "import-dateline-february-30": (
        file_with("feb.txt", b"Title\nFebruary 30, 2024\n\nOfficials said so.\n"),
        1,
        "feb.txt:2: dateline 'February 30, 2024' is not a real date and time",
    ),
    "import-dateline-hour-24": (
        file_with("hour.txt", b"Title\n\nJune 5, 2024 24:10\nOfficials said so.\n"),
        1,
        "hour.txt:3: dateline 'June 5, 2024 24:10' is not a real date and time",
    ),
    "import-native-done-by-a-string": (
        jsonl_line(text="Officials said so.", offset_unit="codepoint", done_by="abc"),
        1,
        'in.jsonl:2: "done_by" must be a list of annotator names, not a string',
    ),
    "import-native-created-at-not-a-time": (
        native_line(created_at="not a time"),
        1,
        "in.jsonl:2: timestamp 'not a time' is not an ISO 8601 time",
    ),
    "import-native-created-at-basic-iso": (
        native_line(created_at="20260101T000000+0000"),
        1,
        "in.jsonl:2: timestamp '20260101T000000+0000' is not an ISO 8601 time",
    ),
    "import-native-confidence-true": (
        native_line(confidence=True),
        1,
        "in.jsonl:2: confidence True is not on the scale [1, 2, 3]",
    ),
    "import-annotator-an-object": (
        jsonl_line(text="Officials said so.", _annotator_id={"a": 1}, spans=[{"start": 0, "end": 9, "label": "EVENT"}]),
        1,
        "in.jsonl:2: annotator {'a': 1} is not a name",
    ),
    "import-native-flag-a-string": (
        native_line(checkworthy="yes"),
        1,
        "in.jsonl:2: span 0-9: checkworthy 'yes' must be true/false",
    ),
    "import-prodigy-hash-a-string": (
        jsonl_line(text="Officials said so.", answer="accept", _input_hash="x", spans=[]),
        1,
        "in.jsonl:2: _input_hash 'x' is not a valid value for it",
    ),
    "import-csv-extra-fields": (
        file_with("extra.csv", b"title,text\na,One.\nb,Two.,lost\n"),
        1,
        "extra.csv:3: 3 fields, but the header names 2 columns",
    ),
    "import-csv-duplicate-text-column": (
        file_with("dup.csv", b"text,title,text\nOne.,a,Two.\n"),
        1,
        "dup.csv:1: the header names column 'text' more than once",
    ),
    "import-csv-empty-text-after-a-multiline-row": (
        file_with("multi.csv", b'title,text\na,"Line one\nline two"\nb,\n'),
        1,
        "multi.csv:4: empty text",
    ),
    "import-an-empty-path": (lambda tmp: ["import", ""], 1, "'': an empty path (is a variable unset?)"),
    **{
        f"export-onto-the-database{suffix or ''}": (
            database_file(suffix),
            1,
            f"annotations.db{suffix}: is the database file",
        )
        for suffix in ("", "-wal", "-shm", "-lock")
    },
    "export-min-confidence-huge": (
        lambda tmp: ["export", "--format", "claims", "--min-confidence", "99999999999999999999"],
        2,
        "--min-confidence: 99999999999999999999 is off the confidence scale (1, 2, 3)",
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_a_hostile_input_is_one_line_and_changes_nothing(seeded_file: Path, tmp_path: Path, case: str) -> None:
    make_args, code, expected = CASES[case]
    db = tmp_path / "db" / "annotations.db"
    db.parent.mkdir()
    db.write_bytes(seeded_file.read_bytes())
    Store(db).close()  # in WAL mode, as claim-reader keeps it, so any change to the file would be a real write
    before, content = dump(db), db.read_bytes()
    inputs = tmp_path / "in"
    inputs.mkdir()
    result = claim_reader("--db", str(db), *make_args(inputs))
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr
    if code == 2:  # a usage error: click's usage lines, then one line saying what is wrong
        assert result.stderr.strip().splitlines()[-1].endswith(expected), result.stderr
    else:
        [line] = result.stderr.strip().splitlines()
        assert line.startswith("claim-reader: error: ") and expected in line, line
    assert dump(db) == before
    assert db.read_bytes() == content
    assert not (inputs / "pipe").exists() or (inputs / "pipe").is_fifo()
    assert not (inputs / "null").exists() or (inputs / "null").is_char_device()


def foreign_sqlite(db: Path) -> str:
    """Another program's SQLite database (a browser history, say)."""
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
    conn.execute("INSERT INTO moz_places (url) VALUES ('https://example.org')")
    conn.commit()
    conn.close()
    return f"{db}: an SQLite database of another program (tables moz_places), not a claim-reader database"


def symlink_loop(db: Path) -> str:
    """--db names one of two links pointing at each other."""
    db.symlink_to(db.with_name("other.db"))
    db.with_name("other.db").symlink_to(db)
    return f"{db}: a loop of symbolic links"


def pipe(db: Path) -> str:
    """--db names a named pipe."""
    os.mkfifo(db)
    return f"{db}: not a regular file (a pipe, device or socket)"


def pipe_as_lock(db: Path) -> str:
    """A sound database whose writers' lock file someone replaced by a named pipe (opening it used to block forever)."""
    Store(db).close()
    Path(f"{db}-lock").unlink()
    os.mkfifo(f"{db}-lock")
    return f"{db}-lock: not a regular file (a pipe, device or socket); remove it"


@pytest.mark.parametrize("make", [foreign_sqlite, symlink_loop, pipe, pipe_as_lock])
@pytest.mark.parametrize("command", [["articles"], ["import", "{tmp}/a.txt"]])
def test_a_db_that_is_not_a_claim_reader_file_is_refused_untouched(
    tmp_path: Path, make: Callable[[Path], str], command: list[str]
) -> None:
    db = tmp_path / "annotations.db"
    expected = make(db)
    (tmp_path / "a.txt").write_text("An article.\nIt has 2 lines.\n")
    before = sorted(
        (p.name, p.read_bytes() if p.is_file() and not p.is_symlink() else None) for p in tmp_path.iterdir()
    )
    result = claim_reader("--db", str(db), *[arg.format(tmp=tmp_path) for arg in command])
    assert result.returncode == 1, result.stderr
    assert result.stderr.strip() == f"claim-reader: error: {expected}"
    assert (
        sorted((p.name, p.read_bytes() if p.is_file() and not p.is_symlink() else None) for p in tmp_path.iterdir())
        == before
    )


def test_a_db_that_is_a_folder_is_a_usage_error(tmp_path: Path) -> None:
    db = tmp_path / "annotations.db"
    db.mkdir()
    result = claim_reader("--db", str(db), "articles")
    assert result.returncode == 2
    assert "Invalid value for '--db'" in result.stderr and "is a directory" in result.stderr
    assert "Traceback" not in result.stderr
    assert not any(db.iterdir())


def test_a_folder_with_a_symlink_loop_imports_each_file_once(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("An article in a loop.\nIt has 2 lines.\n")
    (folder / "self").symlink_to("../in")
    (folder / "here").symlink_to(".")
    result = claim_reader("--db", str(tmp_path / "a.db"), "import", str(folder))
    assert result.returncode == 0, result.stderr
    assert len(Store(tmp_path / "a.db").articles.ids()) == 1


@pytest.mark.parametrize(
    ("stored", "problem"),
    [
        ("{bad", "schema: Invalid JSON"),
        ('{"labels": 5}', "labels: Input should be a valid array"),
    ],
)
def test_a_hand_edited_stored_schema_is_one_line(seeded_file: Path, tmp_path: Path, stored: str, problem: str) -> None:
    db = tmp_path / "annotations.db"
    db.write_bytes(seeded_file.read_bytes())
    conn = sqlite3.connect(db)
    conn.execute("UPDATE settings SET value = ? WHERE key = 'schema'", [stored])
    conn.commit()
    conn.close()
    Store(db).close()
    before = db.read_bytes()
    for command in (["stats"], ["import", str(tmp_path / "a.txt")]):
        (tmp_path / "a.txt").write_text("An article.\nIt has 2 lines.\n")
        result = claim_reader("--db", str(db), *command)
        assert result.returncode == 1, result.stderr
        [line] = result.stderr.strip().splitlines()
        assert line.startswith(f"claim-reader: error: {db}: the stored label schema is unreadable ({problem}"), line
        assert db.read_bytes() == before


def test_malformed_json_stored_in_a_hand_edited_database_is_one_line(seeded: Store) -> None:
    from click.testing import CliRunner

    from reader.cli import cli
    from reader.models import ClaimFields

    seeded.claims.create(seeded.articles.ids()[0], "ana", 0, 8, ClaimFields(label="EVENT", confidence=2))
    seeded.db.conn.execute("UPDATE events SET after = '{bad' WHERE claim_id IS NOT NULL")
    before = dump(seeded.path)
    result = CliRunner().invoke(cli, ["--db", str(seeded.path), "check"])
    assert result.exit_code == 1
    [line] = result.output.strip().splitlines()
    assert line.startswith(f"claim-reader: error: {seeded.path}: a value stored in the database is not valid JSON ("), (
        line
    )
    assert line.endswith("); was it edited by hand?"), line
    assert dump(seeded.path) == before


@pytest.mark.parametrize("suffix", ["-wal", "-shm", "-journal", "-lock"])
def test_a_database_named_as_another_s_side_file_is_refused(seeded_file: Path, tmp_path: Path, suffix: str) -> None:
    """`--db annotations.db-wal` (a typo, a completion) would make a database that SQLite takes for the other's WAL
    file and deletes, with what was imported into it, the next time the real database is opened."""
    db = tmp_path / "annotations.db"
    db.write_bytes(seeded_file.read_bytes())
    Store(db).close()
    before = dump(db)
    (tmp_path / "a.txt").write_text("Title\n\nOfficials said so.\n")
    side = Path(f"{db}{suffix}")
    existed = side.exists()
    result = claim_reader("--db", str(side), "import", str(tmp_path / "a.txt"))
    assert result.returncode == 1, result.stderr
    assert result.stderr == (
        f"claim-reader: error: {side}: is the {suffix[1:]} file of the database {db}; name the database itself\n"
    )
    assert side.exists() == existed and not Path(f"{side}-lock").exists()
    assert dump(db) == before
