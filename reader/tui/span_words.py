"""A span of the article in a few words for the status line: its words counted, and its text cut in the middle so that
both of its ends show (where a claim starts and stops is what the annotator checks)."""

from __future__ import annotations

from rich.cells import cell_len

ELLIPSIS = " … "


def ends(text: str, limit: int) -> str:
    """`text` on one line in at most `limit` cells: whole if it fits, else its first and last words with " … " between,
    the end given as many cells as the start."""
    words = text.split()
    whole = " ".join(words)
    if cell_len(whole) <= limit:
        return whole
    room = max(limit - len(ELLIPSIS), 2)
    head: list[str] = []
    tail: list[str] = []
    used = 0
    for i in range(len(words)):
        side, word = (head, words[i // 2]) if i % 2 == 0 else (tail, words[-1 - i // 2])
        cost = cell_len(word) + 1
        if used + cost > room + 1:
            break
        side.append(word)
        used += cost
    if not head:  # one long first word: cut it
        return whole[: max(limit - 1, 1)] + "…"
    return " ".join(head) + ELLIPSIS + " ".join(reversed(tail))


def counted(n: int) -> str:
    """A word count as words: "1 word", "11 words"."""
    return f"{n} word{'' if n == 1 else 's'}"
