"""Terminal and JSON output of `claim-reader suggest`, kept out of the suggester itself."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from reader.suggest.suggester import pending

if TYPE_CHECKING:
    from reader.store import Store
    from reader.suggest.model import SentenceModel

PREVIEW = 90


def suggestion_records(store: Store, article_ids: Sequence[str], annotator: str,
                       model: SentenceModel | None = None) -> list[dict[str, Any]]:
    """One plain record per pending suggestion, in corpus and text order (a sentence's labels best first): what
    --json prints and the table shows; `score` is the model's probability, null where only a cue rule spoke."""
    records = []
    for article_id in article_ids:
        text = store.article(article_id).text
        records += [{"article_id": article_id, "start": s.start, "end": s.end, "label": s.label, "cue": s.cue,
                     "score": None if s.score is None else round(s.score, 3), "text": text[s.start:s.end]}
                    for s in pending(store, article_id, annotator, model)]
    return records


def print_suggestions(records: Sequence[dict[str, Any]], notes: Sequence[str] = ()) -> None:
    """Print suggestions as a table, then notes on where they came from (the model's state, the schema's cue rules);
    every cell is a rich Text, so article text is never read as markup."""
    table = Table(title=f"{len(records)} suggestions", show_header=True)
    for name in ("article", "span", "label", "score"):
        table.add_column(name, no_wrap=True)
    table.add_column("cue", overflow="fold")
    table.add_column("text", overflow="fold")
    for r in records:
        preview = r["text"] if len(r["text"]) <= PREVIEW else r["text"][:PREVIEW] + "…"
        score = "" if r["score"] is None else f"{r['score']:.2f}"
        table.add_row(Text(r["article_id"]), Text(f"{r['start']}-{r['end']}"), Text(r["label"]), Text(score),
                      Text(r["cue"]), Text(preview))
    console = Console()
    console.print(table)
    for note in notes:
        console.print(Text(note), soft_wrap=True)
