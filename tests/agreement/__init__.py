"""Tests of agreement measures and `stats`."""
