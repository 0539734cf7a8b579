"""The reader's full screens, each imported on first use: the library's first frame would otherwise wait ~200 ms for
the rest."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reader.tui.screens.agreement import AgreementScreen
    from reader.tui.screens.article import ArticleScreen
    from reader.tui.screens.claim_map import ClaimMapScreen
    from reader.tui.screens.help import HelpScreen
    from reader.tui.screens.library import LibraryScreen
    from reader.tui.screens.review import ReviewScreen
    from reader.tui.screens.verdicts import VerdictsScreen
    from reader.tui.screens.verify import VerifyScreen
    from reader.tui.screens.verify_queue import VerifyQueueScreen

MODULES = {
    "AgreementScreen": "agreement",
    "ArticleScreen": "article",
    "ClaimMapScreen": "claim_map",
    "HelpScreen": "help",
    "LibraryScreen": "library",
    "ReviewScreen": "review",
    "VerdictsScreen": "verdicts",
    "VerifyQueueScreen": "verify_queue",
    "VerifyScreen": "verify",
}
"""Each screen class and the module that holds it."""

__all__ = [
    "AgreementScreen",
    "ArticleScreen",
    "ClaimMapScreen",
    "HelpScreen",
    "LibraryScreen",
    "ReviewScreen",
    "VerdictsScreen",
    "VerifyQueueScreen",
    "VerifyScreen",
]


def __getattr__(name: str) -> Any:
    """Import a screen's module the first time the screen is asked for (PEP 562)."""
    if name not in MODULES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{MODULES[name]}"), name)
