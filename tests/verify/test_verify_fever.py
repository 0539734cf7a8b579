"""FEVER out: verdicts mapped to FEVER's classes, corpus evidence as sentences of the pages `--pages` writes, and
FEVER's own scorer taking the export as gold and as predictions at strict score 1.0."""

from __future__ import annotations

import json
from pathlib import Path

import orjson
import pytest

from reader.store import Store
from reader.store.verifications import Target
from tests.export.helpers import export
from tests.verify.helpers import sentence_claim, verify


def fever_score():  # type: ignore[no-untyped-def]
    """FEVER's official scorer, vendored unchanged in tests/verify/fever_scorer.py (its sdist does not build)."""
    from tests.verify.fever_scorer import fever_score as score

    return score


@pytest.fixture
def verified(seeded: Store) -> Store:
    """ana verifies three claims: one supported by two sentences of other articles (one a claim of bob's, one a
    sentence nobody claimed), one refuted by one sentence, one with conflicting evidence; ben verifies one as not
    enough evidence, with only an external source."""
    first = sentence_claim(seeded, 0, 0, "ana")
    other = sentence_claim(seeded, 2, 1, "bob")
    mine = verify(seeded, first, "ana", "Supported")
    start, end = seeded.articles.sentences(seeded.articles.ids()[3])[4]
    mine = seeded.verifications.attach(
        "ana", mine, Target(other.article_id, other.start, other.end, other.id), "same", 3
    )
    seeded.verifications.attach("ana", mine, Target(seeded.articles.ids()[3], start, end, None), "supports", 3)
    second = verify(seeded, sentence_claim(seeded, 1, 2, "ana"), "ana", "Refuted")
    s2 = seeded.articles.sentences(seeded.articles.ids()[4])[0]
    seeded.verifications.attach("ana", second, Target(seeded.articles.ids()[4], *s2, None), "conflicts", 3)
    verify(seeded, sentence_claim(seeded, 1, 3, "ana"), "ana", "Conflicting Evidence/Cherrypicking")
    verify(seeded, first, "ben", "Not Enough Evidence")
    return seeded


def lines(result) -> list[dict]:  # type: ignore[no-untyped-def]
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout_bytes.splitlines()]


def test_records_carry_fever_keys_classes_and_sentence_evidence(verified: Store, db_path: Path) -> None:
    records = lines(export(db_path, "--format", "fever"))
    assert [list(r) for r in records] == [["id", "verifiable", "label", "claim", "evidence"]] * 4
    assert [r["id"] for r in records] == [0, 1, 2, 3]
    by_label = {(r["label"], r["verifiable"]) for r in records}
    assert by_label == {("SUPPORTS", "VERIFIABLE"), ("REFUTES", "VERIFIABLE"), ("NOT ENOUGH INFO", "NOT VERIFIABLE")}
    supports = next(r for r in records if r["label"] == "SUPPORTS")
    [evidence_set] = supports["evidence"]
    ids = verified.articles.ids()
    assert [(e[0], e[2], e[3]) for e in evidence_set] == [(supports["id"], ids[2], 1), (supports["id"], ids[3], 4)]
    assert all(isinstance(e[1], int) for e in evidence_set)
    conflicting = [r for r in records if r["label"] == "NOT ENOUGH INFO"]
    assert len(conflicting) == 2 and all(r["evidence"] == [[[r["id"], None, None, None]]] for r in conflicting)


def test_the_pages_hold_the_evidence_sentences_at_their_indexes(verified: Store, db_path: Path, tmp_path: Path) -> None:
    pages_path = tmp_path / "wiki.jsonl"
    records = lines(export(db_path, "--format", "fever", "--pages", str(pages_path)))
    pages = {page["id"]: page for page in map(orjson.loads, pages_path.read_bytes().splitlines())}
    assert sorted(pages) == sorted(verified.articles.ids())
    for record in records:
        for entry in (e for s in record["evidence"] for e in s if e[2] is not None):
            text = verified.articles.get(entry[2]).text
            start, end = verified.articles.sentences(entry[2])[entry[3]]
            numbered = dict(line.split("\t", 1) for line in pages[entry[2]]["lines"].split("\n"))
            assert numbered[str(entry[3])] == " ".join(text[start:end].split())
    page = next(iter(pages.values()))
    assert page["text"] == " ".join(line.split("\t", 1)[1] for line in page["lines"].split("\n"))


def test_the_official_scorer_scores_the_export_against_itself_at_strict_one(verified: Store, db_path: Path) -> None:
    score = fever_score()
    gold = lines(export(db_path, "--format", "fever"))
    predictions = [
        {
            "predicted_label": record["label"],
            "predicted_evidence": [[e[2], e[3]] for s in record["evidence"] for e in s if e[2] is not None],
        }
        for record in gold
    ]
    strict, accuracy, precision, recall, _ = score(predictions, gold)
    assert (strict, accuracy, precision, recall) == (1.0, 1.0, 1.0, 1.0)


def test_the_scorer_counts_a_wrong_sentence_wrong(verified: Store, db_path: Path) -> None:
    score = fever_score()
    gold = lines(export(db_path, "--format", "fever"))
    predictions = []
    for record in gold:
        shift = int(record["label"] == "SUPPORTS")
        found = [[e[2], e[3] + shift] for s in record["evidence"] for e in s if e[2] is not None]
        predictions.append({"predicted_label": record["label"], "predicted_evidence": found})
    assert score(predictions, gold)[0] == 0.75


def test_a_schema_may_keep_conflicting_as_a_fourth_class(tmp_path: Path, seeded: Store, db_path: Path) -> None:
    verify(seeded, sentence_claim(seeded, 0, 0, "ana"), "ana", "Conflicting Evidence/Cherrypicking")
    schema = tmp_path / "s.toml"
    verdicts = "".join(
        f'[[verdicts]]\nname = "{name}"\nkey = "{n}"\n'
        for n, name in enumerate(["Supported", "Refuted", "Not Enough Evidence"], 1)
    )
    kept = (
        '[[verdicts]]\nname = "Conflicting Evidence/Cherrypicking"\nkey = "4"\n'
        'fever = "CONFLICTING EVIDENCE/CHERRYPICKING"\n'
    )
    labels = "".join(f'[[labels]]\nname = "{label.name}"\nkey = "{label.key}"\n' for label in seeded.schema.labels)
    schema.write_text(labels + verdicts + kept, encoding="utf-8")
    [record] = lines(export(db_path, "--format", "fever", schema=schema))
    assert (record["label"], record["verifiable"], record["evidence"]) == (
        "CONFLICTING EVIDENCE/CHERRYPICKING",
        "VERIFIABLE",
        [],
    )


def test_unverified_claims_are_blind_lines_and_evidence_gaps_are_said(seeded: Store, db_path: Path) -> None:
    verify(seeded, sentence_claim(seeded, 0, 0, "ana"), "ana", "Supported")
    sentence_claim(seeded, 1, 0, "ana")
    result = export(db_path, "--format", "fever", "--unverified")
    records = lines(result)
    assert [list(r) for r in records] == [["id", "verifiable", "label", "claim", "evidence"], ["id", "claim"]]
    assert "no evidence from the corpus" in result.stderr and "blind lines" in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("--format", "native", "--pages", "p.jsonl"),
        ("--format", "claims", "--unverified"),
        ("--format", "fever", "--pages", "-"),
    ],
)
def test_the_verification_options_go_with_their_formats(seeded: Store, db_path: Path, args: tuple[str, ...]) -> None:
    result = export(db_path, *args)
    assert result.exit_code == 2 and ("--pages" in result.output or "--unverified" in result.output)
