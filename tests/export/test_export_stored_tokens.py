"""Token output is a function of the database alone: spaCy's English rules applied without spaCy, each article
tokenized once and its tokens stored, the same bytes with spaCy installed or not."""

from __future__ import annotations

import json
import random
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from reader.models import ClaimFields
from reader.seeds import import_seeds
from reader.store import Store
from reader.tokenizer import TOKENIZER, english, word_spans
from tests.export.helpers import annotate, export
from tests.helpers import peer_file

NEWS = "Kim Jong-un said they’ll meet.\n\nThe U.S. envoy can't come; 10,000 troops left at 10:30 a.m. (e.g. 5%)."
TOKEN_FORMATS = (("prodigy", "p.jsonl"), ("conll", "c.conll"), ("hf", "h.jsonl"), ("inception", "tsv"))


@pytest.fixture
def unexported(tmp_path: Path) -> Path:
    """The seeds annotated by several people, plus an article where spaCy's rules differ most from a plain regex;
    no export has run on it yet, so no tokens are stored."""
    db = tmp_path / "fresh.db"
    store = Store(db)
    import_seeds(store)
    annotate(store)
    source = tmp_path / "news.txt"
    source.write_text(NEWS, encoding="utf-8")
    from reader.ingest import import_paths

    import_paths(store, [str(source)], "auto", "ana")
    article = next(a for a in store.articles.ids() if store.articles.get(a).text.startswith("Kim"))
    text = store.articles.get(article).text
    for piece in ("Kim Jong-un said they’ll meet.", "10,000 troops"):
        start = text.index(piece)
        store.claims.create(article, "ana", start, start + len(piece), ClaimFields(label="EVENT", confidence=2))
    store.close()
    return db


def _export_without_spacy(db: Path, fmt: str, out: Path) -> subprocess.CompletedProcess[str]:
    """Export in a fresh process where `import spacy` fails, as on a machine without the spacy extra."""
    code = (
        "import sys\n"
        "sys.modules['spacy'] = None\n"
        "from reader.cli import main\n"
        f"sys.argv = ['claim-reader', '--db', {str(db)!r}, '--annotator', 'tester', 'export', '--format', {fmt!r},"
        f" '-o', {str(out)!r}]\n"
        "main()\n"
    )
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False)


def _contents(out: Path) -> dict[str, bytes]:
    """Every file an export wrote (one file, or a folder of them) by its path inside the output."""
    if out.is_file():
        return {"": out.read_bytes()}
    files = {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    assert files, out
    return files


def test_token_formats_give_the_same_bytes_with_and_without_spacy(unexported: Path, tmp_path: Path) -> None:
    pytest.importorskip("spacy")
    with_spacy, without_spacy = tmp_path / "a.db", tmp_path / "b.db"
    shutil.copy(unexported, with_spacy)
    shutil.copy(unexported, without_spacy)
    for fmt, name in TOKEN_FORMATS:
        here, there = tmp_path / f"with-{name}", tmp_path / f"without-{name}"
        assert export(with_spacy, "--format", fmt, "-o", str(here)).exit_code == 0
        done = _export_without_spacy(without_spacy, fmt, there)
        assert done.returncode == 0, done.stderr
        assert _contents(here) == _contents(there), fmt
    tasks = [json.loads(line) for line in (tmp_path / "with-p.jsonl").read_text().splitlines()]
    words = [t["text"] for t in next(task for task in tasks if task["text"] == NEWS)["tokens"]]
    assert words[:4] == ["Kim", "Jong", "-", "un"] and "’ll" in words and "ca" in words and "n't" in words


def test_each_article_is_tokenized_once_and_its_stored_tokens_reused(unexported: Path, tmp_path: Path) -> None:
    assert export(unexported, "--format", "conll", "-o", str(tmp_path / "first.conll")).exit_code == 0
    conn = sqlite3.connect(unexported)
    stored = dict(conn.execute("SELECT article_id, tokenizer FROM tokens").fetchall())
    annotated = {row[0] for row in conn.execute("SELECT article_id FROM claims UNION SELECT article_id FROM progress")}
    assert set(stored) == annotated and set(stored.values()) == {TOKENIZER}
    news = next(a for (a,) in conn.execute("SELECT id FROM articles WHERE text LIKE 'Kim%'"))
    joined = [(0, 3), (4, 11)] + [span for span in word_spans(NEWS) if span[0] >= 12]  # "Jong-un" as one token
    conn.execute("UPDATE tokens SET spans = ? WHERE article_id = ?", [json.dumps(sum(joined, ())), news])
    conn.commit()
    conn.close()
    again = export(unexported, "--format", "prodigy", "--article", news).stdout_bytes
    assert [t["text"] for t in json.loads(again)["tokens"]][:2] == ["Kim", "Jong-un"]


def test_a_read_only_database_exports_the_same_tokens_without_storing_them(unexported: Path, tmp_path: Path) -> None:
    writable = tmp_path / "w.db"
    shutil.copy(unexported, writable)
    assert export(writable, "--format", "hf", "-o", str(tmp_path / "w.jsonl")).exit_code == 0
    from reader.export.formats import hf
    from reader.export.records import Job
    from reader.store import SpanFilter

    store = Store(unexported, readonly=True)
    hf.export(Job(store, SpanFilter(), str(tmp_path / "r.jsonl")))
    assert store.db.conn.execute("SELECT count(*) FROM tokens").fetchone()[0] == 0
    store.close()
    assert (tmp_path / "r.jsonl").read_bytes() == (tmp_path / "w.jsonl").read_bytes()


def _corpus(seeded: Store) -> list[str]:
    """The seed articles as stored and every text of the peer data: news prose, product titles, social posts."""
    texts = [seeded.articles.get(article_id).text for article_id in seeded.articles.ids()]
    for name in ("prodigy_fashion_brands_training.jsonl", "prodigy_fashion_brands_eval.jsonl"):
        texts += [json.loads(line)["text"] for line in peer_file(name).read_text(encoding="utf-8").splitlines()]
    return texts


def test_the_rules_give_spacys_tokens_on_the_seeds_and_the_peer_data(seeded: Store) -> None:
    spacy = pytest.importorskip("spacy")
    tokenizer = spacy.blank("en").tokenizer
    texts = _corpus(seeded)
    assert len(texts) > 1700
    for text in texts:
        assert english()(text) == [(t.idx, t.idx + len(t)) for t in tokenizer(text)], text[:80]


PIECES = [
    "a", "Ab", "12", "3.5", "1,000", "'", "’", '"', "“", "(", ")", "[", "-", "–", ".", ",", ";", ":", "!", "?", "...",
    "…", "/", "$", "€", "%", "&", "#", "@", "*", "+", "<", "😀", "👍🏽", "é", "中文", "\u00a0", "\u200b",
    "http://a.b/c?d=e", "www.x.com", "a@b.com", "km", "p.m.", "n't", "'s", "'ll", "U.S.", "e.g.", "Jong-un", "10th",
    "°C", ":)", ";-)", "<3", " ", " ", "  ", "\n", "\n\n", "\t", " \n",
]  # fmt: skip


def test_the_rules_give_spacys_tokens_on_random_strings_of_risky_pieces() -> None:
    spacy = pytest.importorskip("spacy")
    tokenizer = spacy.blank("en").tokenizer
    specials = sorted(english().specials)
    rng = random.Random(7)
    for _ in range(3000):
        text = "".join(
            rng.choice(specials) if rng.random() < 0.25 else rng.choice(PIECES) for _ in range(rng.randint(1, 12))
        )
        assert english()(text) == [(t.idx, t.idx + len(t)) for t in tokenizer(text)], repr(text)
