"""Untrusted text (articles, titles, notes, names) as inert display text: control characters become pictures, one for one."""

from __future__ import annotations

# C0 controls but the newline become their Unicode "control pictures" (ESC shows as ␛); DEL and C1 become "�".
_PICTURES = ({code: 0x2400 + code for code in range(0x20) if code != 0x0A} | {0x7F: 0x2421}
             | {code: 0xFFFD for code in range(0x80, 0xA0)})


def visible(text: str) -> str:
    """Replace control characters (newlines excepted) by visible stand-ins, one for one, so nothing reaches the terminal raw."""
    return text.translate(_PICTURES)

