"""One source merged into a store (inside the caller's write): its articles, then its events, each checked by the
rules, then every claim, done flag, link and decision those events touch brought to its latest event's state."""

from __future__ import annotations

from typing import Any

import orjson

from reader.errors import StoreError
from reader.merge import rules
from reader.models import MergeSummary
from reader.store import Store
from reader.store.replayed import ReplayedRows
from reader.store.rows import EventRow, ProgressRow
from reader.store.source import Source


class Merger:
    """Merging one source database into a store, and counting what changed."""

    def __init__(self, store: Store, source: Source) -> None:
        self.store = store
        self.source = source
        self.path = source.path

    def run(self) -> MergeSummary:
        """Merge the source and say what changed."""
        summary = MergeSummary(source=str(self.path))
        summary.articles = self._articles()
        new_events = self._events()
        summary.events = len(new_events)
        self._claims({event.claim_id for event in new_events if event.claim_id}, summary)
        summary.done_changed = self._progress(
            {(event.article_id, event.annotator) for event in new_events if _progress_event(event)}
        )
        self._replayed(new_events)
        return summary

    def _articles(self) -> int:
        """Insert the source's articles this database lacks (same content hash, same id), segmented as an import
        would, refusing any whose id is not the hash of its text; return how many."""
        articles = self.store.articles
        known = set(articles.ids())
        added = 0
        for rowid, article in self.source.articles():
            refusal = rules.article_refusal(article.id, article.text)
            if refusal:
                raise StoreError(f"{self.path}: articles row {rowid} (id {article.id}): {refusal}; nothing was merged")
            if article.id not in known:
                articles.insert([article])
                known.add(article.id)
                added += 1
        return added

    def _events(self) -> list[EventRow]:
        """Append the source's events this log lacks (union by id, marked as merged, keeping their OS account), each
        checked first by the rules; return the added rows."""
        history = self.store.history
        added = []
        for seq, event, made_by in self.source.events():
            if history.has(event.id):
                continue
            refusal = self._event_refusal(event._asdict())
            if refusal:
                raise StoreError(f"{self.path}: events row {seq}: {refusal}; nothing was merged")
            history.append(event, made_by)
            added.append(event)
        return added

    def _event_refusal(self, event: dict[str, Any]) -> str | None:
        """Why another database's event may not enter this log (None if it may): its time, its rows, who it changes."""
        try:
            for key in ("before", "after"):
                event[key] = orjson.loads(event[key]) if event[key] else None
        except orjson.JSONDecodeError:
            return "its before or after row is not JSON"
        states = [state for state in (event["before"], event["after"]) if state is not None]
        if not all(isinstance(state, dict) for state in states):
            return "its before or after row is not a JSON object"
        part = None if event["claim_id"] or not states else self._replayed_part(states[-1])
        if part is not None:
            refusal = rules.columns_refusal(part.table, states, part.columns()) or next(
                filter(None, map(part.refusal, states)), None
            )
            if refusal:
                return refusal
        refusal = rules.time_refusal(event["ts"]) or rules.owner_refusal(
            str(event["annotator"]), event, self.store.schema.leads, self._owners(event, part, states)
        )
        if refusal or not event["claim_id"]:
            return refusal
        return next(
            filter(None, (rules.span_refusal(state, self._length(state.get("article_id"))) for state in states)), None
        )

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
        return self.store.articles.length(article_id)

    def _claims(self, touched: set[str], summary: MergeSummary) -> None:
        """Bring every claim the merge may change to its latest event's after-state, refusing a claim row no event
        made, and count what changed."""
        claims, history = self.store.claims, self.store.history
        theirs = self.source.claims()
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
        refusal = rules.span_refusal(row, self._length(row["article_id"]))
        if refusal:
            raise StoreError(f"{self.path}: claims row {row['id']}: {refusal}; nothing was merged")
        schema = self.store.schema
        if row["label"] not in schema.label_names or row["confidence"] not in schema.confidence_values:
            raise StoreError(
                f"{self.path}: claim {row['id']} has label {row['label']} / confidence"
                f" {row['confidence']}, which this database's schema lacks; nothing was merged"
            )

    def _progress(self, pairs: set[tuple[str, str]]) -> int:
        """Merge progress rows: done from the latest done event (else as this database has it: a bare row of another
        file is no one's word), the rest from the later row; return how many done flags changed."""
        progress, history = self.store.progress, self.store.history
        theirs = self.source.progress()
        changed = 0
        for article_id, annotator in sorted(pairs | theirs.keys()):
            mine = progress.row(article_id, annotator)
            rows = [row for row in (mine, theirs.get((article_id, annotator))) if row is not None]
            found, state = history.latest_done(article_id, annotator)
            had = mine.done if mine else 0
            done = int(bool(state and state.get("done"))) if found else had
            later = max(rows, key=lambda row: (row.updated_at or "", row.position or 0, row.meta or ""))
            merged = ProgressRow(article_id, annotator, done, later.position, later.meta, later.updated_at)
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
    """Whether an event changed a done flag, as opposed to a claim, link or decision."""
    return event.claim_id is None and event.after is not None and "done" in orjson.loads(event.after)
