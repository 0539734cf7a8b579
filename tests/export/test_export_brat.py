"""brat export: .txt exactly the article text, T lines with fragments split at newlines, attributes, notes, conf."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.export.formats.brat import folder_name, fragments
from reader.models import ClaimFields
from reader.store import Store
from tests.export.helpers import annotate, export


def parse(ann: str) -> dict[str, list[list[str]]]:
    lines: dict[str, list[list[str]]] = {}
    for line in ann.splitlines():
        lines.setdefault(line[0], []).append(line.split("\t"))
    return lines


def test_standoff_pairs_attributes_and_notes(seeded: Store, db_path: Path, tmp_path: Path) -> None:
    ids = annotate(seeded)
    out = tmp_path / "brat"
    result = export(db_path, "--format", "brat", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["alice", "annotation.conf", "bob", "gold"]
    assert (out / "alice" / f"{ids[0]}.txt").read_text(encoding="utf-8") == seeded.articles.get(ids[0]).text
    text = seeded.articles.get(ids[0]).text
    lines = parse((out / "alice" / f"{ids[0]}.ann").read_text(encoding="utf-8"))
    entities = lines["T"]
    assert [e[0] for e in entities] == ["T1", "T2"]
    for entity in entities:
        label, start, end = entity[1].split(" ")
        assert text[int(start) : int(end)] == entity[2] and label in ("EVENT", "QUANTITY")
    assert [a[1] for a in lines["A"]] == ["Confidence T1 3", "Checkworthy T1", "Confidence T2 1", "Hedged T2"]
    claims = seeded.claims.of_article(ids[0], ["alice"])
    assert [n[1:] for n in lines["N"]] == [
        [f"Reference T{i} ClaimReader:{c.id}", c.label] for i, c in enumerate(claims, 1)
    ]
    assert lines["#"] == [["#1", "AnnotatorNotes T1", "lead paragraph; speaker: Pentagon"]]
    conf = (out / "annotation.conf").read_text()
    assert "[entities]\nEVENT\nQUANTITY" in conf and "Confidence Arg:<ENTITY>, Value:1|2|3" in conf


def test_spans_across_newlines_become_fragments(seeded: Store, db_path: Path, tmp_path: Path) -> None:
    article = next(a for a in seeded.articles.ids() if "\n\n" in seeded.articles.get(a).text)
    text = seeded.articles.get(article).text
    cut = text.index("\n\n")
    start, end = text.rindex(" ", 0, cut) + 1, text.index(" ", cut + 2)
    seeded.claims.create(article, "alice", start, end, ClaimFields(label="OTHER", confidence=2))
    out = tmp_path / "b"
    assert export(db_path, "--format", "brat", "-o", str(out)).exit_code == 0
    entity = parse((out / "alice" / f"{article}.ann").read_text(encoding="utf-8"))["T"][0]
    assert entity[1] == f"OTHER {start} {cut};{cut + 2} {end}"
    assert entity[2] == f"{text[start:cut]} {text[cut + 2 : end]}" and "\n" not in entity[2]


def test_fragments_and_folder_names() -> None:
    assert fragments("ab\ncd\n\nef", 0, 9) == [(0, 2), (3, 5), (7, 9)]
    assert fragments("ab\n", 0, 3) == [(0, 2)]
    assert folder_name("../x") == ".._x" and folder_name("..") == "_.." and folder_name("a b") == "a_b"


@pytest.fixture
def linked(seeded: Store, db_path: Path) -> tuple[Path, list[str]]:
    """The annotated seeds with a link inside one of alice's documents, one across articles, a second label on one
    of alice's spans, and a claim across a paragraph break."""
    ids = annotate(seeded)
    first, second = seeded.claims.of_article(ids[0], ["alice"])
    other = seeded.claims.of_article(ids[1], ["alice"])[0]
    seeded.links.create("alice", first.id, second.id, "supports")
    seeded.links.create("alice", first.id, other.id, "quote-variant")
    seeded.claims.create(ids[0], "alice", first.start, first.end, ClaimFields(label="PREDICTION", confidence=1))
    article = next(a for a in seeded.articles.ids() if "\n\n" in seeded.articles.get(a).text)
    text = seeded.articles.get(article).text
    cut = text.index("\n\n")
    seeded.claims.create(
        article, "bob", text.rindex(" ", 0, cut) + 1, text.index(" ", cut + 2), ClaimFields(label="OTHER", confidence=2)
    )
    seeded.close()
    return db_path, ids


def test_links_become_relations_or_references_declared_in_the_conf(linked, tmp_path: Path) -> None:
    db, ids = linked
    out = tmp_path / "brat"
    result = export(db, "--format", "brat", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "1 claim(s) share their span with another claim of the same annotator" in result.stderr
    store = Store(db)
    first, second, other = (
        *(c for c in store.claims.of_article(ids[0], ["alice"]) if c.label != "PREDICTION"),
        store.claims.of_article(ids[1], ["alice"])[0],
    )
    lines = parse((out / "alice" / f"{ids[0]}.ann").read_text(encoding="utf-8"))
    assert [r[1] for r in lines["R"]] == ["supports Arg1:T1 Arg2:T2"]
    assert [n[1:] for n in lines["N"]][-1] == [f"Reference T1 quote_variant:{other.id}", "quote-variant"]
    assert any(n[1] == f"Reference T1 ClaimReader:{first.id}" for n in lines["N"]) and second.id
    stacked = parse((out / "alice" / f"{ids[0]}~2.ann").read_text(encoding="utf-8"))
    assert [t[1] for t in stacked["T"]] == [f"PREDICTION {first.start} {first.end}"]
    assert (out / "alice" / f"{ids[0]}~2.txt").read_text(encoding="utf-8") == store.articles.get(ids[0]).text
    conf = (out / "annotation.conf").read_text(encoding="utf-8")
    assert "[relations]\nsame Arg1:<ENTITY>, Arg2:<ENTITY>\nsupports Arg1:<ENTITY>, Arg2:<ENTITY>" in conf
    assert "quote-variant Arg1:<ENTITY>, Arg2:<ENTITY>" in conf
    store.close()


def _written(folder: Path) -> dict[str, dict[str, int]]:
    """Per document, how many T and R lines its .ann holds: what a parser must read back."""
    counts = {}
    for ann in folder.glob("*.ann"):
        lines = ann.read_text(encoding="utf-8").splitlines()
        counts[ann.stem] = {kind: sum(line.startswith(kind) for line in lines) for kind in ("T", "R")}
    return counts


def test_pybrat_strict_and_bratly_read_every_folder_whole(linked, tmp_path: Path) -> None:
    """pybrat refused the folder ("identical span for different entities") and the links were missing."""
    pybrat = pytest.importorskip("pybrat.parser")
    bratly_io = pytest.importorskip("bratly.io")
    from bratly import EntityAnnotation, RelationAnnotation

    db, _ids = linked
    out = tmp_path / "brat"
    assert export(db, "--format", "brat", "-o", str(out)).exit_code == 0
    folders = sorted(p for p in out.iterdir() if p.is_dir())
    assert [p.name for p in folders] == ["alice", "bob", "gold"]
    relations = 0
    for folder in folders:
        written = _written(folder)
        examples = pybrat.BratParser(error="raise").parse(str(folder))
        assert sorted(Path(e.id).name for e in examples) == sorted(written)
        for example in examples:
            for entity in example.entities:
                assert " ".join(example.text[s.start : s.end] for s in entity.spans) == entity.mention
            counts = written[Path(example.id).name]
            assert (len(example.entities), len(example.relations)) == (counts["T"], counts["R"])
            relations += len(example.relations)
        collection = bratly_io.read_document_collection_from_folder(str(folder))
        assert collection is not None, folder
        for document in collection.documents:
            found = [a for c in document.annotation_collections for a in c.annotations]
            entities = [a for a in found if isinstance(a, EntityAnnotation)]
            counts = written[Path(document.fullpath).stem]
            assert len(entities) == counts["T"]
            assert sum(isinstance(a, RelationAnnotation) for a in found) == counts["R"]
            for entity in entities:
                assert " ".join(document.text[f.start : f.end] for f in entity.fragments) == entity.content
    assert relations == 1
