"""Build the samples the consumer scripts feed to doccano and Label Studio: the five seeds annotated by alice, bob and
gold, an article with emoji before a claim, and the Prodigy fashion file; exported as native, doccano, labelstudio.

Usage: python tests/consumers/make_samples.py OUTDIR   (with the project's own environment)
"""

from __future__ import annotations

import sys
from pathlib import Path

from click.testing import CliRunner

from reader.cli import cli
from reader.ingest import import_paths
from reader.models import ClaimFields
from reader.seeds import import_seeds
from reader.store import Store
from tests.export.helpers import annotate
from tests.helpers import FIXTURES, peer_file

EMOJI = "Emoji test 😀 and 🚀 here.\n\nThe rate rose 5% in 2023, officials said.\n"


def run(*args: str) -> None:
    """Run claim-reader in-process; any failure stops the script."""
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    if result.exit_code != 0:
        raise SystemExit(f"claim-reader {' '.join(args)}: {result.output}")


def main() -> None:
    out = Path(sys.argv[1]).resolve()
    out.mkdir(parents=True, exist_ok=True)
    seeds, fashion = out / "seeds.db", out / "fashion.db"
    for db in (seeds, fashion):
        for stale in out.glob(f"{db.name}*"):
            stale.unlink()
    store = Store(seeds)
    import_seeds(store)
    annotate(store)
    (out / "emoji.txt").write_text(EMOJI, encoding="utf-8")
    import_paths(store, [str(out / "emoji.txt")], "auto", "alice")
    emoji = next(a for a in store.articles.ids() if store.articles.get(a).text.startswith("Emoji"))
    text = store.articles.get(emoji).text
    start = text.index("The rate")
    store.claims.create(emoji, "alice", start, text.index(","), ClaimFields(label="QUANTITY", confidence=3))
    store.progress.set_done(emoji, "alice", True)
    store.close()
    schema = str(FIXTURES / "fashion.toml")
    run("--db", str(fashion), "--schema", schema, "import", str(peer_file("prodigy_fashion_brands_training.jsonl")))
    for db, name in ((seeds, "seeds"), (fashion, "fashion")):
        for fmt, target in (("native", f"{name}.native.jsonl"), ("doccano", f"{name}.doccano.jsonl")):
            run("--db", str(db), "export", "--format", fmt, "-o", str(out / target))
        run("--db", str(db), "export", "--format", "labelstudio", "-o", str(out / f"{name}.ls.json"))
    print(f"samples in {out}")


if __name__ == "__main__":
    main()
