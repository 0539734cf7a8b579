"""Verifications in the store: one annotator's own work on a claim, checked against the schema and the corpus, every
change one undoable event; evidence reuses links; leads take one into gold; merge and native carry them whole."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import orjson
import pytest

from reader.errors import InputError, StoreError
from reader.identity import GOLD
from reader.merge import merge
from reader.schema import DEFAULT_SCHEMA
from reader.store import Store
from reader.store.verifications import Target
from reader.verify.models import CorpusEvidence, ExternalEvidence, Record, Verification
from tests.export.helpers import export, import_file
from tests.review_helpers import LEAD
from tests.verify.helpers import sentence_claim, verify

LEADS = DEFAULT_SCHEMA.model_copy(update={"leads": [LEAD]})


def test_a_verification_is_its_owners_only(seeded: Store) -> None:
    claim = sentence_claim(seeded, 0, 0, "bob")
    mine = verify(seeded, claim, "ana", "Refuted")  # anyone may verify anyone's claim, as their own work
    with pytest.raises(InputError, match="belongs to ana, not bob"):
        seeded.verifications.save("bob", mine.model_copy(update={"verdict": "Supported"}))
    with pytest.raises(InputError, match="belongs to ana, not bob"):
        seeded.verifications.delete("bob", mine.id)
    with pytest.raises(InputError, match="has verified that claim already"):
        verify(seeded, claim, "ana", "Supported")
    assert [v.verdict for v in seeded.verifications.of_claim(claim.id)] == ["Refuted"]


def test_verdicts_and_evidence_are_checked_against_the_schema_and_the_corpus(seeded: Store) -> None:
    claim = sentence_claim(seeded, 0, 0, "ana")
    with pytest.raises(InputError, match="unknown verdict 'True'"):
        verify(seeded, claim, "ana", "True")
    other = seeded.articles.ids()[1]
    start, end = seeded.articles.sentences(other)[2]
    wrong = CorpusEvidence(article_id=other, start=start, end=end, sentence=1)
    with pytest.raises(InputError, match="names sentence 1, not its own"):
        verify(seeded, claim, "ana", None, evidence=[wrong])
    outside = CorpusEvidence(article_id=other, start=0, end=10**6, sentence=0)
    with pytest.raises(InputError, match="outside its article"):
        verify(seeded, claim, "ana", None, evidence=[outside])
    with pytest.raises(ValueError, match="claim date"):
        Record(normalized_claim="x", claim_date="2024/10/31")


def test_a_save_checks_only_the_evidence_it_adds_against_the_corpus(seeded: Store) -> None:
    """What was stored was checked when it was written (claims never move, an article's text never changes): a
    verdict key on a record of many pieces of evidence reads no article or claim again; a new piece is checked."""
    claim = sentence_claim(seeded, 0, 0, "ana")
    other = seeded.articles.ids()[1]
    spans = seeded.articles.sentences(other)
    evidence = [CorpusEvidence(article_id=other, start=s, end=e, sentence=n) for n, (s, e) in enumerate(spans[:4])]
    mine = verify(seeded, claim, "ana", None, evidence=evidence)
    read: list[str] = []
    seeded.db.conn.set_trace_callback(read.append)
    saved = seeded.verifications.save("ana", mine.model_copy(update={"verdict": "Supported"}))
    seeded.db.conn.set_trace_callback(None)
    assert not [query for query in read if "FROM articles" in query or "FROM claims" in query], read
    start, end = spans[5]
    wrong = CorpusEvidence(article_id=other, start=start, end=end, sentence=4)
    added = saved.record.model_copy(update={"evidence": [*saved.record.evidence, wrong]})
    with pytest.raises(InputError, match="names sentence 4, not its own"):
        seeded.verifications.save("ana", saved.model_copy(update={"record": added}))


def test_every_change_is_one_event_that_undo_takes_back_and_redo_restores(seeded: Store) -> None:
    claim = sentence_claim(seeded, 0, 0, "ana")
    first = verify(seeded, claim, "ana", None)
    second = seeded.verifications.save("ana", first.model_copy(update={"verdict": "Supported"}))
    [event] = seeded.history.undo("ana", claim.article_id)
    assert event.kind == "verify" and seeded.verifications.get(first.id).verdict is None
    seeded.history.redo("ana", claim.article_id)
    assert seeded.verifications.get(first.id).verdict == "Supported" == second.verdict
    seeded.history.undo("ana", claim.article_id)
    seeded.history.undo("ana", claim.article_id)
    assert seeded.verifications.of_claim(claim.id) == []


def test_attaching_a_sentence_makes_the_claim_and_link_and_undo_takes_all_three(seeded: Store) -> None:
    claim = sentence_claim(seeded, 0, 0, "ana")
    mine = verify(seeded, claim, "ana", "Supported")
    other = seeded.articles.ids()[2]
    start, end = seeded.articles.sentences(other)[3]
    attached = seeded.verifications.attach("ana", mine, Target(other, start, end, None), "supports", 2)
    [item] = attached.record.evidence
    assert isinstance(item, CorpusEvidence) and (item.article_id, item.start, item.end, item.sentence) == (
        other,
        start,
        end,
        3,
    )
    [made] = seeded.claims.of_article(other)
    [link] = seeded.links.of_claim(claim.id)
    assert (made.id, made.annotator, made.label, made.origin) == (item.claim_id, "ana", claim.label, "related")
    assert (link.id, link.relation, link.claim_b) == (item.link_id, "supports", made.id)
    with pytest.raises(InputError, match="already evidence"):
        seeded.verifications.attach("ana", attached, Target(other, start, end, made.id), "same", 2)
    assert {e.kind for e in seeded.history.undo("ana", claim.article_id)} == {"verify", "link", "create"}
    assert seeded.claims.of_article(other) == [] and seeded.links.of_claim(claim.id) == []
    assert seeded.verifications.get(mine.id).record.evidence == []


def test_attaching_a_claim_reuses_the_link_already_drawn(seeded: Store) -> None:
    claim = sentence_claim(seeded, 0, 0, "ana")
    theirs = sentence_claim(seeded, 3, 1, "bob")
    drawn = seeded.links.create("bob", theirs.id, claim.id, "conflicts")
    mine = verify(seeded, claim, "ana", "Refuted")
    attached = seeded.verifications.attach(
        "ana", mine, Target(theirs.article_id, theirs.start, theirs.end, theirs.id), "same", 2
    )
    assert attached.record.evidence[0].link_id == drawn.id and seeded.links.of_claim(claim.id) == [drawn]


def test_a_lead_takes_one_verification_into_gold_with_its_claim(tmp_path: Path) -> None:
    store = Store(tmp_path / "team.db", schema=LEADS)
    from reader.seeds import import_seeds

    import_seeds(store)
    claim = sentence_claim(store, 0, 0, "ana")
    chosen = verify(store, claim, "ana", "Supported", evidence=[ExternalEvidence(url="https://a.example", passage="p")])
    later = verify(store, sentence_claim(store, 0, 0, "bob"), "bob", "Refuted")
    with pytest.raises(InputError, match="ana is not a lead"):
        store.verifications.accept("ana", chosen.id)
    gold = store.verifications.accept(LEAD, chosen.id)
    [gold_claim] = store.claims.of_article(claim.article_id, [GOLD])
    assert (gold.annotator, gold.adjudicated_by, gold.claim_id, gold.verdict) == (
        GOLD,
        LEAD,
        gold_claim.id,
        "Supported",
    )
    assert gold.record == chosen.record and (gold_claim.start, gold_claim.end) == (claim.start, claim.end)
    with pytest.raises(InputError, match="ana is not a lead"):
        store.verifications.save("ana", gold.model_copy(update={"annotator": "ana"}))
    again = store.verifications.accept(LEAD, later.id)
    assert again.id == gold.id and [v.verdict for v in store.verifications.mine(GOLD, gold_claim.id)] == ["Refuted"]
    assert store.claims.of_article(claim.article_id, [GOLD]) == [gold_claim]  # the gold claim is reused
    store.history.undo(LEAD, claim.article_id)
    assert store.verifications.get(gold.id).verdict == "Supported"
    store.history.undo(LEAD, claim.article_id)
    assert (
        store.claims.of_article(claim.article_id, [GOLD]) == [] and store.verifications.mine(GOLD, gold_claim.id) == []
    )
    store.close()


def test_merge_brings_verifications_and_refuses_one_in_someone_elses_name(tmp_path: Path) -> None:
    from reader.seeds import import_seeds

    a = Store(tmp_path / "a.db")
    import_seeds(a)
    claim = sentence_claim(a, 0, 0, "ana")
    a.db.backup(tmp_path / "b.db")
    b = Store(tmp_path / "b.db")
    mine = verify(b, claim, "ana", "Supported")
    b.verifications.save("ana", mine.model_copy(update={"verdict": "Refuted"}))
    merge(a, [tmp_path / "b.db"])
    assert [v.verdict for v in a.verifications.of_claim(claim.id)] == ["Refuted"]
    assert merge(a, [tmp_path / "b.db"])[0].events == 0  # again: nothing new
    forged = mine.model_copy(update={"verdict": "Supported"})
    row = {**orjson.loads(orjson.dumps(forged.model_dump(exclude={"record"}))), "body": orjson.dumps({}).decode()}
    b.close()
    conn = sqlite3.connect(tmp_path / "b.db")
    stamp = "2020-01-01T00:00:00+00:00"
    cases = (
        ("ben", {**row, "body": a.verifications.row(mine.id)["body"]}, "ben may not change ana's verification"),
        ("ana", row, "its verification row is invalid"),
    )
    for who, after, message in cases:
        conn.execute(
            "INSERT INTO events (id, ts, annotator, kind, via, article_id, claim_id, target, before, after)"
            " VALUES (?, ?, ?, 'verify', 'reader', ?, NULL, NULL, NULL, ?)",
            [f"forged-{who}", stamp, who, claim.article_id, orjson.dumps(after).decode()],
        )
        conn.commit()
        with pytest.raises(StoreError, match=message):
            merge(a, [tmp_path / "b.db"])
        conn.execute("DELETE FROM events WHERE id = ?", [f"forged-{who}"])
    conn.close()
    a.close()


def test_native_carries_verifications_byte_for_byte(seeded: Store, db_path: Path, tmp_path: Path) -> None:
    claim = sentence_claim(seeded, 0, 0, "ana")
    mine = verify(seeded, claim, "ana", "Supported", justification="tab\there\nnewline", claim_date="3-7-2024")
    other = seeded.articles.ids()[2]
    seeded.verifications.attach("ana", mine, Target(other, *seeded.articles.sentences(other)[0], None), "same", 2)
    first = tmp_path / "one.jsonl"
    assert export(db_path, "--format", "native", "-o", str(first)).exit_code == 0
    line = next(orjson.loads(raw) for raw in first.read_bytes().splitlines()[1:] if b'"verifications"' in raw)
    assert [v["verdict"] for v in line["verifications"]] == ["Supported"]
    fresh = tmp_path / "fresh.db"
    assert import_file(fresh, first).exit_code == 0
    second = tmp_path / "two.jsonl"
    assert export(fresh, "--format", "native", "-o", str(second)).exit_code == 0
    assert second.read_bytes() == first.read_bytes()
    moved = Store(fresh)
    assert moved.verifications.get(mine.id).record.justification == "tab\there\nnewline"
    moved.close()


def test_a_native_verification_with_an_unknown_key_or_verdict_is_refused(seeded: Store, db_path, tmp_path) -> None:
    verify(seeded, sentence_claim(seeded, 0, 0, "ana"), "ana", "Supported")
    path = tmp_path / "n.jsonl"
    export(db_path, "--format", "native", "-o", str(path))
    header, *articles = path.read_bytes().splitlines()
    for change, message in (({"extra": 1}, "verification extra"), ({"verdict": "True"}, "unknown verdict 'True'")):
        lines = [header]
        for raw in articles:
            article = orjson.loads(raw)
            for item in article.get("verifications", []):
                item.update(change)
            lines.append(orjson.dumps(article))
        path.write_bytes(b"\n".join(lines) + b"\n")
        result = import_file(tmp_path / "fresh.db", path)
        assert result.exit_code == 1 and message in result.output, result.output


def test_a_schema_that_drops_a_verdict_in_use_is_refused(seeded: Store, db_path: Path) -> None:
    verify(seeded, sentence_claim(seeded, 0, 0, "ana"), "ana", "Refuted")
    fewer = DEFAULT_SCHEMA.model_copy(update={"verdicts": DEFAULT_SCHEMA.verdicts[:1]})
    with pytest.raises(StoreError, match="verdict Refuted"):
        Store(db_path, schema=fewer)


def test_a_verification_validates_every_boundary() -> None:
    with pytest.raises(ValueError, match="Extra inputs"):
        Verification.model_validate({"claim_id": "c", "article_id": "a", "annotator": "x", "record": {}, "x": 1})
    with pytest.raises(ValueError, match="position"):
        Verification.model_validate(
            {"claim_id": "c", "article_id": "a", "annotator": "x", "record": {"normalized_claim": "n"}, "position": "3"}
        )
