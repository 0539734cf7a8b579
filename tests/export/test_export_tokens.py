"""Token formats: hf rows load with `datasets`, IOB2 tags and overlap policies, CoNLL layout, and a spaCy DocBin."""

from __future__ import annotations

import itertools
import json
import sys
from pathlib import Path

import pytest

from reader.export.overlap import resolve
from reader.export.tokens import iob_tags, tag_names
from reader.export.writer import ExportError
from reader.models import ClaimFields
from reader.segment import sentence_spans
from reader.store import Store
from reader.tokenizer import word_spans
from tests.export.helpers import annotate, export


@pytest.fixture
def annotated(seeded: Store, db_path: Path) -> tuple[Path, list[str], Store]:
    return db_path, annotate(seeded), seeded


def test_tag_names_and_iob2() -> None:
    assert tag_names(["EVENT", "RULE"]) == ["O", "B-EVENT", "I-EVENT", "B-RULE", "I-RULE"]
    assert iob_tags(6, [(0, 2, "EVENT"), (3, 4, "RULE")]) == ["B-EVENT", "I-EVENT", "O", "B-RULE", "O", "O"]


@pytest.mark.parametrize(
    ("policy", "kept", "dropped"),
    [
        ("longest", [(0, 10, "EVENT"), (12, 14, "RULE")], 2),
        ("first", [(0, 3, "QUANTITY"), (5, 7, "OTHER"), (12, 14, "RULE")], 1),
    ],
)
def test_overlap_policies(policy: str, kept: list, dropped: int) -> None:
    spans = [(0, 10, "EVENT"), (0, 3, "QUANTITY"), (0, 3, "QUANTITY"), (5, 7, "OTHER"), (12, 14, "RULE")]
    assert resolve(spans, policy, "a") == (kept, dropped)


def test_overlap_error_policy_refuses() -> None:
    with pytest.raises(ExportError, match="overlaps another"):
        resolve([(0, 10, "EVENT"), (2, 3, "RULE")], "error", "a1")


def test_hf_loads_with_datasets_and_tags_match_the_claims(annotated, tmp_path: Path) -> None:
    datasets = pytest.importorskip("datasets")
    db, ids, store = annotated
    out = tmp_path / "train.jsonl"
    result = export(db, "--format", "hf", "-o", str(out), "--annotator", "alice")
    assert result.exit_code == 0, result.output
    labels = json.loads((tmp_path / "train.jsonl.labels.json").read_text())
    assert labels["names"] == tag_names(store.schema.label_names)
    assert labels["overlap"] == {"policy": "longest", "dropped": 0}
    assert labels["max_tokens"] == 512 and labels["annotators"] == "one row per annotator"
    features = datasets.Features.from_dict(labels["features"])
    data = datasets.Dataset.from_json(str(out), features=features)
    assert {(row["article_id"], row["annotator"]) for row in data} == {(ids[0], "alice"), (ids[1], "alice")}
    first_rows = [row for row in data if row["article_id"] == ids[0]]
    assert [row["id"] for row in first_rows] == [f"{ids[0]}/alice/{n}" for n in range(len(first_rows))]
    names = data.features["ner_tags"].feature.names
    tags = [names[t] for t in first_rows[0]["ner_tags"]]
    assert len(tags) == len(first_rows[0]["tokens"]) <= 512 and tags[0] == "B-EVENT"
    assert all(not (b.startswith("I-") and a == "O") for a, b in itertools.pairwise(tags))
    _first, second = (c for c in store.claims.of_article(ids[0], ["alice"]))
    begin = tags.index("B-QUANTITY")
    words = first_rows[0]["tokens"][begin : begin + sum(1 for t in tags if t.endswith("QUANTITY"))]
    assert "".join(words) == store.articles.get(ids[0]).text[second.start : second.end].replace(" ", "")


def test_hf_rows_are_sentence_windows_within_max_tokens(annotated, tmp_path: Path) -> None:
    """A whole article as one row reaches over a model's length; rows are whole sentences up to --max-tokens."""
    db, ids, store = annotated
    out = tmp_path / "w.jsonl"
    assert export(db, "--format", "hf", "-o", str(out), "--article", ids[0], "--max-tokens", "40").exit_code == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    text = store.articles.get(ids[0]).text
    words = [text[start:end] for start, end in word_spans(text)]
    for annotator in ("alice", "bob", "gold"):
        mine = [row for row in rows if row["annotator"] == annotator]
        assert len(mine) > 3 and all(len(row["tokens"]) <= 40 for row in mine)
        assert [word for row in mine for word in row["tokens"]] == words
    names = json.loads((tmp_path / "w.jsonl.labels.json").read_text())["names"]
    sentence_ends = {end for _, end in sentence_spans(text)}
    alice = [row for row in rows if row["annotator"] == "alice"]
    tags = [names[t] for row in alice for t in row["ner_tags"]]
    assert tags.count("B-EVENT") == 1 and tags.count("B-QUANTITY") == 1
    position = 0
    for row in alice[:-1]:
        for word in row["tokens"]:
            position = text.index(word, position) + len(word)
        assert position in sentence_ends or len(row["tokens"]) == 40  # a sentence longer than the limit is cut


def test_hf_keeps_annotators_apart_unless_pooled(annotated, tmp_path: Path) -> None:
    """alice's sentence claim and bob's nested one were merged into one row settled by label order; now each has
    their own row, and pooling is asked for by name."""
    db, ids, _store = annotated
    result = export(db, "--format", "hf", "-o", str(tmp_path / "all.jsonl"), "--article", ids[0])
    assert "overlapping" not in result.stderr
    rows = [json.loads(line) for line in (tmp_path / "all.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted({row["annotator"] for row in rows}) == ["alice", "bob", "gold"]
    pooled = export(db, "--format", "hf", "-o", str(tmp_path / "pooled.jsonl"), "--article", ids[0], "--pooled")
    assert "1 overlapping span(s) dropped by the overlap policy" in pooled.stderr
    rows = [json.loads(line) for line in (tmp_path / "pooled.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {row["annotator"] for row in rows} == {None} and rows[0]["id"] == f"{ids[0]}/0"
    assert json.loads((tmp_path / "pooled.jsonl.labels.json").read_text())["overlap"] == {
        "policy": "longest",
        "dropped": 1,
    }
    refused = export(db, "--format", "hf", "-o", str(tmp_path / "err.jsonl"), "--overlap", "error", "--pooled")
    assert refused.exit_code == 1 and "overlaps another" in refused.stderr
    assert not (tmp_path / "err.jsonl").exists()


def test_conll_layout(annotated) -> None:
    db, _ids, _store = annotated
    result = export(db, "--format", "conll", "--annotator", "alice")
    text = result.stdout_bytes.decode()
    documents = text.split("-DOCSTART- O\n\n")
    assert documents[0] == "" and len(documents) == 3
    first = documents[1]
    sentences = [block.splitlines() for block in first.strip("\n").split("\n\n")]
    assert len(sentences) > 3
    assert all(len(line.split(" ")) == 2 for block in sentences for line in block)
    assert sentences[0][0].split(" ")[1] == "B-EVENT" and sentences[1][0].split(" ")[1] == "B-QUANTITY"
    tags = [line.split(" ")[1] for block in sentences for line in block]
    assert set(tags) <= {"O", "B-EVENT", "I-EVENT", "B-QUANTITY", "I-QUANTITY"}


def test_conll_never_breaks_a_sentence_inside_a_span(annotated) -> None:
    db, ids, store = annotated
    s0, s1 = sentence_spans(store.articles.get(ids[1]).text)[:2]
    store.claims.create(ids[1], "zed", s0[0], s1[1], ClaimFields(label="OTHER", confidence=2))
    doc = export(db, "--format", "conll", "--annotator", "zed").stdout_bytes.decode().split("-DOCSTART- O\n\n")[1]
    first_block = doc.split("\n\n")[0].splitlines()
    assert first_block[0].endswith("B-OTHER") and all(line.endswith("I-OTHER") for line in first_block[1:])


def test_spacy_docbin_loads_with_spans_and_ents(annotated, tmp_path: Path) -> None:
    spacy = pytest.importorskip("spacy")
    from spacy.tokens import DocBin

    db, ids, store = annotated
    out = tmp_path / "train.spacy"
    result = export(db, "--format", "spacy", "-o", str(out))
    assert result.exit_code == 0, result.output
    docs = list(DocBin().from_disk(out).get_docs(spacy.blank("en").vocab))
    assert [doc.user_data["article_id"] for doc in docs] == ids[:3]
    first = docs[0]
    assert first.text == store.articles.get(ids[0]).text
    spans = {(s.start_char, s.end_char, s.label_) for s in first.spans["sc"]}
    claims = {(c.start, c.end, c.label) for c in store.claims.of_article(ids[0])}
    assert spans == claims
    assert len(first.ents) == 2 and {e.label_ for e in first.ents} == {"EVENT", "QUANTITY"}
    assert not docs[2].spans["sc"] and not docs[2].ents


def test_spacy_folder_is_written_in_bounded_shards(annotated, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spacy = pytest.importorskip("spacy")
    from spacy.tokens import DocBin

    from reader.export.formats import spacy_docbin

    monkeypatch.setattr(spacy_docbin, "SHARD_DOCS", 2)
    db, ids, _ = annotated
    result = export(db, "--format", "spacy", "-o", str(tmp_path / "train"))
    assert result.exit_code == 0, result.output
    shards = sorted((tmp_path / "train").glob("*.spacy"))
    assert [p.name for p in shards] == ["part-00000.spacy", "part-00001.spacy"]
    vocab = spacy.blank("en").vocab
    docs = [doc for shard in shards for doc in DocBin().from_disk(shard).get_docs(vocab)]
    assert [doc.user_data["article_id"] for doc in docs] == ids[:3]


def test_spacy_missing_says_how_to_install(annotated, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db, _, _ = annotated
    monkeypatch.setitem(sys.modules, "spacy", None)
    result = export(db, "--format", "spacy", "-o", str(tmp_path / "x.spacy"))
    assert result.exit_code == 1
    assert "pip install 'claim-reader[spacy]'" in result.stderr and not (tmp_path / "x.spacy").exists()


def test_conll_docstart_has_the_columns_of_a_token_line_and_nltk_reads_it(
    annotated, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db, _ids, _ = annotated
    out = tmp_path / "train.conll"
    assert export(db, "--format", "conll", "--annotator", "alice", "-o", str(out)).exit_code == 0
    lines = [line for line in out.read_text(encoding="utf-8").splitlines() if line]
    assert {len(line.split(" ")) for line in lines} == {2}
    assert sum(line == "-DOCSTART- O" for line in lines) == 2
    pytest.importorskip("nltk")
    monkeypatch.setenv("NLTK_DATA", str(tmp_path))
    from nltk.corpus.reader import ConllCorpusReader

    sentences = [s for s in ConllCorpusReader(str(tmp_path), ["train.conll"], ("words", "pos")).tagged_sents() if s]
    tokens = [pair for sentence in sentences for pair in sentence]
    assert tokens == [tuple(line.split(" ")) for line in lines if not line.startswith("-DOCSTART-")]
    assert sum(tag.startswith("B-") for _, tag in tokens) == 3


def test_overlap_error_names_character_offsets(annotated, tmp_path: Path) -> None:
    db, ids, store = annotated
    event = next(c for c in store.claims.of_article(ids[0], ["alice"]) if c.label == "EVENT")
    refused = export(db, "--format", "conll", "--overlap", "error", "--article", ids[0], "--pooled")
    assert refused.exit_code == 1 and event.end > 100
    assert f"{ids[0]}:{event.start}-{event.end} EVENT overlaps another span" in refused.stderr


def test_hf_labels_files_of_two_exports_never_collide(annotated, tmp_path: Path) -> None:
    db, _ids, _ = annotated
    assert export(db, "--format", "hf", "-o", str(tmp_path / "train.jsonl"), "--overlap", "first").exit_code == 0
    assert export(db, "--format", "hf", "-o", str(tmp_path / "train.json"), "--label", "EVENT").exit_code == 0
    first = json.loads((tmp_path / "train.jsonl.labels.json").read_text())
    second = json.loads((tmp_path / "train.json.labels.json").read_text())
    assert first["overlap"]["policy"] == "first" and second["overlap"]["policy"] == "longest"
    clash = export(db, "--format", "hf", "-o", str(tmp_path / "train.jsonl.labels.json"))
    assert clash.exit_code == 1 and "labels file" in clash.stderr


def test_spacy_spans_keep_annotator_and_confidence(annotated, tmp_path: Path) -> None:
    spacy = pytest.importorskip("spacy")
    from spacy.tokens import DocBin

    db, ids, store = annotated
    out = tmp_path / "train.spacy"
    assert export(db, "--format", "spacy", "-o", str(out)).exit_code == 0
    first = next(DocBin().from_disk(out).get_docs(spacy.blank("en").vocab))
    claims = store.claims.of_article(ids[0])
    records = {
        (c["annotator"], c["start"], c["end"], c["label"], c["confidence"], c["id"]) for c in first.user_data["claims"]
    }
    assert records == {(c.annotator, c.start, c.end, c.label, c.confidence, c.id) for c in claims}
    for annotator in {c.annotator for c in claims}:
        group = first.spans[f"annotator:{annotator}"]
        assert {(s.start_char, s.end_char, s.label_) for s in group} == {
            (c.start, c.end, c.label) for c in claims if c.annotator == annotator
        }
    for record in first.user_data["claims"]:
        assert first.char_span(record["start"], record["end"]).text == first.text[record["start"] : record["end"]]


def test_seqeval_reads_the_conll_blocks_as_strict_iob2_with_every_kept_claim(annotated, tmp_path: Path) -> None:
    """seqeval's strict IOB2 mode refuses a tag outside O/B-/I- and does not count a stray I- as a claim: the claims
    it finds are exactly those kept, for each annotator."""
    metrics = pytest.importorskip("seqeval.metrics")
    from seqeval.scheme import IOB2, Entities

    db, _ids, store = annotated
    result = export(db, "--format", "conll", "--max-tokens", "30")
    assert result.exit_code == 0, result.output
    documents = result.stdout_bytes.decode().split("-DOCSTART- O\n\n")[1:]
    blocks = [[line.split(" ")[1] for line in block.splitlines()] for doc in documents for block in doc.split("\n\n")]
    blocks = [block for block in blocks if block]
    found = Entities(blocks, IOB2).entities
    assert sum(len(sentence) for sentence in found) == len(get_entities_lenient(blocks)) == 5  # every claim
    assert all(len(block) <= 30 for block in blocks)
    assert metrics.f1_score(blocks, blocks, mode="strict", scheme=IOB2) == 1.0
    assert store


def get_entities_lenient(blocks: list[list[str]]) -> list:
    """seqeval's default (conlleval) reading, which counts a stray I- as a claim too: it must agree with strict."""
    from seqeval.metrics.sequence_labeling import get_entities

    return get_entities(blocks)
