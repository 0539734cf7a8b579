"""Convert the CLEF-2019 CheckThat! Task 1 check-worthiness files (one TSV per debate or speech:
line_number, speaker, sentence, label) into Prodigy-style JSONL that `claim-reader import` reads, plus a schema.

Each debate becomes one article, one sentence a line; each sentence labelled 1 becomes a CHECKWORTHY claim, and
every debate is answered "accept" so it is marked done: its other sentences are negatives for training. The data
stays outside the repository (the task's licence: "free for general research use").

Run: python bench/clef2019_to_jsonl.py DATA_DIR OUT_DIR
     claim-reader --db /tmp/clef.db --schema OUT_DIR/schema.toml import OUT_DIR/clef2019.jsonl
     claim-reader --db /tmp/clef.db --schema OUT_DIR/schema.toml suggest --evaluate
"""

from __future__ import annotations

import sys
from pathlib import Path

import orjson

LABEL = "CHECKWORTHY"
ANNOTATOR = "clef2019"
SCHEMA = f"""# One label: a sentence the CLEF-2019 CheckThat! annotators marked for fact-checking. It takes every cue rule,
# since any of them may mark a check-worthy claim.
default_confidence = 3

[[labels]]
name = "{LABEL}"
key = "1"
color = "#e6a23c"
definition = "A sentence worth fact-checking (CLEF-2019 CheckThat! Task 1)."
cues = ["quantity", "forecast", "future", "causal", "rule", "stance", "quote", "attribution", "event", "statement"]

[[confidence]]
value = 3
name = "sure"
key = "3"
"""


def debate_task(path: Path) -> dict[str, object]:
    """One debate as one task: its sentences joined by newlines, its check-worthy sentences as spans."""
    lines: list[str] = []
    spans: list[dict[str, object]] = []
    start = 0
    for row in path.read_text(encoding="utf-8").splitlines():
        fields = row.split("\t")
        if len(fields) < 4 or not " ".join(fields[2].split()):
            continue
        sentence = " ".join(fields[2].split())
        if fields[3].strip() in ("1", "01"):
            spans.append({"start": start, "end": start + len(sentence), "label": LABEL})
        lines.append(sentence)
        start += len(sentence) + 1
    return {"text": "\n".join(lines), "meta": {"title": path.stem, "source": "CLEF-2019 CheckThat! Task 1"},
            "spans": spans, "answer": "accept", "_annotator_id": ANNOTATOR}


def main() -> None:
    """Write clef2019.jsonl and schema.toml into OUT_DIR from every TSV file under DATA_DIR."""
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    source, target = Path(sys.argv[1]), Path(sys.argv[2])
    target.mkdir(parents=True, exist_ok=True)
    tasks = [debate_task(path) for path in sorted(source.rglob("*.tsv"))]
    (target / "clef2019.jsonl").write_bytes(b"".join(orjson.dumps(task) + b"\n" for task in tasks))
    (target / "schema.toml").write_text(SCHEMA, encoding="utf-8")
    claims = sum(len(task["spans"]) for task in tasks)  # type: ignore[arg-type]
    print(f"{len(tasks)} debates, {claims} check-worthy sentences -> {target}")


if __name__ == "__main__":
    main()
