"""Tests of the command line and its console output."""
