"""Untrusted text (articles, titles, notes, names) as inert display text: the core's one escaping function, for the screens."""

from __future__ import annotations

from reader.text import visible

__all__ = ["visible"]
