"""Tests of the Textual reader, headless through Pilot and for real in a terminal."""
