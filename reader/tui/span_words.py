"""A span of the article in a few words for the status line: its words counted, and its text cut in the middle so that
both of its ends show (where a claim starts and stops is what the annotator checks)."""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size

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


def around(text: str, focus: tuple[int, int] | None, limit: int) -> str:
    """`text` on one line in at most `limit` cells, the part at `focus` (offsets into it) in the middle when the whole
    does not fit, with "…" where it is cut."""
    line = text.replace("\n", " ")
    if cell_len(line) <= limit:
        return line
    if limit < 3:
        return set_cell_size(line, max(limit, 0))
    start = max(0, ((focus[0] + focus[1]) // 2 if focus else 0) - limit // 2)
    if start == 0:
        return set_cell_size(line, limit - 1) + "…"
    if cell_len(line[start:]) <= limit - 1:
        tail = line[-(limit - 1) :]
        return "…" + set_cell_size(tail, limit - 1)
    return "…" + set_cell_size(line[start:], limit - 2) + "…"
