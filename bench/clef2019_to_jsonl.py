"""Convert the CLEF-2019 CheckThat! Task 1 check-worthiness files (one TSV per debate or speech:
line_number, speaker, sentence, label) into Prodigy-style JSONL that `claim-reader import` reads, plus a schema.

Each debate becomes one article, one line of the file a line of its text (meta `unit: line`, so training and
`suggest --evaluate` take each line as one sentence, even one the reader splits in two); each line labelled 1 becomes
a CHECKWORTHY claim, and every debate is answered "accept" so it is marked done: its other lines are negatives. A file
under a `training` folder gets meta `split: train`, one under `test_annotated` (or `test`) `split: test`. A file
without the label column (the task's `data/test/` holds the test debates unlabelled) is refused, naming the file and
line. The data stays outside the repository (the task's licence: "free for general research use").

Run: python -m bench.clef2019_to_jsonl DATA/training DATA/test_annotated OUT_DIR     (folders or files, then OUT_DIR)
     claim-reader --db /tmp/clef.db --schema OUT_DIR/schema.toml import OUT_DIR/clef2019.jsonl
     claim-reader --db /tmp/clef.db suggest --evaluate --split-by split      (the official split, as the task scores)
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import orjson

LABEL = "CHECKWORTHY"
SOURCE = "CLEF-2019 CheckThat! Task 1"
SPLITS = {"training": "train", "train": "train", "test_annotated": "test", "test": "test"}
"""The folder a file lies in to the split its meta names."""
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


class Unlabelled(ValueError):
    """A data file without the label column: converting it would make every line a negative."""


def debate(
    title: str, source: str, annotator: str, sentences: Iterable[tuple[str, bool]], **meta: Any
) -> dict[str, object]:
    """One debate as one task: its sentences (whitespace collapsed, empty ones dropped) joined by newlines, each line
    one sentence (meta `unit: line`), the check-worthy ones as spans, answered "accept" so the article is done."""
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
        "meta": {"title": title, "source": source, "unit": "line", **meta},
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
    """One CLEF TSV file as one task, its split from the folder it lies in; a line without a label is refused."""
    rows = []
    for number, row in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        fields = row.split("\t")
        if len(fields) < 4 or fields[3].strip() not in ("0", "1"):
            raise Unlabelled(
                f"{path}:{number}: no label (0 or 1) in the fourth column: unlabelled data cannot be scored"
            )
        rows.append((fields[2], fields[3].strip() == "1"))
    split = next((SPLITS[part] for part in reversed(path.parent.parts) if part in SPLITS), None)
    return debate(path.stem, SOURCE, "clef2019", rows, **({"split": split} if split else {}))


def main() -> None:
    """Write clef2019.jsonl and schema.toml into OUT_DIR from every TSV file of the folders (or files) given."""
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    paths = [
        p for arg in sys.argv[1:-1] for p in ([Path(arg)] if Path(arg).is_file() else sorted(Path(arg).rglob("*.tsv")))
    ]
    try:
        tasks = [debate_task(path) for path in paths]
    except Unlabelled as error:
        sys.exit(f"clef2019_to_jsonl: error: {error}")
    write(Path(sys.argv[-1]), "clef2019", tasks, schema_toml(SOURCE, f"A sentence worth fact-checking ({SOURCE})."))


if __name__ == "__main__":
    main()
