"""Convert the ClaimBuster dataset (Arslan et al. 2020, CC BY 4.0: sentences of the 33 US presidential general
election debates 1960-2016, labelled NFS -1 / UFS 0 / CFS 1) into Prodigy-style JSONL and a schema, as
bench/clef2019_to_jsonl.py does for CLEF: one debate (File_id) per article, its sentences in Line_number order, each
check-worthy factual sentence (CFS) a CHECKWORTHY claim, every debate done. crowdsourced.csv and groundtruth.csv
label disjoint sentences, so both are read. The data stays outside the repository.

Run: python -m bench.claimbuster_to_jsonl DATA_DIR OUT_DIR     (DATA_DIR holds crowdsourced.csv, groundtruth.csv)
     claim-reader --db /tmp/cb.db --schema OUT_DIR/schema.toml import OUT_DIR/claimbuster.jsonl
     claim-reader --db /tmp/cb.db suggest --evaluate --folds 5
"""

from __future__ import annotations

import csv
import sys
from collections import defaultdict
from pathlib import Path

from bench.clef2019_to_jsonl import debate, schema_toml, write

SOURCE = "ClaimBuster (Arslan et al. 2020)"
FILES = ("crowdsourced.csv", "groundtruth.csv")
CFS = "1"


def debate_tasks(folder: Path) -> list[dict[str, object]]:
    """One task per debate, from the labelled sentences of every file present, in debate then line order."""
    rows: dict[str, list[tuple[int, str, bool]]] = defaultdict(list)
    for name in FILES:
        with (folder / name).open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                rows[row["File_id"]].append((int(row["Line_number"]), row["Text"], row["Verdict"] == CFS))
    return [
        debate(Path(file_id).stem, SOURCE, "claimbuster", ((text, cfs) for _, text, cfs in sorted(lines)))
        for file_id, lines in sorted(rows.items())
    ]


def main() -> None:
    """Write claimbuster.jsonl and schema.toml into OUT_DIR from DATA_DIR's ClaimBuster files."""
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    write(
        Path(sys.argv[2]),
        "claimbuster",
        debate_tasks(Path(sys.argv[1])),
        schema_toml(SOURCE, "A check-worthy factual sentence (CFS) of a US presidential debate (ClaimBuster)."),
    )


if __name__ == "__main__":
    main()
