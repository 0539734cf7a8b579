"""One tokenization for prodigy, spaCy, hf and CoNLL: spaCy's English rules, newline gaps as whitespace tokens."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.export.tokens import Tokens
from reader.models import ClaimFields
from reader.store import Store
from tests.export.helpers import annotate, export, import_file, native_articles
from tests.helpers import FIXTURES, peer_file

TEXT = (
    "Kim Jong-un met envoys on Monday.\n\nThey’ll meet again  in March, officials said.\n"
    "The U.S. envoy met at 10:30 a.m. and promised $1.2bn, e.g. for schools.\n"
)


@pytest.fixture
def newsroom(store: Store, db_path: Path) -> tuple[Path, str, str]:
    """One article with hyphenated names, a curly contraction, a paragraph break and a double space, annotated."""
    from reader.ingest import import_paths

    source = db_path.parent / "news.txt"
    source.write_text(TEXT, encoding="utf-8")
    import_paths(store, [str(source)], "auto", "alice")
    article_id = store.articles.ids()[0]
    text = store.articles.get(article_id).text
    for piece, label in (
        ("Kim Jong-un met envoys on Monday", "EVENT"),
        ("They’ll meet again  in March", "EVENT"),
        ("Jong-un", "OTHER"),
    ):
        start = text.index(piece)
        store.claims.create(article_id, "alice", start, start + len(piece), ClaimFields(label=label, confidence=2))
    store.close()
    return db_path, article_id, text


def test_prodigy_tokens_rebuild_the_text_and_spans_in_spacy(newsroom) -> None:
    spacy = pytest.importorskip("spacy")
    from spacy.tokens import Doc

    db, _, text = newsroom
    result = export(db, "--format", "prodigy")
    assert result.exit_code == 0 and "token boundaries" not in result.stderr
    task = json.loads(result.stdout_bytes)
    tokens = task["tokens"]
    doc = Doc(spacy.blank("en").vocab, words=[t["text"] for t in tokens], spaces=[t["ws"] for t in tokens])
    assert doc.text == task["text"] == text
    assert [(t.idx, t.idx + len(t)) for t in doc] == [(t["start"], t["end"]) for t in tokens]
    assert len(task["spans"]) == 3
    for span in task["spans"]:
        rebuilt = doc.char_span(span["start"], span["end"])
        assert rebuilt is not None and rebuilt.text == span["text"] == text[span["start"] : span["end"]]
        assert (rebuilt.start, rebuilt.end - 1) == (span["token_start"], span["token_end"])


def test_tokens_are_spacys_english_tokens(newsroom) -> None:
    spacy = pytest.importorskip("spacy")
    db, _, text = newsroom
    task = json.loads(export(db, "--format", "prodigy").stdout_bytes)
    expected = spacy.blank("en")(text)
    assert [(t["text"], t["ws"]) for t in task["tokens"]] == [(t.text, bool(t.whitespace_)) for t in expected]
    words = [t["text"] for t in task["tokens"]]
    assert words[1:4] == ["Jong", "-", "un"] and "’ll" in words and "\n\n" in words and " " in words


def test_spacy_and_prodigy_and_conll_share_the_tokens(newsroom, tmp_path: Path) -> None:
    spacy = pytest.importorskip("spacy")
    from spacy.tokens import DocBin

    db, _, _ = newsroom
    prodigy = json.loads(export(db, "--format", "prodigy").stdout_bytes)
    assert export(db, "--format", "spacy", "-o", str(tmp_path / "t.spacy")).exit_code == 0
    doc = next(DocBin().from_disk(tmp_path / "t.spacy").get_docs(spacy.blank("en").vocab))
    assert [(t.text, bool(t.whitespace_)) for t in doc] == [(t["text"], t["ws"]) for t in prodigy["tokens"]]
    conll = export(db, "--format", "conll", "--overlap", "first").stdout_bytes.decode()
    words = [line.split(" ")[0] for line in conll.splitlines()[2:] if line]
    assert words == [t["text"] for t in prodigy["tokens"] if not t["text"].isspace()]


def test_gap_filling_follows_spacy_without_spacy() -> None:
    """Our own tokens (no spaCy) get the same whitespace tokens and flags spaCy would give them."""
    text = " lead  two\n\n  x \tend "
    pieces = [(1, 5), (7, 10), (14, 15), (17, 20)]
    tokens = Tokens.covering(text, pieces)
    assert [(tokens.word(i), ws) for i, ws in enumerate(tokens.ws)] == [
        (" ", False),
        ("lead", True),
        (" ", False),
        ("two", False),
        ("\n\n  ", False),
        ("x", True),
        ("\t", False),
        ("end", True),
    ]
    assert "".join(w + (" " if ws else "") for w, ws in zip(tokens.words(), tokens.ws, strict=True)) == text
    spacy = pytest.importorskip("spacy")
    expected = list(zip(tokens.words(), tokens.ws, strict=True))
    assert [(t.text, bool(t.whitespace_)) for t in spacy.blank("en")(text)] == expected


def test_pattern_source_and_input_hash_come_back_and_no_timestamp_is_invented(tmp_path: Path) -> None:
    name = "prodigy_fashion_brands_training.jsonl"
    schema = FIXTURES / "fashion.toml"
    db, out = tmp_path / "f.db", tmp_path / "out.jsonl"
    assert import_file(db, peer_file(name), "--as", "dataset", schema=schema).exit_code == 0
    assert export(db, "--format", "prodigy", "-o", str(out), schema=schema).exit_code == 0
    before = [json.loads(line) for line in peer_file(name).read_text(encoding="utf-8").splitlines()]
    after = {task["text"]: task for task in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    pattern_spans = 0
    for task in before:
        exported = after[task["text"]]
        assert "_timestamp" not in exported
        for original, span in zip(task["spans"], exported["spans"], strict=True):
            for key in ("source", "input_hash"):
                assert span.get(key) == original.get(key)
            pattern_spans += "source" in original
    assert pattern_spans == 127


def test_reader_claims_keep_their_own_timestamp(seeded: Store, db_path: Path) -> None:
    annotate(seeded)
    seeded.close()
    tasks = [json.loads(line) for line in export(db_path, "--format", "prodigy").stdout_bytes.splitlines()]
    with_claims = [t for t in tasks if t["spans"]]
    assert with_claims and all(isinstance(t["_timestamp"], int) and t["_timestamp"] > 1.7e9 for t in with_claims)
    assert all("_timestamp" not in t for t in tasks if not t["spans"])


def test_spacy_debug_data_finds_no_misaligned_tokens(newsroom, tmp_path: Path) -> None:
    """`spacy debug data` retokenizes the DocBin with the pipeline's tokenizer: ours must agree token for token."""
    pytest.importorskip("spacy")
    import subprocess
    import sys

    db, _, _ = newsroom
    out = tmp_path / "train.spacy"
    assert export(db, "--format", "spacy", "-o", str(out), "--overlap", "first").exit_code == 0
    config = tmp_path / "config.cfg"
    subprocess.run(
        [sys.executable, "-m", "spacy", "init", "config", "-p", "ner", "-l", "en", str(config)],
        check=True,
        capture_output=True,
    )
    report = subprocess.run(
        [
            sys.executable,
            "-m",
            "spacy",
            "debug",
            "data",
            str(config),
            "--paths.train",
            str(out),
            "--paths.dev",
            str(out),
        ],
        capture_output=True,
        text=True,
    )
    assert "Corpus is loadable" in report.stdout, report.stdout + report.stderr
    assert "misaligned" not in report.stdout


def _valid_iob2(tags: list[str]) -> bool:
    """Whether every `I-X` follows a `B-X` or an `I-X`, as IOB2 readers (seqeval's strict mode) require."""
    return all(
        not tag.startswith("I-") or (before[2:] == tag[2:] and before[:2] in ("B-", "I-"))
        for before, tag in zip(["O", *tags], tags, strict=False)
    )


EDGE_TEXTS = [
    "Prices rose 5 percent.\n\nThe council said it would act.",
    "The council said it would act.\n\nPrices rose 5 percent.",
]
"""A span that starts on the paragraph break of the first and one that ends on it in the second."""


@pytest.fixture
def edge_spans(tmp_path: Path) -> tuple[Path, list[tuple[int, int]]]:
    """Two articles, each with one claim whose edge is the whitespace token between its paragraphs."""
    spans = [(22, len(EDGE_TEXTS[0])), (0, 32)]
    source = tmp_path / "edges.jsonl"
    source.write_text(
        "".join(
            json.dumps({"text": text, "spans": [{"start": start, "end": end, "label": "EVENT"}]}) + "\n"
            for text, (start, end) in zip(EDGE_TEXTS, spans, strict=True)
        ),
        encoding="utf-8",
    )
    db = tmp_path / "edges.db"
    assert import_file(db, source).exit_code == 0
    return db, spans


def test_spans_with_edge_whitespace_begin_and_end_on_words_in_conll_and_hf(edge_spans, tmp_path: Path) -> None:
    db, _ = edge_spans
    conll = export(db, "--format", "conll").stdout_bytes.decode()
    documents = [
        [line.split(" ") for line in block.splitlines() if line] for block in conll.split("-DOCSTART- O\n")[1:]
    ]
    tagged = sorted([(word, tag) for word, tag in doc if tag != "O"] for doc in documents)
    assert [pairs[0] for pairs in tagged] == [("The", "B-EVENT"), ("The", "B-EVENT")]
    assert sorted(pairs[-1] for pairs in tagged) == [(".", "I-EVENT"), (".", "I-EVENT")]
    assert all(_valid_iob2([tag for _, tag in doc]) for doc in documents)
    out = tmp_path / "hf.jsonl"
    assert export(db, "--format", "hf", "-o", str(out)).exit_code == 0
    names = json.loads((tmp_path / "hf.jsonl.labels.json").read_text())["names"]
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    for row in rows:
        tags = [names[t] for t in row["ner_tags"]]
        assert _valid_iob2(tags) and "B-EVENT" in tags
        assert row["tokens"][tags.index("B-EVENT")] == "The"


def test_spans_with_edge_whitespace_are_trimmed_on_import_so_every_format_agrees(edge_spans, tmp_path: Path) -> None:
    """Prodigy kept the paragraph break in start/end but not in token_start, spaCy dropped it, brat wrote its own:
    the import trims claim edges, so every format writes the same span."""
    db, spans = edge_spans
    trimmed = [(start + len(text[start:end]) - len(text[start:end].lstrip()), end - len(text[start:end]) + len(
        text[start:end].rstrip())) for text, (start, end) in zip(EDGE_TEXTS, spans, strict=True)]  # fmt: skip
    assert [EDGE_TEXTS[0][slice(*trimmed[0])], EDGE_TEXTS[1][slice(*trimmed[1])]] == [
        "The council said it would act.",
        "The council said it would act.",
    ]
    native = {a["text"]: a for a in native_articles(export(db, "--format", "native").stdout_bytes)}
    prodigy = {t["text"]: t for t in map(json.loads, export(db, "--format", "prodigy").stdout_bytes.splitlines())}
    doccano = {t["text"]: t for t in map(json.loads, export(db, "--format", "doccano").stdout_bytes.splitlines())}
    assert export(db, "--format", "brat", "-o", str(tmp_path / "brat")).exit_code == 0
    brat = {
        (tmp_path / "brat" / "tester" / f"{p.stem}.txt").read_text(encoding="utf-8"): p.read_text(encoding="utf-8")
        for p in (tmp_path / "brat" / "tester").glob("*.ann")
    }
    for text, (start, end) in zip(EDGE_TEXTS, trimmed, strict=True):
        [span] = native[text]["spans"]
        assert (span["start"], span["end"]) == (start, end)
        [span] = prodigy[text]["spans"]
        assert (span["start"], span["end"], span["text"]) == (start, end, text[start:end])
        first, last = prodigy[text]["tokens"][span["token_start"]], prodigy[text]["tokens"][span["token_end"]]
        assert (first["start"], last["end"]) == (start, end)
        assert doccano[text]["label"][0][:2] == [start, end]
        assert brat[text].splitlines()[0].split("\t")[1] == f"EVENT {start} {end}"
    spacy = pytest.importorskip("spacy")
    from spacy.tokens import DocBin

    assert export(db, "--format", "spacy", "-o", str(tmp_path / "e.spacy")).exit_code == 0
    docs = {doc.text: doc for doc in DocBin().from_disk(tmp_path / "e.spacy").get_docs(spacy.blank("en").vocab)}
    for text, (start, end) in zip(EDGE_TEXTS, trimmed, strict=True):
        [ent] = docs[text].ents
        [claim] = docs[text].user_data["claims"]
        assert (ent.start_char, ent.end_char) == (claim["start"], claim["end"]) == (start, end)
