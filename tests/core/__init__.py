"""Tests of models, store, import and text utilities."""
