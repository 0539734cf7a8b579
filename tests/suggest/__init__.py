"""Tests of cue rules, the learned suggester and related claims."""
