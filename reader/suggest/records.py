"""The pending suggestions as plain records: what `claim-reader suggest --json` prints and its table shows."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from reader.suggest.suggester import Proposer, pending

if TYPE_CHECKING:
    from reader.store import Store


def suggestion_records(
    store: Store, article_ids: Sequence[str], annotator: str, model: Proposer | None = None, *, everything: bool = False
) -> list[dict[str, Any]]:
    """One plain record per pending suggestion, in corpus and text order (a sentence's labels best first); `score` is
    the model's probability, null where only a cue rule spoke; `everything` adds those not precise enough to show."""
    records = []
    for article_id in article_ids:
        text = store.articles.get(article_id).text
        records += [
            {
                "article_id": article_id,
                "start": s.start,
                "end": s.end,
                "label": s.label,
                "cue": s.cue,
                "score": None if s.score is None else round(s.score, 3),
                "text": text[s.start : s.end],
            }
            for s in pending(store, article_id, annotator, model, everything=everything)
        ]
    return records
