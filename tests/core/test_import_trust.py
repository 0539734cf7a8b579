"""Import takes no file's word for whose work it is: ids, names, answers and times are checked, and a claim whose id
someone else took is still its owner's."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from reader.errors import InputError
from reader.ingest import import_paths
from reader.models import derived_claim_id
from reader.schema import DEFAULT_SCHEMA
from reader.store import Store
from tests.helpers import dump

TEXT = "Officials said 40 people died on Monday in Kyiv."


def jsonl(path: Path, *lines: dict[str, object]) -> Path:
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return path


def native(article_text: str, *spans: dict[str, object], done_by: list[str] | None = None) -> dict[str, object]:
    """One line of a native export."""
    return {
        "text": article_text,
        "offset_unit": "codepoint",
        "meta": {},
        "spans": list(spans),
        "done_by": done_by or [],
    }


def span(annotator: str, **extra: object) -> dict[str, object]:
    return {"start": 0, "end": 9, "label": "EVENT", "annotator": annotator, **extra}


def test_a_colleague_s_next_id_taken_first_does_not_cost_them_their_claim(store: Store, tmp_path: Path) -> None:
    """Mallory computes the id ana's span will derive and takes it with a native line of her own; ana's import still
    gives ana her claim (the next id derived from the same content), marked done."""
    from reader.models import article_id_for

    taken = derived_claim_id(article_id_for(TEXT), "ana", 0, 9, "EVENT")
    import_paths(store, [str(jsonl(tmp_path / "m.jsonl", native(TEXT, span("mallory", id=taken))))], "auto", "x")
    line = {"text": TEXT, "spans": [{"start": 0, "end": 9, "label": "EVENT"}], "answer": "accept"}
    summary = import_paths(store, [str(jsonl(tmp_path / "a.jsonl", line))], "auto", "ana")
    assert summary.spans == 1 and summary.differing == 0
    [claim] = store.claims.of_article(article_id_for(TEXT), ["ana"])
    assert claim.id == derived_claim_id(article_id_for(TEXT), "ana", 0, 9, "EVENT", 2)
    assert store.progress.is_done(article_id_for(TEXT), "ana")
    again = import_paths(store, [str(tmp_path / "a.jsonl")], "auto", "ana")
    assert again.spans == 0 and again.differing == 0, "importing it again adds nothing"


def test_an_explicit_id_another_annotator_holds_is_refused(store: Store, tmp_path: Path) -> None:
    import_paths(store, [str(jsonl(tmp_path / "a.jsonl", native(TEXT, span("ana", id="c0ffee"))))], "auto", "x")
    before = dump(store.path)
    path = jsonl(tmp_path / "m.jsonl", {"text": "Other text."}, native(TEXT, span("mallory", id="c0ffee", end=12)))
    with pytest.raises(InputError) as caught:
        import_paths(store, [str(path)], "auto", "x")
    assert str(caught.value) == (
        f"{path}:2: claim c0ffee is ana's in this database; a file cannot give one of mallory's claims that id"
        " (nothing was imported)"
    )
    assert dump(store.path) == before


@pytest.mark.parametrize(
    "line",
    [
        {"text": TEXT, "_annotator_id": "ben", "spans": [{"start": 0, "end": 9, "label": "EVENT"}]},
        native(TEXT, span("ben")),
        native(TEXT, done_by=["ben"]),
    ],
    ids=["prodigy-annotator", "native-span", "native-done-by"],
)
def test_a_line_in_another_s_name_is_for_leads_once_leads_are_named(
    store: Store, tmp_path: Path, as_user, line: dict[str, object]
) -> None:
    store.use_schema(DEFAULT_SCHEMA.model_copy(update={"leads": ["lead"]}))
    path = jsonl(tmp_path / "in.jsonl", line)
    as_user("ana")
    before = dump(store.path)
    with pytest.raises(InputError, match=rf"^{path}:1: the line's annotator ben: you are ana, and only leads \(lead\)"):
        import_paths(store, [str(path)], "auto", "ana")
    assert dump(store.path) == before
    as_user("lead")
    import_paths(store, [str(path)], "auto", "lead")
    assert any(e.annotator == "ben" for e in store.history.events())


def test_an_imported_answer_travels_in_its_done_event(store: Store, tmp_path: Path) -> None:
    line = {"text": TEXT, "answer": "reject", "_input_hash": 7, "spans": [{"start": 0, "end": 9, "label": "X"}]}
    import_paths(store, [str(jsonl(tmp_path / "in.jsonl", line))], "auto", "ana")
    [event] = [e for e in store.history.events() if e.annotator == "ana"]
    assert event.kind == "undone" and event.after == {
        "done": False,
        "meta": {"answer": "reject", "_input_hash": 7, "spans": [{"start": 0, "end": 9, "label": "X"}]},
    }


def test_a_prodigy_timestamp_becomes_the_canonical_form(store: Store, tmp_path: Path) -> None:
    line = {
        "text": TEXT,
        "answer": "accept",
        "_timestamp": 1700000000,
        "spans": [{"start": 0, "end": 9, "label": "EVENT"}],
    }
    import_paths(store, [str(jsonl(tmp_path / "in.jsonl", line))], "auto", "ana")
    [claim] = [c for a in store.articles.ids() for c in store.claims.of_article(a, ["ana"])]
    assert claim.created_at == "2023-11-14T22:13:20.000000+00:00"


def test_a_native_time_with_an_offset_is_stored_in_utc(store: Store, tmp_path: Path) -> None:
    line = native(TEXT, span("ana", created_at="2024-11-24T23:33:00+01:00", updated_at="2024-11-24T22:40:00Z"))
    import_paths(store, [str(jsonl(tmp_path / "in.jsonl", line))], "auto", "ana")
    [claim] = [c for a in store.articles.ids() for c in store.claims.of_article(a, ["ana"])]
    assert (claim.created_at, claim.updated_at) == (
        "2024-11-24T22:33:00.000000+00:00",
        "2024-11-24T22:40:00.000000+00:00",
    )


def test_a_csv_article_longer_than_the_csv_module_s_default_field_is_imported(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["title", "text"])
        writer.writerow(["short", "A short one.\nOn two lines."])
        writer.writerow(["long", "word " * 60_000])
    summary = import_paths(store, [str(path)], "auto", "x")
    assert summary.added == 2
    lines = {a.title: a.source_line for a in (store.articles.get(i) for i in store.articles.ids())}
    assert lines == {"short": 2, "long": 4}, "each article names the line its row starts on"
