"""Import of every format, the real peer files, idempotency, and every kind of bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.errors import InputError
from reader.ingest import import_paths
from reader.seeds import seeds_dir
from reader.store import Store
from reader.text import normalize
from tests.helpers import dump, peer_file


def run(store: Store, *paths: Path | str, fmt: str = "auto", who: str = "importer"):
    return import_paths(store, [str(p) for p in paths], fmt, who)


def write(path: Path, content: str | bytes) -> Path:
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_seed_folder_imports_five_articles_once(store: Store) -> None:
    first = run(store, seeds_dir())
    assert (first.files, first.added, first.duplicates) == (5, 5, 0)
    second = run(store, seeds_dir())
    assert (second.added, second.duplicates) == (0, 5)
    assert store.articles.count() == 5


def test_glob_and_markdown(store: Store, tmp_path: Path) -> None:
    write(tmp_path / "a.md", "# Heading here\n\nBody says 3 things.\n")
    write(tmp_path / "b.md", "# Other\n\nMore body.\n")
    summary = run(store, str(tmp_path / "*.md"))
    assert summary.added == 2
    titles = sorted(r.title for r in store.articles.library("x"))
    assert titles == ["Heading here", "Other"]


def test_html_uses_the_extractor(store: Store, tmp_path: Path) -> None:
    body = " ".join(["The ministry said on Monday that exports rose by 12 percent in October."] * 8)
    page = (
        f"<html><head><title>Exports rise</title><meta name='author' content='Jane Roe'></head><body>"
        f"<nav>Home | World | Login</nav><article><h1>Exports rise</h1><p>{body}</p><p>{body}</p></article>"
        f"<footer>Copyright 2024 Example News</footer></body></html>"
    )
    run(store, write(tmp_path / "page.html", page))
    article = store.articles.get(store.articles.ids()[0])
    assert "exports rose by 12 percent" in article.text
    assert "Login" not in article.text and "Copyright" not in article.text
    assert article.title == "Exports rise"
    assert article.meta["author"] == "Jane Roe"


def test_csv_text_column_and_meta(store: Store, tmp_path: Path) -> None:
    write(tmp_path / "a.csv", 'title,text,source\nFirst,"Alpha said 2 things.",Wire\nSecond,"Beta, too.",\n')
    run(store, tmp_path / "a.csv")
    rows = store.articles.library("x")
    assert [(r.title, r.source) for r in rows] == [("First", "Wire"), ("Second", None)]


def test_raw_prodigy_file_has_93_distinct_texts(store: Store) -> None:
    summary = run(store, peer_file("prodigy_raw_shares_newsapi.jsonl"))
    assert (summary.records, summary.added, summary.duplicates) == (1000, 93, 907)
    article = store.articles.get(store.articles.ids()[0])
    assert article.meta["source"] == "TechCrunch" and article.meta["via"] == "News API"


def test_annotated_prodigy_file_keeps_spans_tokens_and_answers(db_path: Path, fashion_schema) -> None:
    store = Store(db_path, schema=fashion_schema)
    summary = run(store, peer_file("prodigy_fashion_brands_training.jsonl"), who="dataset")
    assert summary.records == 1235 and summary.spans == 527
    lines = [json.loads(line) for line in peer_file("prodigy_fashion_brands_training.jsonl").open()]
    with_span = next(task for task in lines if task["spans"])
    article_id = next(a for a in store.articles.ids() if store.articles.get(a).text == with_span["text"])
    claims = store.claims.of_article(article_id)
    assert [(c.start, c.end, c.label, c.annotator) for c in claims] == [
        (s["start"], s["end"], s["label"], "dataset") for s in with_span["spans"]
    ]
    first_token = with_span["tokens"][0]
    assert store.articles.get(article_id).meta["tokens"][0] == [first_token["start"], first_token["end"]]
    assert store.progress.done_by(article_id) == ["dataset"]
    again = run(store, peer_file("prodigy_fashion_brands_training.jsonl"), who="dataset")
    assert again.spans == 0 and again.added == 0


def test_doccano_and_annotator_keys(store: Store, tmp_path: Path) -> None:
    lines = [
        {"text": "Prices rose 5% in May.", "label": [[0, 21, "QUANTITY"]], "annotator": "bob"},
        {"text": "The law bans it.", "entities": [{"id": 1, "start_offset": 4, "end_offset": 7, "label": "RULE"}]},
        {
            "text": "They will win.",
            "spans": [{"start": 0, "end": 13, "label": "PREDICTION"}],
            "_annotator_id": "sess-carol",
        },
    ]
    write(tmp_path / "d.jsonl", "\n".join(json.dumps(line) for line in lines))
    run(store, tmp_path / "d.jsonl", who="dave")
    owners = sorted((c.annotator, c.label) for a in store.articles.ids() for c in store.claims.of_article(a))
    assert owners == [("bob", "QUANTITY"), ("dave", "RULE"), ("sess-carol", "PREDICTION")]


def test_spans_follow_normalization(store: Store, tmp_path: Path) -> None:
    raw = "  Cafe\u0301 owners said\r\nprices rose 5%.  "
    start = raw.index("prices")
    write(
        tmp_path / "n.jsonl",
        json.dumps({"text": raw, "spans": [{"start": start, "end": start + 15, "label": "QUANTITY"}]}),
    )
    run(store, tmp_path / "n.jsonl")
    article = store.articles.get(store.articles.ids()[0])
    claim = store.claims.of_article(article.id)[0]
    assert article.text == "Café owners said\nprices rose 5%."
    assert article.text[claim.start : claim.end] == "prices rose 5%."


@given(st.lists(st.text(alphabet="abc .\n", min_size=1, max_size=30).filter(str.strip), min_size=1, max_size=6))
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_import_is_idempotent(tmp_path: Path, texts: list[str]) -> None:
    db = tmp_path / f"idem-{abs(hash(tuple(texts)))}.db"
    src = tmp_path / f"in-{abs(hash(tuple(texts)))}.jsonl"
    src.write_text("\n".join(json.dumps({"text": t}) for t in texts), encoding="utf-8")
    store = Store(db)
    run(store, src)
    once = store.articles.ids()
    run(store, src)
    assert store.articles.ids() == once
    assert len(once) == len({normalize(t) for t in texts})
    store.close()


BAD_INPUTS = [
    ("bad.txt", b"caf\xe9 au lait\n", "bad.txt:1: invalid UTF-8"),
    ("bad2.txt", b"line one\nline two \xff\n", "bad2.txt:2: invalid UTF-8"),
    ("bin.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary file"),
    ("utf16.txt", "Windows text.\r\n".encode("utf-16"), "utf16.txt: UTF-16 text"),
    ("empty.txt", b"  \n\n", "empty file"),
    ("broken.jsonl", b'{"text": "ok"}\n{"text": "no end"\n', "broken.jsonl:2: malformed JSON"),
    ("notext.jsonl", b'{"text": "ok"}\n{"meta": {"a": 1}}\n', 'notext.jsonl:2: no "text"'),
    (
        "outside.jsonl",
        b'{"text": "short", "spans": [{"start": 0, "end": 50, "label": "EVENT"}]}\n',
        "outside.jsonl:1: span 0-50 is outside the text",
    ),
    (
        "label.jsonl",
        b'{"text": "short text", "spans": [{"start": 0, "end": 5, "label": "FASHION"}]}\n',
        "label.jsonl:1: unknown label 'FASHION'",
    ),
    ("array.jsonl", b"[1, 2]\n", "array.jsonl:1: a JSON object is expected"),
    ("number.jsonl", b'{"text": "ok"}\n3.5\n', "number.jsonl:2: a JSON object is expected, not a number"),
    ("spans.jsonl", b'{"text": "short text", "spans": "0-5"}\n', 'spans.jsonl:1: malformed "spans" (a list of objects'),
    ("spans2.jsonl", b'{"text": "short text", "spans": [[0, 5, "EVENT"]]}\n', 'spans2.jsonl:1: malformed "spans"'),
    (
        "entities.jsonl",
        b'{"text": "short text", "entities": {"start_offset": 0}}\n',
        'entities.jsonl:1: malformed "entities"',
    ),
    (
        "meta.jsonl",
        b'{"text": "short text", "meta": "from the web"}\n',
        'meta.jsonl:1: "meta" must be a JSON object, not a string',
    ),
    ("notext.csv", b"title,body\nA,B\n", "notext.csv:1: no 'text' column"),
    ("header.csv", b"title,text\r\n", "header.csv: no rows below the header line"),
    ("blank.csv", b"  \n\n", "blank.csv: empty file"),
    ("latin1.csv", b"title,text\nA,ok\nB,caf\xe9\n", "latin1.csv:3: invalid UTF-8 (byte 0xe9)"),
    ("late.csv", b"text\n" + b"fine row\n" * 20000 + b"\xff\n", "late.csv:20002: invalid UTF-8 (byte 0xff)"),
    ("doc.pdf", b"%PDF-1.4", "unsupported file type '.pdf'"),
]


@pytest.mark.parametrize(("name", "content", "message"), BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_bad_input_names_file_and_line_and_changes_nothing(
    seeded: Store, tmp_path: Path, name, content, message
) -> None:
    good = write(tmp_path / "good.jsonl", '{"text": "A good article that must not be half-imported."}\n')
    bad = write(tmp_path / name, content)
    before = dump(seeded.path)
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        run(seeded, good, bad)
    assert dump(seeded.path) == before


def test_missing_path_is_an_error(seeded: Store, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file or folder"):
        run(seeded, tmp_path / "missing.txt")
    with pytest.raises(InputError, match="no file matches"):
        run(seeded, str(tmp_path / "*.nothing"))


def test_prodigy_eval_file_imports_all_spans(db_path: Path, fashion_schema) -> None:
    store = Store(db_path, schema=fashion_schema)
    summary = run(store, peer_file("prodigy_fashion_brands_eval.jsonl"))
    assert (summary.records, summary.spans) == (500, 238)
    for article_id in store.articles.ids()[:50]:
        text = store.articles.get(article_id).text
        for claim in store.claims.of_article(article_id):
            assert 0 <= claim.start < claim.end <= len(text)
