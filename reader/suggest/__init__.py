"""Claim suggestions (pre-annotation) from cue rules, and figures normalized for comparison; no model, no network."""

from reader.suggest.suggester import Suggestion, pending, suggest, visible

__all__ = ["Suggestion", "pending", "suggest", "visible"]
