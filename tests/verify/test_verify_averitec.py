"""AVeriTeC in and out: its own file shape imported whole (every field, key presence, position) and exported equal
on every field, the records that share a claim text each with its own verification; bad records refused in a line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.identity import GOLD
from reader.models import ClaimFields
from reader.store import Store
from tests.export.helpers import export, import_file
from tests.helpers import dump
from tests.verify.helpers import SAMPLE, sample, sentence_claim, verify, write


@pytest.fixture
def imported(db_path: Path) -> Store:
    """A database holding the AVeriTeC sample, imported by `tester`."""
    result = import_file(db_path, SAMPLE)
    assert result.exit_code == 0, result.output
    store = Store(db_path)
    yield store
    store.close()


def averitec(db: Path, *args: str) -> list[dict]:
    """The records `export --format averitec` writes."""
    result = export(db, "--format", "averitec", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout_bytes)


def test_the_sample_comes_back_equal_on_every_field_in_its_order(imported: Store, db_path: Path) -> None:
    original = sample()
    exported = averitec(db_path)
    assert exported == original
    assert [list(record) for record in exported] == [list(record) for record in original]  # absent keys stay absent
    for mine, theirs in zip(exported, original, strict=True):
        for question, kept in zip(mine["questions"], theirs["questions"], strict=True):
            assert [list(answer) for answer in question["answers"]] == [list(answer) for answer in kept["answers"]]


def test_records_that_share_a_claim_text_verify_one_claim_each_with_its_own_record(imported: Store) -> None:
    original = sample()
    assert original[0]["claim"] == original[6]["claim"] and original[0]["label"] != original[6]["label"]
    article_id = next(a for a in imported.articles.ids() if imported.articles.get(a).text == original[0]["claim"])
    [claim] = imported.claims.of_article(article_id)
    verifications = imported.verifications.of_claim(claim.id)
    assert [(v.position, v.verdict, v.record.speaker) for v in verifications] == [
        (0, "Supported", "Mara Quist"),
        (6, "Not Enough Evidence", "Eldham Herald"),
    ]
    assert len(imported.verifications.mine("tester", claim.id)) == 2  # the view says so above the first
    assert imported.verifications.mine("other", claim.id) == []
    assert imported.articles.count() == len(original) - 1
    assert (claim.annotator, claim.label, claim.start, claim.end) == ("tester", "EVENT", 0, len(original[0]["claim"]))
    assert imported.articles.get(article_id).meta["speaker"] == "Mara Quist"  # the first record's


def test_the_import_reports_its_verifications_and_a_second_import_adds_nothing(db_path: Path) -> None:
    first = import_file(db_path, SAMPLE)
    assert first.exit_code == 0, first.output
    assert [line for line in first.output.splitlines() if "│" in line][-1].split("│")[1:-1] == [
        f"{n:>{width}} " for n, width in ((1, 6), (13, 8), (12, 6), (1, 11), (12, 6), (0, 8), (13, 14))
    ]
    again = import_file(db_path, SAMPLE)
    assert again.exit_code == 0, again.output
    store = Store(db_path)
    counts = [len(store.articles.ids()), len(store.claims.rows()), len(store.verifications.compared())]
    assert counts == [12, 12, 13]
    store.close()


def test_article_meta_keeps_the_record_fields_and_the_claim_date_as_published(imported: Store) -> None:
    record = sample()[1]
    articles = [imported.articles.get(a) for a in imported.articles.ids()]
    article = next(a for a in articles if a.text.startswith("Unemployment"))
    assert article.meta["claim_date"] == record["claim_date"] == "1-12-2020"
    assert article.meta["published"] == "2020-12-01"
    assert article.meta["reporting_source"] == article.meta["source"] == "Twitter"
    assert article.meta["fact_checking_article"] == record["fact_checking_article"]
    assert "original_claim_url" not in article.meta  # null in the record


def test_a_json_array_is_detected_and_format_averitec_reads_any_name(db_path: Path, tmp_path: Path) -> None:
    named = tmp_path / "records.txt"
    named.write_bytes(SAMPLE.read_bytes())
    assert import_file(db_path, named, "--format", "averitec").exit_code == 0
    store = Store(db_path)
    assert len(store.verifications.compared()) == 13
    store.close()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda r: r[2]["questions"][1]["answers"][0].pop("boolean_explanation"), "record 2: questions.1.answers.0"),
        (lambda r: r[0]["questions"][0]["answers"][0].update(answer_type="Guess"), "record 0: questions.0.answers.0"),
        (lambda r: r[3].update(verdict="Supported"), "record 3: verdict: Extra inputs are not permitted"),
        (lambda r: r[4].update(label="True"), "record 4: label 'True' has no verdict in the schema"),
        (lambda r: r[5].update(claim=" \t "), "record 5: the claim is empty"),
        (lambda r: r[1].update(claim_date="2020/12/01"), "record 1: claim_date"),
        (lambda r: r[1].update(claim_date="31-2-2020"), "record 1: claim_date"),
        (lambda r: r[7].update(required_reannotation="yes"), "record 7: required_reannotation"),
        (lambda r: r.append(["not", "a", "record"]), "record 13: a record is a JSON object"),
    ],
)
def test_a_bad_record_is_one_line_naming_it_and_changes_nothing(db_path: Path, tmp_path: Path, change, message) -> None:
    Store(db_path).close()
    before = dump(db_path)
    records = sample()
    change(records)
    result = import_file(db_path, write(tmp_path / "bad.json", records))
    assert result.exit_code == 1
    [line] = result.output.strip().splitlines()
    assert "bad.json: " in line and message in line, line
    assert dump(db_path) == before


def test_an_object_is_not_an_averitec_file(db_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    path.write_text('{"claim": "x"}\n', encoding="utf-8")
    result = import_file(db_path, path, "--format", "averitec")
    assert result.exit_code == 1 and "an AVeriTeC file is a JSON array of records" in result.output


def test_only_verified_claims_unless_unverified_which_writes_null_labels_and_says_so(
    seeded: Store, db_path: Path
) -> None:
    verified = sentence_claim(seeded, 0, 0, "ana")
    sentence_claim(seeded, 1, 0, "ben", label="EVENT")
    verify(seeded, verified, "ana", "Refuted")
    assert [record["label"] for record in averitec(db_path)] == ["Refuted"]
    result = export(db_path, "--format", "averitec", "--unverified")
    records = json.loads(result.stdout_bytes)
    assert sorted(str(record["label"]) for record in records) == ["None", "Refuted"]
    assert "1 record(s) have no verdict (--unverified)" in result.stderr
    draft = next(record for record in records if record["label"] is None)
    assert draft["claim_types"] == ["Event/Property Claim"] and draft["questions"] == []


def test_a_reader_verification_fills_every_field_from_its_record(seeded: Store, db_path: Path) -> None:
    claim = sentence_claim(seeded, 0, 1, "ana")
    verify(
        seeded,
        claim,
        "ana",
        "Conflicting Evidence/Cherrypicking",
        claim_date="5-8-2024",
        speaker="Pentagon",
        justification="Two sources disagree.",
        strategies=["Written Evidence", "Numerical Comparison"],
        claim_types=["Numerical Claim"],
        original_claim_url="https://news.example/1",
    )
    [record] = averitec(db_path)
    assert list(record) == [
        "claim",
        "required_reannotation",
        "label",
        "justification",
        "claim_date",
        "speaker",
        "original_claim_url",
        "fact_checking_article",
        "reporting_source",
        "location_ISO_code",
        "claim_types",
        "fact_checking_strategies",
        "questions",
        "cached_original_claim_url",
    ]
    assert record["label"] == "Conflicting Evidence/Cherrypicking" and record["claim_date"] == "5-8-2024"
    assert record["fact_checking_strategies"] == ["Written Evidence", "Numerical Comparison"]
    assert record["questions"] == [
        {
            "question": "Is it so?",
            "answers": [
                {
                    "answer": "Yes",
                    "answer_type": "Boolean",
                    "source_url": "",
                    "source_medium": "",
                    "boolean_explanation": "a",
                }
            ],
        }
    ]


def test_gold_exports_the_adjudicated_verification_only(tmp_path: Path, as_user) -> None:
    from tests.review_helpers import LEAD, team_store

    as_user("tester")
    store = team_store(tmp_path / "team.db")
    claim = sentence_claim(store, 0, 0, "ana")
    chosen = verify(store, claim, "ana", "Supported")
    verify(store, sentence_claim(store, 0, 0, "ben"), "ben", "Refuted")
    store.verifications.accept(LEAD, chosen.id)
    [gold] = averitec(tmp_path / "team.db", "--gold")
    assert gold["label"] == "Supported" and len(averitec(tmp_path / "team.db")) == 3
    [verification] = [v for v in store.verifications.compared() if v[4] == GOLD] or [None]
    assert verification is None  # gold is not an annotator agreement compares
    store.close()


def test_a_fever_schema_maps_its_verdicts_to_averitec_labels(tmp_path: Path) -> None:
    schema = tmp_path / "fever.toml"
    schema.write_text(
        '[[labels]]\nname = "CLAIM"\nkey = "1"\n'
        '[[verdicts]]\nname = "SUPPORTS"\nkey = "1"\n'
        '[[verdicts]]\nname = "REFUTES"\nkey = "2"\n'
        '[[verdicts]]\nname = "NOT ENOUGH INFO"\nkey = "3"\n',
        encoding="utf-8",
    )
    db = tmp_path / "f.db"
    records = [r for r in sample() if r["label"] != "Conflicting Evidence/Cherrypicking"]
    assert import_file(db, write(tmp_path / "s.json", records), schema=schema).exit_code == 0
    store = Store(db)
    assert {v[5] for v in store.verifications.compared()} == {"SUPPORTS", "REFUTES", "NOT ENOUGH INFO"}
    store.claims.create(store.articles.ids()[0], "x", 0, 3, ClaimFields(label="CLAIM", confidence=3))
    store.close()
    assert averitec(db) == records
