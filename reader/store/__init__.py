"""The one API over the SQLite database: `Store`, composed of one part per concept, is the only code that speaks SQL."""

from __future__ import annotations

from reader.store.articles import ArticleRow
from reader.store.base import SCHEMA_VERSION
from reader.store.decisions import Decisions
from reader.store.history import History
from reader.store.links import Links
from reader.store.queries import Queries, SpanFilter
from reader.store.review import Review
from reader.store.rows import CLAIM_COLUMNS, batched
from reader.store.teams import Teams

__all__ = ["CLAIM_COLUMNS", "SCHEMA_VERSION", "ArticleRow", "SpanFilter", "Store", "batched"]


class Store(Links, Decisions, Review, History, Teams, Queries):
    """A claim-reader database: open it, then call its methods; each user action is one committed transaction."""
