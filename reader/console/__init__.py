"""The output layer of the headless commands: tables, progress bars, JSON and one-line messages, all escaped.

One module per command family, each named for what it shows; nothing here computes or imports Textual, and every
string that came from a file goes through `reader.text.visible` (through `terminal`) before it reaches a terminal.
"""
