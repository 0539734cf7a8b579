"""Building validated Article records from text and metadata, shared by every input format."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reader.models import Article, article_id_for
from reader.text import make_title, word_count


def make_article(text: str, meta: dict[str, Any], path: Path, line: int | None, title: str | None = None) -> Article:
    """Return the Article for normalized `text`, taking the title from meta or the first line."""
    meta = {k: v for k, v in meta.items() if v is not None}
    title = title or meta.pop("title", None) or make_title(text)
    return Article(id=article_id_for(text), title=str(title), text=text, meta=meta, source_file=str(path),
                   source_line=line, words=word_count(text))
