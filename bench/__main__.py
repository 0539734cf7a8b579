"""Run one benchmark by name from the checkout's root: `python -m bench reader --runs 3` runs bench/bench_reader.py."""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

BENCHES = sorted(p.stem.removeprefix("bench_") for p in Path(__file__).parent.glob("bench_*.py"))


def main() -> None:
    """Run the named benchmark as __main__ with the remaining arguments, or list the names."""
    if len(sys.argv) < 2 or sys.argv[1] not in BENCHES:
        print(f"usage: python -m bench NAME [ARGS...]; NAME is one of {', '.join(BENCHES)}", file=sys.stderr)
        sys.exit(2)
    name = sys.argv.pop(1)
    sys.argv[0] = f"bench/bench_{name}.py"
    runpy.run_module(f"bench.bench_{name}", run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
