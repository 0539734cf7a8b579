"""Building validated Article records from text and metadata, shared by every input format."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reader.errors import InputError
from reader.models import Article, article_id_for
from reader.text import make_title, word_count

MAX_ARTICLE_CHARS = 1_000_000
"""The longest article text accepted (about 170,000 words, ten times a long feature); beyond it the reader cannot lay
the article out in reasonable time or memory, so such a text is almost surely not one news article."""


def make_article(text: str, meta: dict[str, Any], path: Path, line: int | None, title: str | None = None) -> Article:
    """Return the Article for normalized `text`, taking the title from meta or the first line."""
    if len(text) > MAX_ARTICLE_CHARS:
        raise InputError(
            f"{path}{'' if line is None else f':{line}'}: the article text is {len(text):,} characters,"
            f" more than the {MAX_ARTICLE_CHARS:,} one article may hold; split it into articles"
        )
    meta = {k: v for k, v in meta.items() if v is not None}
    title = title or meta.pop("title", None) or make_title(text)
    return Article(
        id=article_id_for(text),
        title=str(title),
        text=text,
        meta=meta,
        source_file=str(path),
        source_line=line,
        words=word_count(text),
    )
