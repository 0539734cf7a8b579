"""Plain-text and Markdown articles: one article per file, cleaned of site boilerplate."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from reader.ingest.articles import make_article
from reader.models import ImportRecord
from reader.text import clean_article

_MD_HEADING = re.compile(r"^#{1,6}[ \t]+", re.MULTILINE)


def read_plain(path: Path, raw: str, markdown: bool) -> Iterator[ImportRecord]:
    """Yield the one article a text file holds, with datelines and boilerplate moved to meta."""
    if markdown:
        raw = _MD_HEADING.sub("", raw)
    cleaned = clean_article(raw)
    yield ImportRecord(article=make_article(cleaned.text, cleaned.meta, path, None, cleaned.title))
