"""AVeriTeC's own file in and out again: import it, export it, compare every record, score the export with eval.py.

Usage: python -m bench.averitec_roundtrip DEV_JSON [--averitec-src DIR]

DEV_JSON is AVeriTeC's data/dev.json (or any of its splits; CC BY-NC, so it is read from where the user keeps it,
never committed). The round trip holds when the export has as many records as the file, in its order, each equal
to the original on every field and in AVeriTeC's key order. With --averitec-src (a checkout of MichSchli/AVeriTeC,
or a directory holding its eval.py), eval.py's own AveritecEvaluator.evaluate_veracity scores the export against
the file (needs numpy and scikit-learn; its METEOR parts need NLTK's wordnet data and are not run here: equal
values score as the file against itself). Exit status 0 when everything holds.
"""

from __future__ import annotations

import argparse
import ast
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import orjson


def first_difference(a: Any, b: Any, path: str = "$") -> str | None:
    """The first path where two JSON values differ, key order included; None when they are equal."""
    if isinstance(a, dict) and isinstance(b, dict):
        if list(a) != list(b):
            return f"{path}: keys {list(a)} != {list(b)}"
        return next((d for k in a if (d := first_difference(a[k], b[k], f"{path}.{k}"))), None)
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return f"{path}: {len(a)} items != {len(b)}"
        return next(
            (d for n, (x, y) in enumerate(zip(a, b, strict=True)) if (d := first_difference(x, y, f"{path}[{n}]"))),
            None,
        )
    return None if a == b and type(a) is type(b) else f"{path}: {a!r} != {b!r}"


def veracity(src: Path, predictions: list[Any], references: list[Any]) -> dict[str, float]:
    """eval.py's AveritecEvaluator.evaluate_veracity, lifted out of the file (its top level parses argv)."""
    import numpy as np
    import sklearn.metrics

    text = (src / "eval.py").read_text(encoding="utf-8") if (src / "eval.py").is_file() else None
    if text is None:
        text = subprocess.run(
            ["git", "--git-dir", str(src), "show", "HEAD:eval.py"], capture_output=True, text=True, check=True
        ).stdout
    [cls] = [n for n in ast.parse(text).body if isinstance(n, ast.ClassDef) and n.name == "AveritecEvaluator"]
    namespace: dict[str, Any] = {"np": np, "sklearn": sklearn, "pairwise_meteor": None}
    exec(compile(ast.Module(body=[cls], type_ignores=[]), "eval.py", "exec"), namespace)
    scores = namespace["AveritecEvaluator"](metric="none").evaluate_veracity(predictions, references)
    return {key: float(value) for key, value in scores.items()}


def run(*args: str) -> float:
    """Run the command line tool; its wall time in seconds."""
    begin = time.perf_counter()
    subprocess.run([sys.executable, "-m", "reader", *args], check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - begin


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dev", type=Path)
    parser.add_argument("--averitec-src", type=Path)
    args = parser.parse_args()
    original = orjson.loads(args.dev.read_bytes())
    with tempfile.TemporaryDirectory() as tmp:
        db, out = Path(tmp) / "averitec.db", Path(tmp) / "export.json"
        imported = run("--db", str(db), "--annotator", "averitec", "import", str(args.dev))
        exported = run("--db", str(db), "--annotator", "averitec", "export", "--format", "averitec", "-o", str(out))
        back = orjson.loads(out.read_bytes())
    questions = sum(len(record["questions"]) for record in original)
    print(f"{len(original)} records, {questions} questions: import {imported:.1f} s, export {exported:.1f} s")
    difference = first_difference(original, back)
    print(f"round trip: {'every record equal, in order and key order' if difference is None else difference}")
    ok = difference is None
    if args.averitec_src:
        scores = veracity(args.averitec_src, back, original)
        print("eval.py veracity:", ", ".join(f"{key} {value:.3f}" for key, value in scores.items()))
        ok = ok and scores["acc"] == 1.0
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
