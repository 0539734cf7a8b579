"""Claim suggestions (pre-annotation) from cue rules, with the learned suggester plugged in when trained; no network."""

from reader.suggest.suggester import Suggestion, pending, suggest, visible

__all__ = ["Suggestion", "pending", "suggest", "visible"]
