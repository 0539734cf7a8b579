"""INCEpTION / WebAnno TSV 3.3: read by web-anno-tsv (the TSV 3.x reader on the package index: UTF-16 offsets, token
texts, labels) and by the format's rules (header, ids of multi-token and stacked claims, relations, escaping)."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest

from reader.export.formats.inception import escape_text, escape_value
from reader.models import ClaimFields
from reader.segment import sentence_spans
from reader.store import Store
from tests.export.helpers import annotate, export

EMOJI = "Emoji test 😀 and 🚀 here.\n\nThe rate rose 5% in 2023, officials said. It fell in 2024."
HEADER = [
    "#FORMAT=WebAnno TSV 3.3",
    "#T_SP=webanno.custom.Claim|confidence|label",
    "#T_RL=webanno.custom.ClaimLink|relation|BT_webanno.custom.Claim",
    "",
    "",
]


@pytest.fixture
def folder(seeded: Store, db_path: Path, tmp_path: Path) -> tuple[Path, Store]:
    """The annotated seeds with a link between alice's claims, a claim across two sentences and one stacked on
    another, and an article with emoji before a claim; exported as TSV."""
    ids = annotate(seeded)
    first, second = seeded.claims.of_article(ids[0], ["alice"])
    seeded.links.create("alice", first.id, second.id, "supports")
    s0, s1 = sentence_spans(seeded.articles.get(ids[1]).text)[:2]
    seeded.claims.create(ids[1], "zed", s0[0], s1[1], ClaimFields(label="OTHER", confidence=2))
    seeded.claims.create(ids[1], "zed", s0[0], s0[1], ClaimFields(label="RULE", confidence=1))
    source = tmp_path / "emoji.txt"
    source.write_text(EMOJI, encoding="utf-8")
    from reader.ingest import import_paths

    import_paths(seeded, [str(source)], "auto", "alice")
    emoji = next(a for a in seeded.articles.ids() if seeded.articles.get(a).text.startswith("Emoji"))
    seeded.claims.create(
        emoji, "alice", EMOJI.index("The"), EMOJI.index(","), ClaimFields(label="QUANTITY", confidence=3)
    )
    out = tmp_path / "tsv"
    result = export(db_path, "--format", "inception", "-o", str(out))
    assert result.exit_code == 0, result.output
    return out, seeded


def read_tsv(path: Path) -> tuple[list[tuple[str, int, int, str]], dict[str, tuple[str, int, int]], list]:
    """Parse a file by the format's rules: each claim's (label, confidence, first row, last row) by its id or its
    single token, the rows, and the relations as (relation, source row, target row)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[:5] == HEADER
    rows: dict[str, tuple[str, int, int]] = {}
    order: list[str] = []
    claims: dict[str, list] = defaultdict(list)
    relations = []
    for line in lines[5:]:
        if not line or line.startswith("#Text="):
            continue
        cells = line.split("\t")
        assert len(cells) == 8 and cells[-1] == "", line
        ref, offsets, token, levels, labels, kinds, sources = cells[:7]
        start, end = map(int, offsets.split("-"))
        rows[ref] = (token, start, end)
        order.append(ref)
        if labels != "_":
            for n, (label, level) in enumerate(zip(labels.split("|"), levels.split("|"), strict=True)):
                found = re.fullmatch(r"(.+?)(\[(\d+)\])?", label)
                key = found.group(3) or f"{ref}/{n}"
                claims[key].append((found.group(1).replace("\\_", "_"), int(level.split("[")[0]), ref))
        if kinds != "_":
            for kind, source in zip(kinds.split("|"), sources.split("|"), strict=True):
                relations.append((kind, source, ref))
    spans = []
    for parts in claims.values():
        assert len({(label, level) for label, level, _ in parts}) == 1
        refs = [order.index(ref) for _, _, ref in parts]
        assert refs == list(range(refs[0], refs[0] + len(refs)))  # contiguous tokens
        spans.append((parts[0][0], parts[0][1], rows[parts[0][2]][1], rows[parts[-1][2]][2]))
    return spans, rows, relations


def test_every_claim_and_link_reads_back_with_utf16_offsets(folder) -> None:
    out, store = folder
    files = sorted(out.rglob("*.tsv"))
    assert {p.parent.name for p in files} == {"alice", "bob", "gold", "zed"}
    relations = 0
    for path in files:
        text = store.articles.get(path.stem).text
        units = text.encode("utf-16-le")
        spans, rows, links = read_tsv(path)
        for token, start, end in rows.values():
            assert units[2 * start : 2 * end].decode("utf-16-le") == token
        claims = store.claims.of_article(path.stem, [path.parent.name])
        assert sorted(spans) == sorted(
            (c.label, c.confidence, len(text[: c.start].encode("utf-16-le")) // 2,
             len(text[: c.end].encode("utf-16-le")) // 2) for c in claims
        )  # fmt: skip
        for kind, source, target in links:
            assert kind == "supports" and re.sub(r"\[.*\]", "", source) in rows and target in rows
        relations += len(links)
    assert relations == 1


def test_web_anno_tsv_reads_every_file(folder) -> None:
    """The only TSV 3.x reader on the package index: it checks UTF-16 offsets and token texts against `#Text=`,
    and gives each sentence's annotations (a claim across sentences comes back in pieces)."""
    web_anno_tsv = pytest.importorskip("web_anno_tsv")
    out, store = folder
    for path in sorted(out.rglob("*.tsv")):
        text = store.articles.get(path.stem).text
        with web_anno_tsv.open_web_anno_tsv(str(path)) as reader:
            found = [(a.label, a.text) for sentence in reader for a in sentence.annotations]
        claims = store.claims.of_article(path.stem, [path.parent.name])
        sentences = sentence_spans(text)
        expected = []
        for claim in claims:
            pieces = [
                (max(s, claim.start), min(e, claim.end)) for s, e in sentences if s < claim.end and claim.start < e
            ]
            expected += [(claim.label, text[s:e]) for s, e in pieces]
        assert sorted(found) == sorted(expected), path


def test_escaping_follows_the_format() -> None:
    assert escape_value("Q_A|B->C[1]") == "Q\\_A\\|B\\->C\\[1\\]"
    assert escape_text("a\\b\tc\x01") == "a\\\\b\\tc\\\x01"
