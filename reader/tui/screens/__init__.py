"""The reader's screens: library, article, claim editor, help."""
