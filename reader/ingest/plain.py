"""Plain-text and Markdown articles: one article per file, cleaned of site boilerplate."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from reader.errors import InputError
from reader.ingest.articles import make_article
from reader.models import ImportRecord
from reader.text import BadDateline, clean_article

_MD_HEADING = re.compile(r"^#{1,6}[ \t]+", re.MULTILINE)


def read_plain(path: Path, raw: str, markdown: bool) -> Iterator[ImportRecord]:
    """Yield the one article a text file holds, with datelines and boilerplate moved to meta; a dateline naming no
    real date is refused with its line."""
    if markdown:
        raw = _MD_HEADING.sub("", raw)
    try:
        cleaned = clean_article(raw)
    except BadDateline as exc:
        line = next((n for n, text in enumerate(raw.splitlines(), 1) if text.strip() == exc.line), 1)
        raise InputError(f"{path}:{line}: {exc}") from None
    yield ImportRecord(article=make_article(cleaned.text, cleaned.meta, path, None, cleaned.title))
