"""Live updates: the app polls the database's data version and tells the screens when another process committed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

from reader.tui.claim_set import ClaimSet

if TYPE_CHECKING:
    from reader.store import Store
    from reader.tui.widgets.article_view import ArticleView

POLL_SECONDS = 2.0
"""How often the reader looks for others' commits: one cheap PRAGMA, so typing never waits for it."""


class DataChanged(Message):
    """Another connection committed: screens showing stored data fetch it again."""

    bubble = False


class LiveArticle:
    """Mixed into the article screen: others' claims and counts follow what they commit, the cursor stays where it is."""

    store: Store
    annotator: str
    article_id: str
    claims: ClaimSet
    view: ArticleView

    def on_data_changed(self, message: DataChanged) -> None:
        """Fetch this article's claims again and repaint only if someone changed them."""
        claims = self.store.claims(self.article_id)
        if [(c.id, c.updated_at) for c in claims] == [(c.id, c.updated_at) for c in self.claims.all]:
            return
        self.claims = ClaimSet(claims, self.annotator, self.claims.show_others)
        self.view.set_marks(self._marks())  # type: ignore[attr-defined]
        self._refresh_sidebar()  # type: ignore[attr-defined]
        self._refresh_header()  # type: ignore[attr-defined]
        self._refresh_count()  # type: ignore[attr-defined]
