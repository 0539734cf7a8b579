"""Tests of every export format and its consumers."""
