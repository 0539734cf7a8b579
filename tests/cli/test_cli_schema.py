"""`claim-reader schema` and schema files as leads edit them: the schema in force printed as TOML that reads back to
itself, files that change only what they name, and a change that blanks or drops anything shown and refused without
--yes."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.cli import cli
from reader.identity import os_user
from reader.schema import DEFAULT_SCHEMA, Schema
from reader.schema_file import SchemaFile, read_schema_file, to_toml
from reader.store import Store
from reader.text import TERMINAL_CONTROLS
from tests.helpers import dump

NAMES_AND_KEYS = "".join(f'[[labels]]\nname = "{label.name}"\nkey = "{label.key}"\n' for label in DEFAULT_SCHEMA.labels)


@pytest.fixture
def db(runner: CliRunner, tmp_path: Path) -> Path:
    """A database in use: the seeds and the default schema stored."""
    assert runner.invoke(cli, ["articles"]).exit_code == 0
    return tmp_path / "annotations.db"


def stored(db: Path) -> Schema:
    with Store(db) as store:
        return store.schema


def write(tmp_path: Path, text: str, name: str = "s.toml") -> Path:
    (tmp_path / name).write_text(text)
    return tmp_path / name


# -- printing -------------------------------------------------------------------------------------------------------


def test_schema_prints_the_schema_in_force_as_toml_that_reads_back_to_it(runner: CliRunner, db: Path) -> None:
    result = runner.invoke(cli, ["schema"])
    assert result.exit_code == 0, result.output
    assert "annotations.db" in result.output.splitlines()[0]
    assert Schema.model_validate(tomllib.loads(result.output)) == DEFAULT_SCHEMA
    (db.parent / "printed.toml").write_text(result.output)
    assert read_schema_file(db.parent / "printed.toml").over(DEFAULT_SCHEMA) == DEFAULT_SCHEMA


text_strategy = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30)


@settings(max_examples=60, deadline=None)
@given(definition=text_strategy, lead=text_strategy.filter(bool))
def test_any_definition_and_lead_survive_the_round_trip_and_print_inert(definition: str, lead: str) -> None:
    schema = DEFAULT_SCHEMA.model_copy(
        update={
            "leads": [lead],
            "labels": [DEFAULT_SCHEMA.labels[0].model_copy(update={"definition": definition})],
        }
    )
    text = to_toml(schema, Path("x.db"))
    assert not any(ord(ch) in TERMINAL_CONTROLS - {0x0A} for ch in text)
    assert SchemaFile(Path("x.toml"), tomllib.loads(text)).over(DEFAULT_SCHEMA) == schema


# -- partial files --------------------------------------------------------------------------------------------------


def test_labels_given_as_names_and_keys_keep_their_definitions_and_colours(
    runner: CliRunner, db: Path, tmp_path: Path
) -> None:
    path = write(tmp_path, f'leads = ["carol", "{os_user()}"]\n{NAMES_AND_KEYS}')
    result = runner.invoke(cli, ["--schema", str(path), "articles"])
    assert result.exit_code == 0, result.output
    schema = stored(db)
    assert schema.leads == ["carol", os_user()]
    assert schema.labels == DEFAULT_SCHEMA.labels  # definitions and colours as they were, not ""


def test_a_file_with_only_leads_keeps_every_label(runner: CliRunner, db: Path, tmp_path: Path) -> None:
    path = write(tmp_path, f'leads = ["{os_user()}"]\n')
    assert runner.invoke(cli, ["--schema", str(path), "articles"]).exit_code == 0
    assert stored(db) == DEFAULT_SCHEMA.model_copy(update={"leads": [os_user()]})


def test_a_new_label_gets_a_free_colour_and_a_new_level_keeps_the_scale_valid(tmp_path: Path) -> None:
    path = write(tmp_path, '[[labels]]\nname = "EVENT"\nkey = "1"\n[[labels]]\nname = "NEW"\nkey = "2"\n')
    schema = read_schema_file(path).over(DEFAULT_SCHEMA)
    assert schema.labels[0] == DEFAULT_SCHEMA.labels[0]
    assert schema.labels[1].color not in {schema.labels[0].color} and schema.labels[1].definition == ""
    levels = write(tmp_path, '[[confidence]]\nvalue = 1\nname = "low"\nkey = "1"\n', "l.toml")
    assert read_schema_file(levels).over(DEFAULT_SCHEMA).default_confidence == 1  # 3 is gone: the most sure one


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('lead = ["carol"]\n', "the schema: unknown key 'lead'"),
        ('[[labels]]\nname = "EVENT"\ndefinitoin = "x"\n', "[[labels]] number 1: unknown key 'definitoin'"),
        ('labels = "EVENT"\n', "labels: must be an array of tables"),
        ('[[labels]]\nname = "NEW"\n', "labels.0.key: Field required"),
    ],
)
def test_a_wrong_file_is_one_line_and_changes_nothing(
    runner: CliRunner, db: Path, tmp_path: Path, text: str, message: str
) -> None:
    path = write(tmp_path, text)
    before = dump(db)
    result = runner.invoke(cli, ["--schema", str(path), "articles"])
    assert result.exit_code == 1
    [line] = result.output.strip().splitlines()
    assert line.startswith(f"claim-reader: error: {path}: {message}")
    assert dump(db) == before


# -- changes that lose something ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lost"),
    [
        (NAMES_AND_KEYS.replace('key = "2"\n', 'key = "2"\ndefinition = ""\n'), "blanks the definition of QUANTITY"),
        (NAMES_AND_KEYS.rsplit("[[labels]]", 1)[0], "drops the label OTHER"),
        ('flags = ["hedged"]\n', "drops the flag checkworthy"),
        ('leads = ["carol"]\n', "leaves you"),
    ],
)
def test_a_change_that_blanks_or_drops_is_shown_and_refused_without_yes(
    runner: CliRunner, db: Path, tmp_path: Path, text: str, lost: str
) -> None:
    path = write(tmp_path, text)
    before = dump(db)
    if lost == "leaves you":  # make this account (root, in the suite) a lead first
        me = write(tmp_path, f'leads = ["{os_user()}"]\n', "me.toml")
        assert runner.invoke(cli, ["--schema", str(me), "articles"]).exit_code == 0
        before = dump(db)
    result = runner.invoke(cli, ["--schema", str(path), "articles"])
    assert result.exit_code == 1
    assert dump(db) == before
    assert "--- schema in force" in result.stderr and f"this schema {lost}" in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith(f"claim-reader: error: {path}: this schema")
    assert "add --yes" in result.stderr.splitlines()[-1]
    applied = runner.invoke(cli, ["--schema", str(path), "--yes", "articles"])
    assert applied.exit_code == 0, applied.output
    assert dump(db) != before


def test_a_new_database_has_nothing_to_lose(runner: CliRunner, tmp_path: Path) -> None:
    path = write(tmp_path, '[[labels]]\nname = "CHECKWORTHY"\nkey = "1"\n')
    assert runner.invoke(cli, ["--db", "new.db", "--schema", str(path), "articles"]).exit_code == 0
    assert stored(tmp_path / "new.db").label_names == ["CHECKWORTHY"]


def test_diff_shows_what_a_file_would_change_and_changes_nothing(runner: CliRunner, db: Path, tmp_path: Path) -> None:
    path = write(tmp_path, NAMES_AND_KEYS.replace('key = "2"\n', 'key = "2"\ndefinition = ""\n'))
    before = dump(db)
    result = runner.invoke(cli, ["schema", "--diff", str(path)])
    assert result.exit_code == 0, result.output
    assert dump(db) == before
    lines = result.output.splitlines()
    assert f"-definition = {DEFAULT_SCHEMA.labels[1].definition!r}".replace("'", '"') in lines
    assert '+definition = ""' in lines
    assert lines[-1] == f"{path} blanks the definition of QUANTITY: applying it needs --yes"
    same = write(tmp_path, "leads = []\n", "same.toml")
    assert (
        runner.invoke(cli, ["schema", "--diff", str(same)])
        .output.strip()
        .endswith("no change: the file gives the schema in force")
    )
