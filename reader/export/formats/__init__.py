"""The export formats, one module each with an `export(job)` function; reader/export/__init__.py lists them."""
