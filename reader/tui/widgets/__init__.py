"""Widgets of the reader: they post messages, the screens act on them."""
