"""Names with a fixed meaning in every database, kept in a module light enough for the start-up path."""

GOLD = "gold"
"""The pseudo-annotator that owns adjudicated (gold) claims."""
