"""Key bindings: declared once in `registry`, moved by the user's keymap (`keymap`), shown from `live`."""
