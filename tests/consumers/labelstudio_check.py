"""Label Studio's own code reading a claim-reader labelstudio export, with no server: label-studio-sdk's
LabelInterface validates the config and every annotation and prediction against it, every labels region's text must
be `data.text[start:end]` (code points, as `<Text>` stores them), and its converter must turn the file into JSON-MIN
(every annotation region) and CoNLL 2003 (the tokens each span covers tagged).

Usage (in a venv with `label-studio-sdk==2.1.2`; tests/consumers/run.sh makes it):
    python labelstudio_check.py TASKS.json   (its config is TASKS.json.config.xml)
"""

from __future__ import annotations

import itertools
import json
import sys
import tempfile
from pathlib import Path

from label_studio_sdk.converter import Converter
from label_studio_sdk.label_interface import LabelInterface
from nltk.tokenize.treebank import TreebankWordTokenizer

problems: list[str] = []


def main() -> int:
    tasks_path = Path(sys.argv[1])
    config = Path(f"{tasks_path}.config.xml").read_text(encoding="utf-8")
    interface = LabelInterface(config)
    interface.validate()
    tasks = json.loads(tasks_path.read_text(encoding="utf-8"))
    written = {"annotations": 0, "predictions": 0}
    for task in tasks:
        text = task["data"]["text"]
        for key in written:
            for item in task.get(key, []):
                errors = interface.validate_prediction(item, return_errors=True)
                problems.extend(f"task {task['id']} {key}: {error}" for error in errors)
                for region in item["result"]:
                    if region["type"] != "labels":
                        continue
                    written[key] += 1
                    value = region["value"]
                    if text[value["start"] : value["end"]] != value["text"]:
                        problems.append(f"task {task['id']} region {region['id']}: offsets do not give its text")
    converter = Converter(config, project_dir=None, download_resources=False)
    with tempfile.TemporaryDirectory() as out:
        converter.convert_to_json_min(str(tasks_path), out, is_dir=False)
        records = json.loads((Path(out) / "result.json").read_text(encoding="utf-8"))
        read = sum(len(record.get("label", [])) for record in records)
        if read != written["annotations"]:
            problems.append(f"JSON-MIN holds {read} regions, the file {written['annotations']} annotation regions")
        converter.convert_to_conll2003(str(tasks_path), out, is_dir=False)
        blocks = (Path(out) / "result.conll").read_text(encoding="utf-8").split("\n\n")
    check_conll(tasks, blocks)
    print(
        f"{tasks_path.name}: tasks {len(tasks)}; annotation regions {written['annotations']}, JSON-MIN read {read};"
        f" prediction regions {written['predictions']}; problems {len(problems)}"
    )
    for problem in problems[:20]:
        print("PROBLEM", problem)
    return 1 if problems else 0


def check_conll(tasks: list[dict], blocks: list[str]) -> None:
    """Each CoNLL block's tagged tokens are the Treebank tokens a span touches (blocks of annotations with
    overlapping spans, which IOB cannot hold, are skipped), one block per annotation, newest first."""
    tokenizer = TreebankWordTokenizer()
    if blocks and blocks[0].startswith("-DOCSTART-"):
        blocks[0] = blocks[0].split("\n", 1)[1]
    position = 0
    for task in tasks:
        text = task["data"]["text"]
        annotations = sorted(task["annotations"], key=lambda a: a.get("created_at") or "", reverse=True) or [None]
        for annotation in annotations:
            lines = [line for line in blocks[position].splitlines() if line]
            position += 1
            spans = sorted(
                (r["value"] for r in (annotation or {}).get("result", []) if r["type"] == "labels"),
                key=lambda v: v["start"],
            )
            if any(a["end"] > b["start"] for a, b in itertools.pairwise(spans)):
                continue
            tagged = [line.rsplit(" ", 1)[1] != "O" for line in lines]
            expected = [any(s < v["end"] and e > v["start"] for v in spans) for s, e in tokenizer.span_tokenize(text)]
            if tagged != expected:
                problems.append(f"task {task['id']}: CoNLL tags differ from the spans")


if __name__ == "__main__":
    sys.exit(main())
