"""Convert the CLEF-2019 CheckThat! Task 1 check-worthiness files (one TSV per debate or speech:
line_number, speaker, sentence, label) into Prodigy-style JSONL that `claim-reader import` reads, plus a schema.

Each debate becomes one article, one sentence a line; each sentence labelled 1 becomes a CHECKWORTHY claim, and
every debate is answered "accept" so it is marked done: its other sentences are negatives for training. The data
stays outside the repository (the task's licence: "free for general research use").

Run: python -m bench.clef2019_to_jsonl DATA_DIR OUT_DIR
     claim-reader --db /tmp/clef.db --schema OUT_DIR/schema.toml import OUT_DIR/clef2019.jsonl
     claim-reader --db /tmp/clef.db --schema OUT_DIR/schema.toml suggest --evaluate
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

import orjson

LABEL = "CHECKWORTHY"
SOURCE = "CLEF-2019 CheckThat! Task 1"
SCHEMA = """# One label: a sentence the {source} annotators marked for fact-checking. It takes every cue rule,
# since any of them may mark a check-worthy claim.
default_confidence = 3

[[labels]]
name = "{label}"
key = "1"
color = "#e6a23c"
definition = "{definition}"
cues = ["quantity", "forecast", "future", "causal", "rule", "stance", "quote", "attribution", "event", "statement"]

[[confidence]]
value = 3
name = "sure"
key = "3"
"""


def schema_toml(source: str, definition: str) -> str:
    """The one-label schema a converted check-worthiness set is imported with."""
    return SCHEMA.format(source=source, label=LABEL, definition=definition)


def debate(title: str, source: str, annotator: str, sentences: Iterable[tuple[str, bool]]) -> dict[str, object]:
    """One debate as one task: its sentences (whitespace collapsed, empty ones dropped) joined by newlines, the
    check-worthy ones as spans, answered "accept" so the article is done."""
    lines: list[str] = []
    spans: list[dict[str, object]] = []
    start = 0
    for raw, checkworthy in sentences:
        sentence = " ".join(raw.split())
        if not sentence:
            continue
        if checkworthy:
            spans.append({"start": start, "end": start + len(sentence), "label": LABEL})
        lines.append(sentence)
        start += len(sentence) + 1
    return {
        "text": "\n".join(lines),
        "meta": {"title": title, "source": source},
        "spans": spans,
        "answer": "accept",
        "_annotator_id": annotator,
    }


def write(target: Path, name: str, tasks: Sequence[dict[str, object]], schema: str) -> None:
    """Write NAME.jsonl and schema.toml into the target folder and say what they hold."""
    target.mkdir(parents=True, exist_ok=True)
    (target / f"{name}.jsonl").write_bytes(b"".join(orjson.dumps(task) + b"\n" for task in tasks))
    (target / "schema.toml").write_text(schema, encoding="utf-8")
    claims = sum(len(task["spans"]) for task in tasks)  # type: ignore[arg-type]
    print(f"{len(tasks)} debates, {claims} check-worthy sentences -> {target}")


def debate_task(path: Path) -> dict[str, object]:
    """One CLEF TSV file as one task."""
    rows = (row.split("\t") for row in path.read_text(encoding="utf-8").splitlines())
    return debate(
        path.stem,
        SOURCE,
        "clef2019",
        ((fields[2], fields[3].strip() in ("1", "01")) for fields in rows if len(fields) >= 4),
    )


def main() -> None:
    """Write clef2019.jsonl and schema.toml into OUT_DIR from every TSV file under DATA_DIR."""
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    tasks = [debate_task(path) for path in sorted(Path(sys.argv[1]).rglob("*.tsv"))]
    write(Path(sys.argv[2]), "clef2019", tasks, schema_toml(SOURCE, f"A sentence worth fact-checking ({SOURCE})."))


if __name__ == "__main__":
    main()
