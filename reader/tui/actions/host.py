"""What the article screen gives the actions mixed into it: the one contract they may rely on, checked by type
checkers."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol, TypeVar, runtime_checkable

if TYPE_CHECKING:
    from reader.models import Claim
    from reader.schema import LabelDef, Schema
    from reader.store import Store
    from reader.tui.app import ClaimReader
    from reader.tui.claim_set import ClaimSet
    from reader.tui.learner import Learner
    from reader.tui.widgets.article_view import ArticleView
    from reader.tui.widgets.status_line import StatusLine

T = TypeVar("T")


@runtime_checkable
class ArticleHost(Protocol):
    """The article screen as its suggestion, Related and live-update actions see it (a test checks the screen has it
    all)."""

    store: Store
    schema: Schema
    annotator: str
    article_id: str
    text: str
    claims: ClaimSet
    view: ArticleView
    status: StatusLine
    pending: tuple[LabelDef, tuple[int, int]] | None
    learner: Learner

    if TYPE_CHECKING:
        app: ClaimReader  # the running reader: the screen declares it with textual.getters.app

    def write(
        self, action: Callable[[Store], T], then: Callable[[T], None] | None = None, saved: str | None = None
    ) -> None:
        """Make one store write through the store given to `action`, then run `then` on its result and say `saved`
        (at once, or when a worker has made it); on a refusal say why."""
        ...

    def current_claim(self, *, own: bool) -> Claim | None:
        """The claim under the cursor; with `own`, only if it is the annotator's (else say why and return None)."""
        ...

    def show_claims(self, claims: ClaimSet) -> None:
        """Show a new set of this article's claims: text marks, sidebar, header counts and the status line's count."""
        ...

    def action_tag(self, key: str) -> None:
        """Start tagging with the label of `key` (the confidence prompt follows)."""
        ...

    def action_others(self) -> None:
        """Show or hide the other annotators' claims."""
        ...


if TYPE_CHECKING:
    ArticleActions = ArticleHost
    """Type checkers see each action mixin as an `ArticleHost`, so every use of the screen is checked against it."""
else:
    ArticleActions = object
    """At run time the mixins are plain classes: Textual's message-pump metaclass cannot be combined with Protocol's."""
