"""Tests of several annotators: assignment, merge, concurrency, faults."""
