"""Key bindings declared once: every binding lives in the registry with an id and a holder that has its action; every
one reaches its action by its key on the screen where it applies, and, once a keymap moves it, by the new key and no
longer by the old one."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.actions import parse
from textual.binding import Binding
from textual.dom import DOMNode

import reader.tui
from reader.models import RELATIONS, ClaimFields
from reader.store import Store
from reader.tui.app import ClaimReader
from reader.tui.keys import registry
from reader.tui.keys.keymap import parse_keymap
from reader.tui.keys.live import BY_ID, DEFAULT, Keys, default_keys
from reader.tui.screens.agreement import AgreementScreen
from reader.tui.screens.article import ArticleBody, ArticleScreen
from reader.tui.screens.claim_map import ClaimMapScreen
from reader.tui.screens.editor import EditorScreen
from reader.tui.screens.help import HelpScreen
from reader.tui.screens.library import LibraryScreen
from reader.tui.screens.related import RelatedScreen
from reader.tui.screens.review import ReviewScreen
from reader.tui.screens.verdicts import VerdictsScreen
from reader.tui.screens.verify import VerifyScreen
from reader.tui.screens.verify_queue import VerifyQueueScreen
from reader.tui.widgets.article_view import ArticleView
from reader.tui.widgets.find_bar import FindBar
from reader.tui.widgets.row_list import RowList
from tests.helpers import ROOT
from tests.review_helpers import LEAD, team_store
from tests.tui.helpers import SIZE, run_async

REGISTRY = Path(registry.__file__)


def reader_nodes() -> list[type[DOMNode]]:
    """Every screen and widget class of the reader (each module imported first)."""
    for module in pkgutil.walk_packages(reader.tui.__path__, "reader.tui."):
        importlib.import_module(module.name)
    found, todo = [], [DOMNode]
    while todo:
        cls = todo.pop()
        todo += cls.__subclasses__()
        if cls.__module__.startswith("reader."):
            found.append(cls)
    return found


def holders() -> dict[type[DOMNode], list[Binding]]:
    """The reader's classes that declare BINDINGS, with them."""
    return {cls: list(cls.__dict__["BINDINGS"]) for cls in reader_nodes() if "BINDINGS" in cls.__dict__}


# -- the registry -----------------------------------------------------------------------------------------------------


def test_no_binding_is_declared_outside_the_registry() -> None:
    written = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted((ROOT / "reader").rglob("*.py"))
        if path != REGISTRY
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if "Binding(" in line
    ]
    assert written == []
    registered = {id(binding) for binding in BY_ID.values()}
    for cls, bindings in holders().items():
        strays = [binding for binding in bindings if id(binding) not in registered]
        assert strays == [], f"{cls.__name__} binds keys the registry does not hold: {strays}"


def test_every_binding_has_one_id_and_one_place_that_can_run_it() -> None:
    ids = [binding.id for section in registry.SECTIONS for binding in section.bindings]
    assert None not in ids and len(ids) == len(set(ids))
    held = holders()
    assert {binding.id for bindings in held.values() for binding in bindings} == set(ids), "a binding nobody holds"
    for cls, bindings in held.items():
        keys = [key for binding in bindings for key in default_keys(binding)]
        assert len(keys) == len(set(keys)), f"{cls.__name__} gives one key two bindings (a keymap would drop one)"
        for binding in bindings:
            namespace, action, _ = parse(binding.action)
            target = {"": cls, "app": ClaimReader, "screen": {ArticleBody: ArticleScreen}.get(cls, cls)}[namespace]
            assert hasattr(target, f"action_{action}"), f"{binding.id}: {target.__name__} has no action {action!r}"


def test_every_place_lists_what_its_screen_holds_and_hints_only_its_own_bindings() -> None:
    held = holders()
    screens = {
        "library": "LibraryScreen",
        "article": "ArticleScreen",
        "review": "ReviewScreen",
        "agreement": "AgreementScreen",
        "claim-map": "ClaimMapScreen",
        "related": "RelatedScreen",
        "editor": "EditorScreen",
        "help": "HelpScreen",
        "verify": "VerifyScreen",
        "verify-queue": "VerifyQueueScreen",
        "verdicts": "VerdictsScreen",
    }
    for place in registry.PLACES:
        screen = next(cls for cls in held if cls.__name__ == screens[place.id])
        assert set(held[screen]) <= set(place.bindings)
        hinted = [hint[0] if isinstance(hint, tuple) else hint for hint in place.hints]
        assert set(hinted) <= {binding.id for binding in place.bindings}


# -- every binding reaches its action by its key ------------------------------------------------------------------

UNSET = object()


class Spy:
    """Replaces the actions of the bindings under test with recorders, so each key press shows which action ran."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.monkeypatch = monkeypatch
        self.calls: list[tuple[str, tuple[object, ...]]] = []

    def install(self, bindings: list[tuple[type[DOMNode], Binding]]) -> None:
        calls = self.calls
        for cls, binding in bindings:
            namespace, name, _ = parse(binding.action)
            target = {"": cls, "app": ClaimReader, "screen": ArticleScreen}[namespace]

            def record(self: object, a: object = UNSET, b: object = UNSET, c: object = UNSET, name: str = name) -> None:
                calls.append((name, tuple(arg for arg in (a, b, c) if arg is not UNSET)))

            self.monkeypatch.setattr(target, f"action_{name}", record)


Setup = Callable[[ClaimReader, Store], Awaitable[None]]


async def on_library(app: ClaimReader, store: Store) -> None:
    """The library, its table focused."""


async def on_article(app: ClaimReader, store: Store) -> None:
    """The first article, its text focused."""
    await app.push_screen(
        ArticleScreen(store, app.annotator, store.articles.ids()[0], store.articles.ids(), app.learner)
    )


async def on_prompt(app: ClaimReader, store: Store) -> None:
    """The first article with a tag waiting for its confidence."""
    await on_article(app, store)
    screen = app.screen
    assert isinstance(screen, ArticleScreen)
    screen.pending = (store.schema.labels[0], (0, 10))


async def on_sidebar(app: ClaimReader, store: Store) -> None:
    """The first article, its claim sidebar focused."""
    await on_article(app, store)
    assert isinstance(app.screen, ArticleScreen)
    app.screen.sidebar.focus()


async def on_find_bar(app: ClaimReader, store: Store) -> None:
    """The first article with the find bar open."""
    await on_article(app, store)
    assert isinstance(app.screen, ArticleScreen)
    app.screen.query_one(FindBar).open(app.screen.text, 0)


async def on_review(app: ClaimReader, store: Store) -> None:
    article_id = store.articles.ids()[0]
    await app.push_screen(ReviewScreen(store, app.annotator, article_id, store.articles.ids()[:2]))


async def on_agreement(app: ClaimReader, store: Store) -> None:
    await app.push_screen(AgreementScreen(store, app.annotator))


async def on_claim_map(app: ClaimReader, store: Store) -> None:
    await app.push_screen(ClaimMapScreen(store, app.annotator))


def _a_claim(store: Store) -> tuple[Any, str]:
    """The lead's first claim on the first article (made for the test) and that article's text."""
    article_id = store.articles.ids()[0]
    claim = store.claims.create(article_id, LEAD, 0, 20, ClaimFields(label="EVENT", confidence=3))
    return claim, store.articles.get(article_id).text


async def on_related(app: ClaimReader, store: Store) -> None:
    claim, text = _a_claim(store)
    await app.push_screen(RelatedScreen(store, claim, text[:20], [], {}, {}))


async def on_editor(app: ClaimReader, store: Store) -> None:
    claim, text = _a_claim(store)
    await app.push_screen(EditorScreen(claim, store.schema, text))


async def on_help(app: ClaimReader, store: Store) -> None:
    await app.push_screen(HelpScreen(store.schema, app.keys))


async def on_verify(app: ClaimReader, store: Store) -> None:
    claim, _ = _a_claim(store)
    await app.push_screen(VerifyScreen(store, app.annotator, claim.id, [claim.id]))


async def on_queue(app: ClaimReader, store: Store) -> None:
    await app.push_screen(VerifyQueueScreen(store, app.annotator))


async def on_verdicts(app: ClaimReader, store: Store) -> None:
    claim, _ = _a_claim(store)
    await app.push_screen(VerdictsScreen(store, app.annotator, claim.article_id, (claim.start, claim.end), "row"))


Holders = list[tuple[type[DOMNode], tuple[Binding, ...]]]
CONTEXTS: dict[str, tuple[Setup, Holders, tuple[str, ...]]] = {
    "library": (
        on_library,
        [(ClaimReader, registry.APP_KEYS), (LibraryScreen, registry.LIBRARY_KEYS), (RowList, registry.LIST_KEYS)],
        (),
    ),
    "article": (on_article, [(ArticleScreen, registry.ARTICLE_KEYS), (ArticleView, registry.TEXT_KEYS)], ()),
    "confidence prompt": (
        on_prompt,
        [(ArticleBody, registry.CONFIDENCE_KEYS)],
        tuple(f"confidence-{slot}" for slot in "456789"),
    ),
    "claim sidebar": (on_sidebar, [(RowList, registry.LIST_KEYS)], ()),
    "find bar": (on_find_bar, [(FindBar, tuple(b for b in registry.FIND.bindings if b.id != "find-go"))], ()),
    "find bar, going to the hit": (on_find_bar, [(FindBar, (BY_ID["find-go"],))], ()),
    "review": (on_review, [(ReviewScreen, registry.REVIEW_KEYS)], ()),
    "agreement": (on_agreement, [(AgreementScreen, registry.AGREEMENT_KEYS)], ()),
    "claim map": (on_claim_map, [(ClaimMapScreen, registry.CLAIM_MAP_KEYS)], ()),
    "related": (on_related, [(RelatedScreen, registry.RELATED_KEYS)], ()),
    "editor": (on_editor, [(EditorScreen, registry.EDITOR_KEYS)], ()),
    "help": (on_help, [(HelpScreen, registry.HELP_KEYS)], ()),
    "verify": (on_verify, [(VerifyScreen, registry.VERIFY_KEYS)], tuple(f"verdict-{slot}" for slot in "56789")),
    "claims to verify": (on_queue, [(VerifyQueueScreen, registry.QUEUE_KEYS)], ()),
    "verdicts": (on_verdicts, [(VerdictsScreen, registry.VERDICTS_KEYS)], ()),
}
"""Where each binding is pressed: a screen in a state, the bindings that must act there, and those that must not
(the default scale has no confidence 4-9, the default verdicts no verdict 5-9)."""
HELD_WHILE_PROMPTING = [
    (ArticleView, BY_ID["word-next"]),
    (ArticleScreen, BY_ID["edit"]),
    (ArticleScreen, BY_ID["label-5"]),
    (ArticleScreen, BY_ID["undo"]),
]
"""Keys that do nothing while a tag waits for its confidence (the answer keys aside)."""


def test_every_binding_is_pressed_somewhere() -> None:
    pressed = {binding.id for _, holders_, _ in CONTEXTS.values() for _, bindings in holders_ for binding in bindings}
    assert pressed == set(BY_ID)


def moved_everywhere() -> Keys:
    """A keymap that moves every binding to a key of its own that nothing else uses (Ctrl+Alt+F1, ...)."""
    modifiers = ["ctrl+alt", "ctrl+meta", "alt+meta", "ctrl+super", "alt+super", "meta+super"]
    lines = [f'{binding_id} = "{modifiers[n // 24]}+f{n % 24 + 1}"' for n, binding_id in enumerate(BY_ID)]
    return parse_keymap("[keys]\n" + "\n".join(lines) + "\n", Path("moved.toml"))


@pytest.fixture(scope="module")
def team_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("keys") / "team.db"
    team_store(path).close()
    return path


@pytest.mark.parametrize("moved", [False, True], ids=["as declared", "moved by a keymap"])
@pytest.mark.parametrize("context", list(CONTEXTS))
@run_async
async def test_every_key_runs_its_binding_action(
    context: str, moved: bool, team_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "team.db").write_bytes(team_file.read_bytes())
    store = Store(tmp_path / "team.db")
    setup, holders_, inert = CONTEXTS[context]
    keys = moved_everywhere() if moved else DEFAULT
    app = ClaimReader(store, LEAD, keys)
    async with app.run_test(size=SIZE) as pilot:
        await setup(app, store)
        await pilot.pause()
        spy = Spy(monkeypatch)
        pairs = [(cls, binding) for cls, bindings in holders_ for binding in bindings]
        held = HELD_WHILE_PROMPTING if context == "confidence prompt" else []
        spy.install(pairs + held)
        for _, binding in pairs:
            binding_id = binding.id or ""
            _, name, parameters = parse(binding.action)
            expected = [] if binding_id in inert else [(name, parameters)]
            for key in keys.keys(binding_id):
                spy.calls.clear()
                await pilot.press(key)
                await pilot.pause()
                assert spy.calls == expected, f"{context}: {key} ({binding_id}) ran {spy.calls}, not {expected}"
            if moved:
                for key in default_keys(binding):
                    spy.calls.clear()
                    await pilot.press(key)
                    await pilot.pause()
                    assert spy.calls == [], f"{context}: the old key {key} of {binding_id} still ran {spy.calls}"
        for _, binding in held:
            for key in keys.keys(binding.id or ""):
                spy.calls.clear()
                await pilot.press(key)
                await pilot.pause()
                assert spy.calls == [], f"{key} ({binding.id}) ran {spy.calls} while a tag waits for its confidence"
    store.close()


def test_the_related_keys_follow_the_relations_in_order() -> None:
    assert registry.RELATIONS == RELATIONS
    assert [binding.id for binding in registry.RELATED.bindings[:-1]] == [f"link-{name}" for name in RELATIONS]


def test_the_keys_cost_the_start_up_neither_pydantic_nor_the_palette() -> None:
    code = "import sys, reader.tui.app; print(sorted({'pydantic', 'reader.tui.keys.palette'} & set(sys.modules)))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"
