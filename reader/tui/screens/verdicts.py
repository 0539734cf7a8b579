"""Verifications side by side (leads, from Review): every annotator's verdict, evidence, questions and justification
on one review row's span, one column each; the lead takes one into gold."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from reader.identity import GOLD
from reader.store import Store
from reader.text import visible
from reader.tui.actions.writes import Writes
from reader.tui.keys.live import key_of
from reader.tui.keys.registry import VERDICTS_KEYS
from reader.tui.routes import OpenHelp
from reader.tui.widgets.key_hints import KeyHints
from reader.tui.widgets.status_line import StatusLine
from reader.verify.models import CorpusEvidence, Verification

Part = Content | str | tuple[str, str]


def column_content(verification: Verification, titles: dict[str, str]) -> Content:
    """One verification as a column: whose, the verdict, the claim as verified, evidence, questions and answers, the
    justification."""
    record = verification.record
    who = f"gold (by {verification.adjudicated_by})" if verification.annotator == GOLD else verification.annotator
    parts: list[Part] = [
        (visible(who), "bold $accent"),
        "\n",
        (visible(verification.verdict or "no verdict yet"), "bold reverse" if verification.verdict else "$text-muted"),
        "\n\n",
        (visible(record.normalized_claim), "italic"),
        "\n\n",
        (f"evidence ({len(record.evidence)})", "bold"),
        "\n",
    ]
    for item in record.evidence:
        if isinstance(item, CorpusEvidence):
            parts += [visible(f"· {titles.get(item.article_id, item.article_id)}, sentence {item.sentence}"), "\n"]
        else:
            parts += [visible(f"· {item.url}"), "\n"]
    parts += ["\n", (f"questions ({len(record.questions)})", "bold"), "\n"]
    for question in record.questions:
        parts += [visible(f"Q {question.question}"), "\n"]
        for answer in question.answers:
            parts += [(visible(f"  {answer.answer_type}: {answer.answer}"), "$text-muted"), "\n"]
    parts += ["\n", ("justification", "bold"), "\n", visible(record.justification or "-")]
    return Content.assemble(*parts)


class VerdictsScreen(Writes, Screen[None]):
    """The verifications of claims with one span, side by side; the chosen one goes into gold with the accept key."""

    DEFAULT_CSS = """
    VerdictsScreen #verdicts-title { height: 2; padding: 0 1; background: $panel; text-wrap: nowrap;
        text-overflow: ellipsis; }
    VerdictsScreen #verdicts { height: 1fr; }
    VerdictsScreen .verdict-column { width: 1fr; min-width: 30; border: round $panel-lighten-2; padding: 0 1; }
    VerdictsScreen .verdict-column.chosen { border: thick $accent; }
    """
    BINDINGS = VERDICTS_KEYS

    def __init__(self, store: Store, lead: str, article_id: str, span: tuple[int, int], row_key: str) -> None:
        super().__init__()
        self.store = store
        self.lead = lead
        self.article_id = article_id
        self.span = span
        self.row_key = row_key
        self.verifications: list[Verification] = []
        self.chosen = 0
        self.status = StatusLine(lead, id="verdicts-status")

    def compose(self) -> ComposeResult:
        yield Static(id="verdicts-title")
        yield Horizontal(id="verdicts")
        yield self.status
        yield KeyHints("verdicts")

    def on_mount(self) -> None:
        self.reload()

    def reload(self) -> None:
        """Read the verifications of every claim of the span, gold's first."""
        claims = [c.id for c in self.store.claims.of_article(self.article_id) if (c.start, c.end) == self.span]
        found = self.store.verifications.of_claims(claims)
        self.verifications = sorted(found, key=lambda v: (v.annotator != GOLD, v.annotator, v.position or 0))
        self.chosen = min(self.chosen, max(len(self.verifications) - 1, 0))
        article = self.store.articles.get(self.article_id)
        quote = " ".join(article.text[self.span[0] : self.span[1]].split())
        given = [v for v in self.verifications if v.annotator != GOLD and v.verdict]
        verdicts = sorted({v.verdict for v in given if v.verdict})
        agreement = "no verdict yet" if not given else "all agree" if len(verdicts) == 1 else "they disagree"
        self.query_one("#verdicts-title", Static).update(
            Content.assemble(
                ("Verifications  ", "bold $accent"),
                (visible(quote), "bold"),
                "\n",
                (f"{len(given)} verdict{'' if len(given) == 1 else 's'}: {agreement}", "$text-muted"),
            )
        )
        box = self.query_one("#verdicts", Horizontal)
        box.remove_children()
        titles = {a: self.store.articles.get(a).title for v in self.verifications for a in _articles(v)}
        box.mount_all(
            VerticalScroll(
                Static(column_content(v, titles)), classes="verdict-column" + (" chosen" if n == self.chosen else "")
            )
            for n, v in enumerate(self.verifications)
        )
        if not self.verifications:
            box.mount(Static(Content.styled("nobody verified a claim of this span yet", "$text-muted")))
        accept = key_of(self, "verdicts-accept")
        self.status.say(
            f"{key_of(self, 'verdicts-previous')}/{key_of(self, 'verdicts-next')} choose, {accept} takes it into gold"
        )

    def action_choose(self, step: int) -> None:
        """Choose another verification."""
        if not self.verifications:
            return
        self.chosen = (self.chosen + step) % len(self.verifications)
        for n, column in enumerate(self.query(".verdict-column")):
            column.set_class(n == self.chosen, "chosen")
            if n == self.chosen:
                column.scroll_visible()

    def action_accept(self) -> None:
        """Take the chosen verification into gold."""
        if not self.verifications:
            self.status.say("nothing to take into gold", "error")
            return
        chosen = self.verifications[self.chosen]
        if chosen.annotator == GOLD:
            self.status.say("that one is gold already", "error")
            return
        lead, row_key = self.lead, self.row_key
        self.write(
            lambda store: store.verifications.accept(lead, chosen.id, row_key),
            lambda _: self.reload(),
            f"saved: {chosen.annotator}'s verification ({chosen.verdict or 'no verdict'}) taken into gold",
        )

    def action_help(self) -> None:
        self.post_message(OpenHelp())

    def action_back(self) -> None:
        self.dismiss()


def _articles(verification: Verification) -> list[str]:
    """The articles a verification's corpus evidence points into."""
    return [item.article_id for item in verification.record.evidence if isinstance(item, CorpusEvidence)]
