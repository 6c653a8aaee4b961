"""What a person becomes in the records once they are erased or their data has aged out.

A person's key (bot/turns.py `pseudonym`) is a hash of their tenant and Entra object id: anyone
who knows the object id can recompute it. An erased person therefore gets a key that is random,
not derived from anything, so the board's history keeps what was done (and that one person did
several things) but no longer says who.
"""

from __future__ import annotations

import secrets

ERASED_PREFIX = "erased:"
ERASED_NAME = ""  # shown through the text key below, in the reader's language
ERASED_NAME_TEXT_KEY = "erased.person"


def new_erased_key() -> str:
    """A fresh key for one erased person; use the same one for all of that person's records."""
    return ERASED_PREFIX + secrets.token_hex(8)


def is_erased(actor_key: str) -> bool:
    return actor_key.startswith(ERASED_PREFIX)
