"""Saved web pages: main text and metadata extracted with trafilatura (the html extra), then normalized like any
text."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from reader.errors import InputError
from reader.ingest.articles import make_article
from reader.models import ImportRecord
from reader.text import normalize


def read_html(path: Path, raw: str) -> Iterator[ImportRecord]:
    """Yield the article of a saved web page, or fail if no main text can be found or the html extra is missing."""
    try:
        import trafilatura
    except ImportError:
        raise InputError(f"{path}: importing HTML needs trafilatura: pip install 'claim-reader[html]'") from None

    from trafilatura.settings import Document

    doc = trafilatura.bare_extraction(raw, with_metadata=True, include_comments=False, include_tables=False)
    text = normalize(doc.text or "") if isinstance(doc, Document) else ""
    if not isinstance(doc, Document) or not text:
        raise InputError(f"{path}: no article text found in this HTML page")
    meta = {
        "source": doc.sitename or doc.hostname,
        "url": doc.url,
        "published": doc.date,
        "author": doc.author,
        "description": doc.description,
        "extractor": "trafilatura",
    }
    yield ImportRecord(article=make_article(text, meta, path, None, doc.title))
