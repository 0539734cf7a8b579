"""brat export: .txt exactly the article text, T lines with fragments split at newlines, attributes, notes, conf."""

from __future__ import annotations

from pathlib import Path

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
