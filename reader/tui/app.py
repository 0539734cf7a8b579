"""The Textual application and `run(session)`, the entry point the CLI calls when no command is given."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import App
from textual.screen import Screen

from reader.store import Store
from reader.text import visible
from reader.tui import screens
from reader.tui.data_changed import POLL_SECONDS, DataChanged
from reader.tui.keys.live import DEFAULT, Keys
from reader.tui.keys.registry import APP_KEYS
from reader.tui.learner import Learner
from reader.tui.routes import (
    OpenAgreement,
    OpenArticle,
    OpenClaimMap,
    OpenHelp,
    OpenReview,
    OpenVerdicts,
    OpenVerification,
    OpenVerifyQueue,
    ReviewModeChosen,
)
from reader.tui.write_queue import Waiting, WriteQueue, Written

if TYPE_CHECKING:
    from textual.command import Provider

    from reader.review.adjudication import Mode


def screen_commands() -> type[Provider]:
    """The palette's commands for the current screen, loaded when the palette first opens rather than at start."""
    from reader.tui.keys.palette import ScreenCommands

    return ScreenCommands


class ClaimReader(App[None]):
    """The reader: starts on the library; every write goes through the one Store; every full screen is opened here."""

    CSS_PATH = Path(__file__).parent / "reader.tcss"
    TITLE = "claim-reader"
    BINDINGS = APP_KEYS
    COMMANDS = App.COMMANDS | {screen_commands}

    def __init__(self, store: Store, annotator: str, keys: Keys = DEFAULT, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.store = store
        self.annotator = annotator
        self.keys = keys
        """The keys in force: the registry's, moved by the user's keymap, applied before the first screen."""
        self.set_keymap(keys.textual_keymap)
        self.learner = Learner(self, store)
        self.writes = WriteQueue(self, store)
        """Every write of the screens: at once when the database is free, else in order by a worker thread."""
        self._leaving = False
        self._verify_screen: screens.VerifyScreen | None = None
        self.review_mode: Mode | None = None
        """What review's accept-all takes, as the lead last switched it here (None: the schema's auto_accept)."""

    def get_default_screen(self) -> Screen[Any]:
        return screens.LibraryScreen(self.store, self.annotator, self.learner)

    def on_ready(self) -> None:
        """The first frame is on screen: now load the library rows it did not need."""
        if isinstance(self.screen, screens.LibraryScreen):
            self.screen.finish_loading()

    # -- the screens, opened on the screens' requests (reader.tui.routes) --------------------------

    async def on_open_article(self, message: OpenArticle) -> None:
        """Open an article, its cursor on the claim asked for (from the Claim map) once the screen is mounted."""
        screen = screens.ArticleScreen(self.store, self.annotator, message.article_id, message.order, self.learner)
        await self.push_screen(screen)
        if message.claim_id is not None:
            screen.show_claim(message.claim_id)

    def on_open_review(self, message: OpenReview) -> None:
        """Review is for leads: anyone else gets one line saying why, and nothing opens."""
        refusal = self.store.schema.lead_refusal(self.annotator)
        if refusal:
            self.notify(visible(refusal), title="Review is for leads", severity="warning", markup=False)
            return
        screen = screens.ReviewScreen(self.store, self.annotator, message.article_id, message.order, self.review_mode)
        self.push_screen(screen, message.on_close)

    def on_review_mode_chosen(self, message: ReviewModeChosen) -> None:
        """Keep the accept-all mode a lead chose for the reviews opened after this one."""
        self.review_mode = message.mode

    def on_open_claim_map(self, message: OpenClaimMap) -> None:
        """A fresh map on every visit, as its highlighted line starts at the top."""
        self.push_screen(screens.ClaimMapScreen(self.store, self.annotator))

    def on_open_agreement(self, message: OpenAgreement) -> None:
        """A fresh Agreement screen on every visit: its figures are computed when it opens."""
        self.push_screen(screens.AgreementScreen(self.store, self.annotator))

    def on_open_verification(self, message: OpenVerification) -> None:
        """The verification view of a claim, stepping through the order it was opened with: one view, composed on its
        first visit and shown again with the next claim (composing a screen costs far more than a key may)."""
        screen = self._verify_screen
        if screen is None:
            screen = self._verify_screen = screens.VerifyScreen(
                self.store, self.annotator, message.claim_id, message.order
            )
            self.install_screen(screen, "verify")
        else:
            screen.open(message.claim_id, message.order)
        self.push_screen(screen, message.on_close)

    def on_open_verify_queue(self, message: OpenVerifyQueue) -> None:
        """The claims to verify, read afresh on every visit."""
        self.push_screen(screens.VerifyQueueScreen(self.store, self.annotator))

    def on_open_verdicts(self, message: OpenVerdicts) -> None:
        """Verifications side by side are for leads, as Review is."""
        refusal = self.store.schema.lead_refusal(self.annotator)
        if refusal:
            self.notify(refusal, title="Taking verifications into gold is for leads", severity="warning", markup=False)
            return
        screen = screens.VerdictsScreen(self.store, self.annotator, message.article_id, message.span, message.row_key)
        self.push_screen(screen, message.on_close)

    def on_open_help(self, message: OpenHelp) -> None:
        """The help for the schema in force (its labels and keys)."""
        self.push_screen(screens.HelpScreen(self.store.schema, self.keys))

    def on_mount(self) -> None:
        if self.store.readonly:
            self.notify("read-only database: you can read, not annotate", severity="warning", markup=False)
        self._data_version = self.store.db.data_version()
        self.set_interval(POLL_SECONDS, self.poll)

    def on_written(self, message: Written) -> None:
        """A write the worker made: show it on the screen that asked."""
        self.writes.done(message)

    def on_waiting(self, message: Waiting) -> None:
        """The worker waits for another process: say for whom on the status line of the screen that asked."""
        self.writes.whom = message.whom
        if message.write.screen.is_attached:
            message.write.status.say(f"waiting to save: {message.whom} (keys still work)", "waiting")

    async def action_quit(self) -> None:
        """Quit; while changes still wait for the database, the first press says so and only a second one leaves
        without them."""
        if self.writes.waiting and not self._leaving:
            self._leaving = True
            self.notify(
                visible(
                    f"{self.writes.waiting} change(s) still wait for the database"
                    f"{f' ({self.writes.whom})' if self.writes.whom else ''}; quit again to leave without them"
                ),
                severity="warning",
                markup=False,
            )
            return
        self.writes.stop()
        self.exit()

    def poll(self) -> None:
        """Tell every open screen when another process committed, so others' work shows without a restart."""
        version = self.store.db.data_version()
        if version != self._data_version:
            self._data_version = version
            for screen in self.screen_stack:
                screen.post_message(DataChanged())


def run(session: Any) -> None:
    """Read the user's keymap (a bad one stops here, before anything is opened), open the session's store and run
    the reader until the annotator quits."""
    from reader.tui.keys.keymap import load_keys

    keys = load_keys()
    store = session.store()
    try:
        ClaimReader(store, session.annotator, keys).run()
    finally:
        store.close()
