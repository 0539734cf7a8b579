"""Every key binding of the reader, declared here once with a stable id: screens and widgets take their BINDINGS from
this module, a user keymap moves keys by id, and the help, footer, palette and README tables are built from it.

Ids are the action in words, kebab-case, unique across the reader (`sentence-next`, `suggestion-accept`); a binding
shared by several screens (`help`, `back`, `undo`) is one object with one id, so one keymap line moves it everywhere.
`tooltip` is the binding's line in the help and its command in the palette; bindings that share a `Binding.Group`
share one help line, the group's description.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from textual.binding import Binding, BindingType

Group = Binding.Group
SLOTS = "123456789"
"""The keys a schema may give its labels and confidence levels: each has a binding, used when the schema names it."""
RELATIONS = ("same", "supports", "conflicts", "refines", "quote-variant")
"""The link relations in the order of their keys (reader.models.RELATIONS, which a test holds this to), named here so
the start-up that loads the registry does not load the models, and so renaming a relation cannot rename an id."""


@dataclass(frozen=True)
class Section:
    """Bindings that belong together in the help, under one heading."""

    id: str
    title: str
    bindings: tuple[Binding, ...]


@dataclass(frozen=True)
class Place:
    """A screen as the annotator meets it: every binding active there (for clash checks) and its footer's hints."""

    id: str
    title: str
    holders: tuple[list[BindingType], ...]
    """The BINDINGS of the app, the screen and every widget on it."""
    hints: tuple[str | tuple[str, str], ...] = ()
    """Footer hints, most needed first: a binding id, or (id, word) where the screen names it its own way."""

    @cached_property
    def bindings(self) -> tuple[Binding, ...]:
        """Every binding active on this screen, once."""
        return tuple(
            dict.fromkeys(binding for holder in self.holders for binding in holder if isinstance(binding, Binding))
        )


# -- every screen -----------------------------------------------------------------------------------------------------

HELP = Binding(
    "question_mark",
    "help",
    "help",
    id="help",
    tooltip="this help: every key, and the labels' definitions (again: close it)",
)
BACK = Binding(
    "q,escape",
    "back",
    "back",
    id="back",
    tooltip="back one step: drop the selection if there is one, else leave this screen",
)
PALETTE = Binding(
    "ctrl+p",
    "command_palette",
    "palette",
    id="command-palette",
    priority=True,
    tooltip="the command palette: every action of this screen by name",
)
QUIT_NOW = Binding("ctrl+q", "quit", "quit", id="quit-now", priority=True, tooltip="quit the reader from any screen")
GENERAL = Section("general", "General", (HELP, BACK, PALETTE, QUIT_NOW))

# -- lists: the library, the claim sidebar, agreement, review, the claim map, Related ---------------------------------

MOVE_IN_LIST = Group("move in a list: a row, a page, to the first or last")
LISTS = Section(
    "lists",
    "Lists (library, claim sidebar, agreement, review, claim map, Related)",
    (
        Binding("up", "move(-1)", "up", id="list-up", tooltip="previous row", group=MOVE_IN_LIST),
        Binding("down", "move(1)", "down", id="list-down", tooltip="next row", group=MOVE_IN_LIST),
        Binding("pageup", "page(-1)", "page up", id="list-page-up", tooltip="a page up", group=MOVE_IN_LIST),
        Binding("pagedown", "page(1)", "page down", id="list-page-down", tooltip="a page down", group=MOVE_IN_LIST),
        Binding("home", "jump(0)", "first", id="list-first", tooltip="first row", group=MOVE_IN_LIST),
        Binding("end", "jump(-1)", "last", id="list-last", tooltip="last row", group=MOVE_IN_LIST),
        Binding("enter", "select", "open", id="list-select", tooltip="open or choose the highlighted row"),
    ),
)

# -- the library ------------------------------------------------------------------------------------------------------

LIBRARY = Section(
    "library",
    "Library",
    (
        Binding("q", "app.quit", "quit", id="quit", tooltip="quit the reader"),
        Binding(
            "n",
            "next_undone",
            "next not done",
            id="library-next",
            tooltip="open the next article assigned to me (▸), else the next not done by me",
        ),
        Binding("slash", "search", "search", id="library-search", tooltip="full-text search of titles and texts"),
        Binding(
            "escape",
            "clear_search",
            "clear search",
            id="library-clear-search",
            tooltip="clear the search: every article again",
        ),
        Binding(
            "f",
            "filter",
            "filter",
            id="library-filter",
            tooltip="cycle the filter: all, with my claims, not done by me, with claims",
        ),
        Binding("o", "sort", "sort", id="library-sort", tooltip="cycle the sort: columns, then the model's outlook"),
        Binding("O", "reverse", "reverse", id="library-reverse", tooltip="reverse the sort"),
        Binding(
            "g",
            "agreement",
            "agreement",
            id="agreement",
            tooltip="the Agreement screen: how far annotators agree; review for leads",
        ),
        Binding(
            "m", "claim_map", "claim map", id="claim-map", tooltip="the Claim map: linked claims across the corpus"
        ),
        Binding(
            "V",
            "verify_queue",
            "verify",
            id="verify-queue",
            tooltip="Claims to verify: every claim, first those I have not verified",
        ),
    ),
)

# -- the article: text, tags, claims ----------------------------------------------------------------------------------

MOVE = Group("move by word, line, page; to the start or end")
STRUCTURE = Group("previous/next sentence, paragraph")
EXTEND = Group("extend the selection by word or line")
CLAUSE = Group(
    "previous/next clause edge (comma, colon, quote, dash, sentence end): a selection's moving end goes there"
)
TEXT = Section(
    "text",
    "Article: move and select",
    (
        Binding("left", "word(-1)", "word", id="word-previous", tooltip="previous word", group=MOVE),
        Binding("right", "word(1)", "word", id="word-next", tooltip="next word", group=MOVE),
        Binding("up", "line(-1)", "line", id="line-up", tooltip="line up", group=MOVE),
        Binding("down", "line(1)", "line", id="line-down", tooltip="line down", group=MOVE),
        Binding("pageup", "page(-1)", "page", id="page-up", tooltip="a page up", group=MOVE),
        Binding("pagedown", "page(1)", "page", id="page-down", tooltip="a page down", group=MOVE),
        Binding("home", "edge(-1)", "start", id="text-start", tooltip="start of the article", group=MOVE),
        Binding("end", "edge(1)", "end", id="text-end", tooltip="end of the article", group=MOVE),
        Binding(
            "left_parenthesis",
            "sentence(-1)",
            "sentence",
            id="sentence-previous",
            tooltip="previous sentence",
            group=STRUCTURE,
        ),
        Binding(
            "right_parenthesis", "sentence(1)", "sentence", id="sentence-next", tooltip="next sentence", group=STRUCTURE
        ),
        Binding(
            "left_curly_bracket",
            "paragraph(-1)",
            "paragraph",
            id="paragraph-previous",
            tooltip="previous paragraph",
            group=STRUCTURE,
        ),
        Binding(
            "right_curly_bracket",
            "paragraph(1)",
            "paragraph",
            id="paragraph-next",
            tooltip="next paragraph",
            group=STRUCTURE,
        ),
        Binding(
            "shift+left",
            "word(-1, True)",
            "extend",
            id="extend-word-previous",
            tooltip="extend the selection a word back",
            group=EXTEND,
        ),
        Binding(
            "shift+right",
            "word(1, True)",
            "extend",
            id="extend-word-next",
            tooltip="extend the selection a word on",
            group=EXTEND,
        ),
        Binding(
            "shift+up",
            "line(-1, True)",
            "extend",
            id="extend-line-up",
            tooltip="extend the selection a line up",
            group=EXTEND,
        ),
        Binding(
            "shift+down",
            "line(1, True)",
            "extend",
            id="extend-line-down",
            tooltip="extend the selection a line down",
            group=EXTEND,
        ),
        Binding(
            "less_than_sign",
            "clause(-1)",
            "clause",
            id="clause-previous",
            tooltip="previous clause edge",
            group=CLAUSE,
        ),
        Binding("greater_than_sign", "clause(1)", "clause", id="clause-next", tooltip="next clause edge", group=CLAUSE),
        Binding(
            "s", "select_sentence", "sentence", id="select-sentence", tooltip="select the sentence under the cursor"
        ),
        Binding(
            "o",
            "swap_ends",
            "other end",
            id="selection-other-end",
            tooltip="swap the selection's moving end (vim's o): shrink or grow it from the other end",
        ),
        Binding(
            "v",
            "toggle_anchor",
            "anchor",
            id="anchor",
            tooltip="anchor a selection that movement extends (again: drop it)",
        ),
    ),
)

TAG_GROUP = Group(
    "tag the selection (none: the sentence) with that label, then answer the confidence; on the span of a claim of "
    "mine: relabel it (with its own label: answer a new confidence)"
)
TAG = Section(
    "tag",
    "Article: tag",
    tuple(
        Binding(
            slot,
            f"tag('{slot}')",
            "tag",
            id=f"label-{slot}",
            tooltip=f"tag with the label of key {slot}",
            group=TAG_GROUP,
        )
        for slot in SLOTS
    ),
)

CONFIDENCE_GROUP = Group("the confidence of that key (the schema's scale; by default 1 unsure, 2 probably, 3 sure)")
CONFIDENCE = Section(
    "confidence",
    "Article: after a label key",
    (
        *(
            Binding(
                slot,
                f"screen.confidence('{slot}')",
                "confidence",
                id=f"confidence-{slot}",
                priority=True,
                tooltip=f"confidence of key {slot}",
                group=CONFIDENCE_GROUP,
            )
            for slot in SLOTS
        ),
        Binding(
            "enter",
            "screen.confidence('')",
            "default",
            id="confidence-default",
            priority=True,
            tooltip="the default confidence",
        ),
        Binding("escape", "screen.cancel_tag", "cancel", id="tag-cancel", priority=True, tooltip="cancel the tag"),
    ),
)
"""Priority bindings, active only while a tag waits for its confidence (the article screen says when)."""

CLAIM_STEP = Group("next/previous claim")
ARTICLE_STEP = Group("next/previous article (in review: of the agreement list)")
FOCUS = Group("focus the text or the claim sidebar")
ARTICLE_STEPS = (
    Binding(
        "right_square_bracket",
        "article(1)",
        "next article",
        id="article-next",
        tooltip="next article",
        group=ARTICLE_STEP,
    ),
    Binding(
        "left_square_bracket",
        "article(-1)",
        "prev article",
        id="article-previous",
        tooltip="previous article",
        group=ARTICLE_STEP,
    ),
)
ARTICLE = Section(
    "article",
    "Article",
    (
        Binding("n", "claim(1)", "next", id="claim-next", tooltip="next claim", group=CLAIM_STEP),
        Binding("N", "claim(-1)", "prev claim", id="claim-previous", tooltip="previous claim", group=CLAIM_STEP),
        Binding(
            "e",
            "edit",
            "edit",
            id="edit",
            tooltip="edit the claim under the cursor or chosen in the sidebar (every field)",
        ),
        Binding("x,delete", "delete", "delete", id="delete", tooltip="delete the claim under the cursor"),
        Binding("d", "done", "done", id="done", tooltip="mark the article done, or not done again"),
        *ARTICLE_STEPS,
        Binding("slash", "find", "find", id="find", tooltip="find in the article"),
        Binding("a", "others", "others", id="others", tooltip="show or hide the other annotators' claims"),
        Binding("R", "review", "review", id="review", tooltip="review this article (leads)"),
        Binding(
            "V",
            "verify",
            "verify",
            id="verify",
            tooltip="verify the claim under the cursor: verdict, evidence, questions and answers, justification",
        ),
        Binding("tab", "focus_pane(1)", "focus", id="focus-next", tooltip="focus the next pane", group=FOCUS),
        Binding(
            "shift+tab", "focus_pane(-1)", "focus", id="focus-previous", tooltip="focus the previous pane", group=FOCUS
        ),
    ),
)

HISTORY = Section(
    "history",
    "Undo (article and review)",
    (
        Binding(
            "u,ctrl+z",
            "undo",
            "undo",
            id="undo",
            tooltip="undo my latest action here, whole (it survives restarts and touches only my work)",
        ),
        Binding("U,ctrl+y", "redo", "redo", id="redo", tooltip="redo what was undone"),
    ),
)

SUGGESTIONS = Section(
    "suggestions",
    "Article: suggestions and links",
    (
        Binding(
            "S",
            "suggestions",
            "suggest",
            id="suggest",
            tooltip="show or hide the suggestions (underlined): one a sentence, from the model or proven cue rules",
        ),
        Binding(
            "W",
            "all_suggestions",
            "all suggestions",
            id="suggest-all",
            tooltip="all suggestions: every label and cue rule, also the unproven (again: only the precise)",
        ),
        Binding(
            "A",
            "accept",
            "accept",
            id="suggestion-accept",
            tooltip="accept the suggestion under the cursor with its label (a label key: with that label)",
        ),
        Binding(
            "X",
            "reject",
            "reject",
            id="suggestion-reject",
            tooltip="reject the suggestion under the cursor (hidden for me; undo brings it back)",
        ),
        Binding(
            "B",
            "next_suggestion",
            "next suggestion",
            id="suggestion-next",
            tooltip="go to the next suggestion after the cursor",
        ),
        Binding(
            "r",
            "related",
            "related",
            id="related",
            tooltip="Related: counterparts of the claim in other articles, to link",
        ),
    ),
)

FIND = Section(
    "find",
    "Find bar (article)",
    (
        Binding("down", "step(1)", "next hit", id="find-next", tooltip="next hit"),
        Binding("up", "step(-1)", "previous hit", id="find-previous", tooltip="previous hit"),
        Binding(
            "enter",
            "go",
            "go",
            id="find-go",
            tooltip="go to the hit: the bar closes and the next key acts on the text",
        ),
        Binding(
            "escape",
            "close",
            "close",
            id="find-close",
            tooltip="close the find bar, the cursor back where the search began",
        ),
    ),
)

# -- the other screens ------------------------------------------------------------------------------------------------

LINK_GROUP = Group(f"link the highlighted counterpart as {', '.join(RELATIONS)} (a sentence becomes my claim)")
RELATED = Section(
    "related",
    "Related",
    (
        *(
            Binding(
                str(n),
                f"link('{relation}')",
                relation,
                id=f"link-{relation}",
                tooltip=f"link as {relation}",
                group=LINK_GROUP,
            )
            for n, relation in enumerate(RELATIONS, 1)
        ),
        Binding(
            "enter",
            "link('')",
            "link",
            id="link-hinted",
            priority=True,  # before the list's own Enter
            tooltip="link as the relation the row hints at",
        ),
    ),
)

AGREEMENT = Section(
    "agreement",
    "Agreement",
    (Binding("f", "figure", "matrix figure", id="agreement-figure", tooltip="cycle the pair matrix's figure"),),
)

VARIANT = Group("choose the variant (span and label) that accept and edit take")
REVIEW = Section(
    "review",
    "Review (leads)",
    (
        Binding("left", "variant(-1)", "variant", id="variant-previous", tooltip="previous variant", group=VARIANT),
        Binding("right", "variant(1)", "variant", id="variant-next", tooltip="next variant", group=VARIANT),
        Binding("a", "accept", "accept", id="review-accept", tooltip="accept the chosen variant into gold"),
        Binding(
            "A",
            "accept_agreed",
            "accept all",
            id="review-accept-agreed",
            tooltip="accept every open agreed row (unanimous, or majority after the mode key)",
        ),
        Binding("m", "mode", "mode", id="review-mode", tooltip="switch accept-all between unanimous and majority"),
        Binding(
            "e",
            "edit",
            "edit",
            id="review-edit",
            tooltip="edit the variant, then accept it; on a gold row, edit the gold claim",
        ),
        Binding("r", "reject", "reject", id="review-reject", tooltip="reject the row: no gold claim there"),
        Binding("n", "next_open", "next open", id="review-next-open", tooltip="the next row not yet reviewed"),
        Binding(
            "v",
            "verifications",
            "verdicts",
            id="review-verdicts",
            tooltip="every annotator's verification of the row side by side, to take one into gold",
        ),
    ),
)

VERDICT_GROUP = Group(
    "give the verdict of that key (the schema's set; by default 1 Supported, 2 Refuted, 3 Not Enough Evidence,"
    " 4 Conflicting Evidence/Cherrypicking)"
)
VERIFY_STEP = Group("next/previous claim to verify (of the article, or of the list it was opened from)")
VERIFY = Section(
    "verify",
    "Verification",
    (
        *(
            Binding(
                slot,
                f"verdict('{slot}')",
                "verdict",
                id=f"verdict-{slot}",
                tooltip=f"the verdict of key {slot}",
                group=VERDICT_GROUP,
            )
            for slot in SLOTS
        ),
        Binding(
            "e",
            "attach",
            "attach",
            id="evidence-attach",
            tooltip="attach the highlighted Related candidate as evidence, linked (a sentence becomes my claim); Enter"
            " on it too",
        ),
        Binding(
            "w",
            "external",
            "web evidence",
            id="evidence-external",
            tooltip="add evidence from outside the corpus: its URL, the passage, its date",
        ),
        Binding("a", "add_question", "question", id="question-add", tooltip="add a question and its first answer"),
        Binding("A", "add_answer", "answer", id="answer-add", tooltip="add an answer to the highlighted question"),
        Binding(
            "c",
            "edit_claim",
            "claim",
            id="verify-claim",
            tooltip="edit the normalized claim: self-contained, with who said it and when",
        ),
        Binding("j", "justification", "justify", id="verify-justification", tooltip="write the justification"),
        Binding(
            "d",
            "details",
            "details",
            id="verify-details",
            tooltip="claim date, speaker, claim types, fact-checking strategies, URLs",
        ),
        Binding(
            "x,delete",
            "remove",
            "remove",
            id="verify-remove",
            tooltip="remove the highlighted question, answer or evidence (Enter on it edits it)",
        ),
        Binding("n", "step(1)", "next claim", id="verify-next", tooltip="next claim", group=VERIFY_STEP),
        Binding("N", "step(-1)", "prev claim", id="verify-previous", tooltip="previous claim", group=VERIFY_STEP),
    ),
)

QUEUE = Section(
    "verify-queue",
    "Claims to verify",
    (
        Binding(
            "f",
            "filter",
            "filter",
            id="queue-filter",
            tooltip="cycle the filter: not verified by me, no verdict yet, all claims, verified by me",
        ),
    ),
)

VERDICTS_CHOOSE = Group("choose the verification that accept takes")
VERDICTS = Section(
    "verdicts",
    "Verifications side by side (leads)",
    (
        Binding(
            "left",
            "choose(-1)",
            "choose",
            id="verdicts-previous",
            tooltip="previous verification",
            group=VERDICTS_CHOOSE,
        ),
        Binding("right", "choose(1)", "choose", id="verdicts-next", tooltip="next verification", group=VERDICTS_CHOOSE),
        Binding(
            "a",
            "accept",
            "accept",
            id="verdicts-accept",
            tooltip="take the chosen verification into gold (with its claim, when the row has no gold claim yet)",
        ),
    ),
)

EDITOR = Section(
    "editor",
    "Claim editor and verification forms",
    (
        Binding("ctrl+s", "save", "save", id="editor-save", tooltip="save (Enter in a one-line field too)"),
        Binding("escape", "cancel", "cancel", id="editor-cancel", tooltip="cancel: change nothing"),
    ),
)

SECTIONS: tuple[Section, ...] = (
    GENERAL,
    LIBRARY,
    LISTS,
    TEXT,
    TAG,
    CONFIDENCE,
    ARTICLE,
    HISTORY,
    SUGGESTIONS,
    FIND,
    RELATED,
    AGREEMENT,
    REVIEW,
    VERIFY,
    QUEUE,
    VERDICTS,
    EDITOR,
)
"""Every section, in the order the help and the README list them."""

# -- who holds which bindings: each class's BINDINGS ----------------------------------------------------------------


def holds(*bindings: Binding) -> list[BindingType]:
    """A class's BINDINGS, as Textual types them."""
    return list(bindings)


APP_KEYS = holds(PALETTE, QUIT_NOW)
LIBRARY_KEYS = holds(HELP, *LIBRARY.bindings)
LIST_KEYS = holds(*LISTS.bindings)
TEXT_KEYS = holds(*TEXT.bindings)
FIND_KEYS = holds(*FIND.bindings)
ARTICLE_KEYS = holds(HELP, BACK, *TAG.bindings, *ARTICLE.bindings, *HISTORY.bindings, *SUGGESTIONS.bindings)
CONFIDENCE_KEYS = holds(*CONFIDENCE.bindings)
REVIEW_KEYS = holds(HELP, BACK, *REVIEW.bindings, *HISTORY.bindings, *ARTICLE_STEPS)
AGREEMENT_KEYS = holds(HELP, BACK, *AGREEMENT.bindings)
CLAIM_MAP_KEYS = holds(HELP, BACK)
RELATED_KEYS = holds(BACK, *RELATED.bindings)
EDITOR_KEYS = holds(*EDITOR.bindings)
VERIFY_KEYS = holds(HELP, BACK, *VERIFY.bindings, *HISTORY.bindings, *(b for b in ARTICLE.bindings if b.group == FOCUS))
QUEUE_KEYS = holds(HELP, BACK, *QUEUE.bindings)
VERDICTS_KEYS = holds(HELP, BACK, *VERDICTS.bindings)
SPAN_KEYS = holds(
    *(
        binding
        for binding in TEXT.bindings
        if binding.id in {"extend-word-previous", "extend-word-next", "clause-previous", "clause-next"}
        or binding.id == "selection-other-end"
    )
)
"""The claim editor's span field moves the claim's ends with the keys that move a selection's ends in the article."""
HELP_KEYS = holds(HELP, BACK)

PLACES: tuple[Place, ...] = (
    Place(
        "library",
        "the library",
        (APP_KEYS, LIBRARY_KEYS, LIST_KEYS),
        hints=(
            ("list-select", "open"),
            "help",
            "quit",
            "library-next",
            "library-search",
            "library-filter",
            "library-sort",
            "agreement",
            "claim-map",
            "command-palette",
        ),
    ),
    Place(
        "article",
        "the article",
        (APP_KEYS, ARTICLE_KEYS, CONFIDENCE_KEYS, TEXT_KEYS, FIND_KEYS, LIST_KEYS),
        hints=(
            "label-1",
            "help",
            "back",
            "suggest",
            "related",
            "select-sentence",
            "edit",
            "delete",
            "undo",
            "verify",
            ("claim-next", "claims"),
            "done",
            "find",
            "others",
            "command-palette",
        ),
    ),
    Place(
        "review",
        "review",
        (APP_KEYS, REVIEW_KEYS, LIST_KEYS),
        hints=(
            "review-accept",
            "help",
            "back",
            "variant-next",
            "review-reject",
            "review-edit",
            "review-accept-agreed",
            "undo",
            "review-mode",
            "review-next-open",
            "command-palette",
        ),
    ),
    Place(
        "agreement",
        "the agreement screen",
        (APP_KEYS, AGREEMENT_KEYS, LIST_KEYS),
        hints=(("list-select", "review"), "help", "back", "agreement-figure", "command-palette"),
    ),
    Place(
        "claim-map",
        "the claim map",
        (APP_KEYS, CLAIM_MAP_KEYS, LIST_KEYS),
        hints=(("list-select", "open"), "help", "back", "command-palette"),
    ),
    Place("related", "the Related panel", (APP_KEYS, RELATED_KEYS, LIST_KEYS)),
    Place(
        "verify",
        "the verification view",
        (APP_KEYS, VERIFY_KEYS, LIST_KEYS),
        hints=(
            ("verdict-1", "verdict"),
            "help",
            "back",
            "evidence-attach",
            "question-add",
            "verify-justification",
            "verify-claim",
            "verify-details",
            "evidence-external",
            "undo",
            ("verify-next", "claims"),
            "command-palette",
        ),
    ),
    Place(
        "verify-queue",
        "the claims to verify",
        (APP_KEYS, QUEUE_KEYS, LIST_KEYS),
        hints=(("list-select", "verify"), "help", "back", "queue-filter", "command-palette"),
    ),
    Place(
        "verdicts",
        "the verifications side by side",
        (APP_KEYS, VERDICTS_KEYS),
        hints=("verdicts-accept", "help", "back", ("verdicts-next", "choose"), "command-palette"),
    ),
    Place("editor", "the claim editor", (APP_KEYS, EDITOR_KEYS, SPAN_KEYS)),
    Place("help", "the help", (APP_KEYS, HELP_KEYS)),
)
"""Every screen; the article's confidence keys are checked only against each other (they act only while a tag waits)."""

PLACE = {place.id: place for place in PLACES}
MODAL = frozenset(CONFIDENCE.bindings)
"""Bindings of a mode that disables every other key of its screen."""
