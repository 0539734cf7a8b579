"""The article screen follows others' commits: their claims and counts change on screen, the cursor stays where it
is."""

from __future__ import annotations

from reader.tui.actions.host import ArticleActions
from reader.tui.claim_set import ClaimSet
from reader.tui.data_changed import DataChanged


class LiveArticle(ArticleActions):
    """Mixed into the article screen: on `DataChanged`, fetch this article's claims again and repaint only if they
    changed."""

    def on_data_changed(self, message: DataChanged) -> None:
        """Fetch this article's claims again and repaint only if someone changed them."""
        claims = self.store.claims.of_article(self.article_id)
        if [(c.id, c.updated_at) for c in claims] == [(c.id, c.updated_at) for c in self.claims.all]:
            return
        self.show_claims(ClaimSet(claims, self.annotator, self.claims.show_others))
