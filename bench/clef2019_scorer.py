"""Check `suggest --evaluate --split-by split --json` against the CLEF-2019 CheckThat! Task 1 scorer itself: convert
the task's labelled training and test files, import them into a fresh database, evaluate on the official split (train
on the 19 training debates, score the 7 test debates), write the combined suggester's ranking of each test debate in
the task's prediction format, run the task's scorer on it and compare every figure, per debate and averaged.

The prediction files carry each line's rank (the best line scores highest), so the scorer sorts the lines exactly as
`suggest --evaluate` ranked them: the check is of the measures, on the same ranking.

Run: python -m bench.clef2019_scorer TASK_DIR [WORK_DIR]
     (TASK_DIR: a checkout of the task's repository, holding data/training, data/test_annotated, scorer/main.py and
     format_checker/; WORK_DIR, default a temporary folder, keeps the database, the JSON and the prediction files)
Exit 0 when the scorer and `suggest --evaluate` agree on every figure to the scorer's four decimals, else 1.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import orjson

from bench.clef2019_to_jsonl import LABEL

SYSTEM = "combined"
MEASURES = ("ap", "r_precision", "p@5", "p@10")
SCORER_NAMES = {"AVERAGE PRECISION": "ap", "R-PRECISION": "r_precision"}
TOLERANCE = 1.5e-4
"""Both sides round to four decimals: the same value may round apart by one unit in the last place."""
LEADERBOARD = (
    ("Copenhagen (2019 winner)", 0.1660),
    ("TheEarthIsFlat", 0.1597),
    ("IPIPAN", 0.1332),
    ("Terrier", 0.1263),
)
"""The best primary runs of CheckThat! 2019 Task 1, MAP on the same test files (the task's README, v2.0)."""


def claim_reader(db: Path, *args: str) -> bytes:
    """Run the command line as a user would; stop with its message when it fails."""
    run = subprocess.run([sys.executable, "-m", "reader", "--db", str(db), *args], capture_output=True)
    if run.returncode:
        sys.exit(f"claim-reader {' '.join(args)} failed: {run.stderr.decode()[-2000:]}")
    return run.stdout


def evaluated(task: Path, work: Path) -> tuple[dict[str, object], dict[str, str]]:
    """The `suggest --evaluate --split-by split --json` record on the converted task data, and each article's title."""
    data = task / "data"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.clef2019_to_jsonl",
            str(data / "training"),
            str(data / "test_annotated"),
            str(work),
        ],
        check=True,
    )
    db = work / "clef.db"
    for leftover in work.glob("clef.db*"):
        leftover.unlink()
    claim_reader(db, "--schema", str(work / "schema.toml"), "import", str(work / "clef2019.jsonl"))
    raw = claim_reader(db, "suggest", "--evaluate", "--split-by", "split", "--json")
    (work / "evaluate.json").write_bytes(raw)
    titles = {row["id"]: row["title"] for row in orjson.loads(claim_reader(db, "articles", "--json"))}
    return orjson.loads(raw), titles


def predictions(record: dict[str, object], titles: dict[str, str], task: Path, out: Path) -> list[tuple[Path, Path]]:
    """One prediction file per test debate (line number, then a score falling with our rank), paired with its gold
    file."""
    out.mkdir(parents=True, exist_ok=True)
    pairs = []
    for ranking in record["rankings"]:  # type: ignore[attr-defined]
        if ranking["system"] != SYSTEM or ranking["label"] != LABEL:
            continue
        gold = task / "data" / "test_annotated" / f"{titles[ranking['article']]}.tsv"
        numbers = [int(line.split("\t")[0]) for line in gold.read_text(encoding="utf-8").splitlines()]
        scores = ranking["scores"]
        if len(scores) != len(numbers):
            sys.exit(f"{gold}: {len(numbers)} lines, but suggest --evaluate ranked {len(scores)}: the lines differ")
        order = sorted(range(len(scores)), key=lambda i: -scores[i])
        rank_score = {i: (len(order) - rank) / len(order) for rank, i in enumerate(order)}
        path = out / gold.name
        path.write_text("".join(f"{n}\t{rank_score[i]:.8f}\n" for i, n in enumerate(numbers)), encoding="utf-8")
        pairs.append((gold, path))
    return pairs


def scorer(task: Path, pairs: list[tuple[Path, Path]]) -> tuple[dict[str, dict[str, float]], dict[str, float]]:
    """Run the task's scorer on the prediction files: its figures per debate (by file name) and averaged."""
    run = subprocess.run(
        [
            sys.executable,
            str(task / "scorer" / "main.py"),
            "--gold_file_path=" + ",".join(str(gold) for gold, _ in pairs),
            "--pred_file_path=" + ",".join(str(pred) for _, pred in pairs),
        ],
        env=dict(os.environ, PYTHONPATH=str(task)),
        capture_output=True,
        text=True,
        check=True,
    )
    per: dict[str, dict[str, float]] = {}
    mean: dict[str, float] = {}
    current: dict[str, float] = {}
    lines = (run.stderr + run.stdout).splitlines()
    for i, line in enumerate(lines):
        if found := re.search(r"RESULTS for (\S+)", line):
            current = per.setdefault(found[1], {})
        elif found := re.search(r": (MEAN )?(AVERAGE PRECISION|R-PRECISION)[^:]*:\s+([0-9.]+)", line):
            (mean if found[1] else current)[SCORER_NAMES[found[2]]] = float(found[3])
        elif found := re.search(r": (MEAN )?PRECISION@N:", line):
            values = [float(v) for v in lines[i + 1].split(":", 1)[1].split()]
            at = dict(zip((1, 3, 5, 10, 20, 50), values, strict=False))
            (mean if found[1] else current).update({"p@5": at[5], "p@10": at[10]})
    if "ap" not in mean:
        sys.exit(f"the scorer printed no averaged figures:\n{run.stderr[-2000:]}")
    return per, mean


def main() -> None:
    """Evaluate, score with the task's scorer, print both side by side and exit 1 on any disagreement."""
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    task = Path(sys.argv[1]).resolve()
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(sys.argv[2]).resolve() if len(sys.argv) == 3 else Path(scratch)
        work.mkdir(parents=True, exist_ok=True)
        record, titles = evaluated(task, work)
        pairs = predictions(record, titles, task, work / "predictions")
        per, mean = scorer(task, pairs)
    ours_per = {
        f"{titles[r['article']]}.tsv": r["measures"]
        for r in record["rankings"]  # type: ignore[attr-defined]
        if r["system"] == SYSTEM and r["label"] == LABEL
    }
    ours_mean = record["systems"][SYSTEM]["ranking"][LABEL]  # type: ignore[index]
    ours_mean = {"ap" if key == "map" else key: value for key, value in ours_mean.items()}
    print(f"{'test debate':<32}" + "".join(f"{m:>18}" for m in MEASURES) + "   (ours / the task's scorer)")
    disagree = 0
    for name, theirs in [*sorted(per.items()), ("MEAN (MAP ...)", mean)]:
        ours = ours_per.get(name, ours_mean)
        cells = []
        for measure in MEASURES:
            same = abs(ours[measure] - theirs[measure]) <= TOLERANCE
            disagree += not same
            cells.append(f"{ours[measure]:.4f}/{theirs[measure]:.4f}{'' if same else '!'}")
        print(f"{name:<32}" + "".join(f"{cell:>18}" for cell in cells))
    print(f"\nofficial-split MAP {mean['ap']:.4f} (the task's scorer), beside the 2019 primary runs:")
    for team, figure in LEADERBOARD:
        print(f"  {team:<28} {figure:.4f}")
    if disagree:
        print(f"DISAGREE on {disagree} figures: the ranking measures of suggest --evaluate are not the task's")
        sys.exit(1)
    print("agree: suggest --evaluate measures the ranking exactly as the task's scorer does")


if __name__ == "__main__":
    main()
