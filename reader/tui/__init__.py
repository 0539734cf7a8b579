"""The Textual reader: screens, widgets and styles; nothing here speaks SQL."""
