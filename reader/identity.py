"""Who is acting: the OS account of the process and the names with a fixed meaning, light enough for start-up."""

from __future__ import annotations

import os
import pwd
from collections.abc import Sequence
from functools import cache

GOLD = "gold"
"""The pseudo-annotator that owns adjudicated (gold) claims."""


@cache
def account(uid: int) -> str:
    """The account name the kernel's uid maps to (looked up once per process), or uid-N where none is listed."""
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return f"uid-{uid}"


def os_user() -> str:
    """The OS account this process runs as, from its uid: USER and LOGNAME can say anything, the uid cannot."""
    return account(os.getuid())


def impersonation_refusal(name: str, leads: Sequence[str], option: str = "--annotator") -> str | None:
    """Why this process may not act as annotator `name` (None if it may): once leads are set, only they act for
    others."""
    me = os_user()
    if name == me or not leads or me in leads:
        return None
    return f"{option} {name}: you are {me}, and only leads ({', '.join(leads)}) may act as someone else"
