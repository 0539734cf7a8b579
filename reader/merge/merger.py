"""One source merged into a store (inside the caller's write): its articles, then its events, each checked by the
rules, then every claim, done flag, kept answer, link and decision those events touch brought to its latest event's
state."""

from __future__ import annotations

from collections import Counter
from collections.abc import Set as AbstractSet
from typing import Any

import orjson

from reader import identity, timestamps
from reader.errors import StoreError
from reader.identity import GOLD
from reader.merge import rules
from reader.models import MergeSummary
from reader.store import Store
from reader.store.replayed import ReplayedRows
from reader.store.rows import EventRow, ProgressRow, StoredArticle, dumps
from reader.store.source import Source


class Merger:
    """Merging one source database into a store, and counting what changed.

    Whose word it takes: an event names its annotator, and that name is never taken from the other file alone. The
    account running the merge vouches for it: a non-lead brings in only events in their own name (once leads are
    named), a lead anyone's (`only` narrows it to some annotators); the log records the account that merged each event
    as its `os_user`, and the account the other file claims beside it.
    """

    def __init__(self, store: Store, source: Source, only: AbstractSet[str] | None = None) -> None:
        self.store = store
        self.source = source
        self.path = source.path
        self.only = only
        self.me = identity.os_user()

    def run(self) -> MergeSummary:
        """Merge the source and say what changed."""
        summary = MergeSummary(source=str(self.path))
        summary.articles = self._articles()
        new_events = self._events(summary)
        summary.events = len(new_events)
        summary.by_annotator = dict(sorted(Counter(event.annotator for event in new_events).items()))
        self._claims({event.claim_id for event in new_events if event.claim_id}, summary)
        summary.done_changed = self._progress(
            {(event.article_id, event.annotator) for event in new_events if _progress_event(event)}
        )
        self._replayed(new_events)
        return summary

    def _articles(self) -> int:
        """Insert the source's articles this database lacks (same content hash, same id), segmented as an import
        would, refusing any whose id is not the hash of its text or whose text import would not have stored; return
        how many."""
        articles = self.store.articles
        known = set(articles.ids())
        added = 0
        for rowid, article in self.source.articles():
            refusal = rules.hash_refusal(article.id, article.text)
            if not refusal and article.id in known:
                continue
            refusal = refusal or rules.article_refusal(article.text, article.title, article.meta)
            if refusal:
                raise StoreError(f"{self.path}: articles row {rowid} (id {article.id}): {refusal}; nothing was merged")
            meta = orjson.loads(article.meta)
            articles.insert(
                [
                    StoredArticle(
                        article.id,
                        article.title,
                        article.text,
                        dumps(meta),
                        meta.get("source") if isinstance(meta.get("source"), str) else None,
                        meta.get("published") if isinstance(meta.get("published"), str) else None,
                        article.source_file if isinstance(article.source_file, str) else None,
                        article.source_line if type(article.source_line) is int else None,
                        len(article.text.split()),
                        timestamps.now(),
                    )
                ]
            )
            known.add(article.id)
            added += 1
        return added

    def _events(self, summary: MergeSummary) -> list[EventRow]:
        """Append the source's events this log lacks (union by id, marked as merged), each checked first by the rules
        and its time put in the stored form; events of annotators `only` leaves out are counted, not merged; return the
        added rows."""
        history, leads = self.store.history, self.store.schema.leads
        added, left_out = [], Counter[str]()
        for seq, event, made_by in self.source.events():
            if history.has(event.id):
                continue
            if self.only is not None and event.annotator not in self.only:
                left_out[str(event.annotator)] += 1
                continue
            try:
                event = event._replace(ts=timestamps.canonical(event.ts))
            except ValueError as exc:
                raise StoreError(f"{self.path}: events row {seq}: {exc}; nothing was merged") from None
            refusal = rules.author_refusal(event.annotator, self.me, leads) or self._event_refusal(event._asdict())
            if refusal:
                raise StoreError(f"{self.path}: events row {seq}: {refusal}; nothing was merged")
            history.append(event, made_by if isinstance(made_by, str) else None)
            added.append(event)
        summary.left_out = dict(sorted(left_out.items()))
        return added

    def _event_refusal(self, event: dict[str, Any]) -> str | None:
        """Why another database's event may not enter this log (None if it may): its fields, rows, who it changes."""
        refusal = rules.event_refusal(event)
        if refusal:
            return refusal
        if self._length(event["article_id"]) is None:
            return f"its article {event['article_id']} is in neither database"
        try:
            for key in ("before", "after"):
                event[key] = orjson.loads(event[key]) if event[key] else None
        except (orjson.JSONDecodeError, TypeError):
            return "its before or after row is not JSON"
        states = [state for state in (event["before"], event["after"]) if state is not None]
        if not all(isinstance(state, dict) for state in states):
            return "its before or after row is not a JSON object"
        part = None if event["claim_id"] or not states else self._replayed_part(states[-1])
        refusal = self._rows_refusal(event, part, states)
        if refusal:
            return refusal
        refusal = rules.owner_refusal(
            event["annotator"], event, self.store.schema.leads, self._owners(event, part, states)
        )
        if refusal or not event["claim_id"]:
            return refusal
        return next(
            filter(None, (rules.span_refusal(state, self._length(state.get("article_id"))) for state in states)), None
        )

    def _rows_refusal(
        self, event: dict[str, Any], part: ReplayedRows | None, states: list[dict[str, Any]]
    ) -> str | None:
        """Why the rows an event carries are refused (None if they are fine): a claim, link or decision row of its
        table's columns and types, else a done flag with a valid kept answer."""
        if event["claim_id"]:
            table = "claims"
        elif part is not None:
            table = part.table
        else:
            return rules.progress_refusal(states, self._length(event["article_id"]))
        checks = (rules.row_refusal(table, state) or (part.refusal(state) if part else None) for state in states)
        return next(filter(None, checks), None)

    def _owners(self, event: dict[str, Any], part: ReplayedRows | None, states: list[dict[str, Any]]) -> set[Any]:
        """Who owns what the event changes as this database holds it: the claim's annotator (stored, and in its first
        event), or the stored link's or suggestion decision's."""
        if event["claim_id"]:
            stored = self.store.claims.row(event["claim_id"])
            found = {stored["annotator"] if stored else None, self.store.history.first_owner(event["claim_id"])}
            return {owner for owner in found if owner is not None}
        if part is not None and part is not self.store.gold:
            rows = (part.row(state["id"]) for state in states)
            return {row["annotator"] for row in rows if row}
        return set()

    def _length(self, article_id: Any) -> int | None:
        """An article's length in code points, or None when this database does not hold it."""
        return self.store.articles.length(article_id) if isinstance(article_id, str) else None

    def _in_scope(self, claim: dict[str, object]) -> bool:
        """Whether `only` covers a claim row of the other file (gold rows: only when nobody is left out)."""
        return self.only is None or (claim.get("annotator") in self.only and claim.get("annotator") != GOLD)

    def _claims(self, touched: set[str], summary: MergeSummary) -> None:
        """Bring every claim the merge may change to its latest event's after-state, refusing a claim row no event
        made, and count what changed."""
        claims, history = self.store.claims, self.store.history
        theirs = {claim_id: row for claim_id, row in self.source.claims().items() if self._in_scope(row)}
        for claim_id in sorted(touched | theirs.keys()):
            mine = claims.row(claim_id)
            if claim_id not in touched and mine == theirs[claim_id]:
                continue
            found, target = history.latest_of_claim(claim_id)
            if not found:
                raise StoreError(f"{self.path}: claim {claim_id} has no event; nothing was merged")
            if target == mine:
                continue
            if target is not None:
                self._check_claim(target)
            claims.remove(claim_id)
            if target is not None:
                claims.insert(target)
            summary.claims_added += mine is None
            summary.claims_updated += mine is not None and target is not None
            summary.claims_deleted += target is None

    def _check_claim(self, row: dict[str, Any]) -> None:
        """Refuse the whole merge when a claim would lie outside its article or be orphaned by this schema."""
        refusal = rules.row_refusal("claims", row) or rules.span_refusal(row, self._length(row["article_id"]))
        if refusal:
            raise StoreError(f"{self.path}: claims row {row.get('id')}: {refusal}; nothing was merged")
        schema = self.store.schema
        if row["label"] not in schema.label_names or row["confidence"] not in schema.confidence_values:
            raise StoreError(
                f"{self.path}: claim {row['id']} has label {row['label']} / confidence"
                f" {row['confidence']}, which this database's schema lacks; nothing was merged"
            )

    def _progress(self, pairs: set[tuple[str, str]]) -> int:
        """Bring the progress rows new done events touched to the log's word: done from the latest done event, the
        kept answer from the latest event carrying one; a progress row of the other file is no one's word, and where
        each annotator is reading stays this database's own. Return how many done flags changed."""
        progress, history = self.store.progress, self.store.history
        changed = 0
        for article_id, annotator in sorted(pairs):
            mine = progress.row(article_id, annotator)
            had = mine.done if mine else 0
            found, state = history.latest_done(article_id, annotator)
            done = int(bool(state and state.get("done"))) if found else had
            kept, answer = history.latest_answer(article_id, annotator)
            meta = dumps(answer) if kept and answer else (mine.meta if mine else None)
            stamp = history.progress_time(article_id, annotator) or timestamps.now()
            merged = ProgressRow(article_id, annotator, done, mine.position if mine else 0, meta, stamp)
            if merged == mine:
                continue
            changed += done != had
            progress.replace(merged)
        return changed

    def _replayed(self, new_events: list[EventRow]) -> None:
        """Bring every link and decision the new events touched to its latest event's state, as claims are."""
        touched: set[tuple[str, str]] = set()
        for event in new_events:
            state = {} if event.claim_id is not None else orjson.loads(event.after or event.before or "{}")
            part = self._replayed_part(state)
            if part is not None:
                touched.add((part.table, state["id"]))
        parts = {part.table: part for part in self._replayed_parts()}
        for table, row_id in sorted(touched):
            found, state = self.store.history.latest_of_row(row_id)
            if found:
                parts[table].put(row_id, state)

    def _replayed_parts(self) -> tuple[ReplayedRows, ...]:
        """The store's parts whose rows events carry whole."""
        return self.store.links, self.store.decisions, self.store.gold, self.store.verifications

    def _replayed_part(self, state: dict[str, Any]) -> ReplayedRows | None:
        """The part a link, decision or verification state belongs to, told by its keys, or None for a claim or
        progress state."""
        store = self.store
        return (
            store.verifications
            if "body" in state
            else store.links
            if "relation" in state
            else store.decisions
            if "decision" in state
            else store.gold
            if "verdict" in state
            else None
        )


def _progress_event(event: EventRow) -> bool:
    """Whether an event changed a done flag or kept answer, as opposed to a claim, link or decision."""
    return event.claim_id is None and event.after is not None and "done" in orjson.loads(event.after)
