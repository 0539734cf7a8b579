"""The reader's learned suggester: one model for the session, retrained in a worker thread after every few claim
changes, never on the UI thread; screens hear of each new model through `ModelTrained`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.message import Message

if TYPE_CHECKING:
    from textual.app import App

    from reader.learn.model import SentenceModel
    from reader.store import Store

RETRAIN_EVERY = 3
"""Changes (a claim made, edited, deleted or undone; a done mark) after which the model is retrained."""


class ModelTrained(Message):
    """A retrain finished: screens showing the model's suggestions or its library order refresh them."""


class Learner:
    """The session's model and its state line; it starts learning the first time someone asks for its suggestions."""

    def __init__(self, app: App[Any], store: Store) -> None:
        self.app = app
        self.store = store
        self.model: SentenceModel | None = None
        self.state = "model: not trained yet (learning starts with S)"
        self.changes = 0
        self.active = False
        self.training = False

    def start(self) -> None:
        """Train once, the first time suggestions or a model order are wanted; later changes retrain it."""
        if not self.active:
            self.active = True
            self.retrain()

    def changed(self) -> None:
        """Count a change to what the model learns from (a claim, a done mark); every RETRAIN_EVERY of them, retrain."""
        if not self.active:
            return
        self.changes += 1
        if self.changes >= RETRAIN_EVERY:
            self.retrain()

    def retrain(self) -> None:
        """Start training on the database's claims in a worker thread (or say why the model cannot run); the model's
        code is imported here, at the first retrain, since the library's first frame never needs it."""
        from reader.learn.model import learn_missing

        missing = learn_missing()
        if missing:
            self.state = missing
            return
        self.changes = 0
        self.training = True
        self.app.run_worker(self._train, thread=True, exclusive=True, group="learn")

    def _train(self) -> None:
        """The worker: read the claims (one query, on a connection of its own), fit, and hand the model to the UI
        thread."""
        from reader.learn.model import model_for

        with self.store.another() as store:
            model, state = model_for(store)
        self.app.call_from_thread(self._trained, model, state)

    def _trained(self, model: SentenceModel | None, state: str) -> None:
        """Keep the new model and tell every open screen."""
        self.model, self.state, self.training = model, state, False
        for screen in self.app.screen_stack:
            screen.post_message(ModelTrained())
