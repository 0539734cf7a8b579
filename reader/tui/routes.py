"""Where a screen asks to go: each message names a full screen to open, and the app alone decides how to build it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from reader.review.adjudication import Mode


class OpenArticle(Message):
    """Open an article (its cursor on `claim_id` if given); `order` is what ] and [ step through there."""

    def __init__(self, article_id: str, order: list[str], claim_id: str | None = None) -> None:
        super().__init__()
        self.article_id = article_id
        self.order = order
        self.claim_id = claim_id


class OpenReview(Message):
    """Open an article in review (leads only); `on_close` runs when the lead leaves it."""

    def __init__(self, article_id: str, order: list[str], on_close: Callable[[None], None] | None = None) -> None:
        super().__init__()
        self.article_id = article_id
        self.order = order
        self.on_close = on_close


class OpenClaimMap(Message):
    """Open the Claim map: clusters of linked claims across the corpus."""


class OpenAgreement(Message):
    """Open the Agreement screen: how far the annotators agree, and review for leads."""


class OpenHelp(Message):
    """Show the bindings and the label definitions."""


class OpenVerification(Message):
    """Open the verification view of a claim; `order` (claim ids) is what its next and previous keys step through,
    `on_close` runs when the annotator leaves it."""

    def __init__(self, claim_id: str, order: list[str], on_close: Callable[[None], None] | None = None) -> None:
        super().__init__()
        self.claim_id = claim_id
        self.order = order
        self.on_close = on_close


class OpenVerifyQueue(Message):
    """Open the list of claims to verify."""


class OpenVerdicts(Message):
    """Open every annotator's verification of one review row side by side (leads); `on_close` runs on leaving."""

    def __init__(
        self, article_id: str, span: tuple[int, int], row_key: str, on_close: Callable[[None], None] | None = None
    ) -> None:
        super().__init__()
        self.article_id = article_id
        self.span = span
        self.row_key = row_key
        self.on_close = on_close


class ReviewModeChosen(Message):
    """A lead switched what review's accept-all takes (unanimous or majority rows): the next review opens with it."""

    def __init__(self, mode: Mode) -> None:
        super().__init__()
        self.mode = mode
