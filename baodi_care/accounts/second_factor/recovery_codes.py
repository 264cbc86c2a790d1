"""The shape of a recovery code: 16 random characters of lower-case base32, shown in groups of four.

The first LOOKUP_LENGTH characters are its lookup part, kept as they are to find the code's row (they carry no
secret: 20 bits, unique among the user's codes); the other SECRET_LENGTH carry 60 bits and are kept only as a
salted password hash (accounts.models.RecoveryCodeDevice). 60 bits is below the 112 that would allow a plain hash
(ASVS 5.0 6.5.2), hence the password hash; in return the code stays short enough to copy by hand.
"""

from __future__ import annotations

import re
import secrets

ALPHABET = "abcdefghijklmnopqrstuvwxyz234567"  # RFC 4648 base32, lower case: no 0, 1, 8 or 9 to take for o, l, b
LOOKUP_LENGTH = 4
SECRET_LENGTH = 12
LENGTH = LOOKUP_LENGTH + SECRET_LENGTH
SHAPE = re.compile(rf"^[{ALPHABET}]{{{LENGTH}}}$")


def normalise(code: str) -> str:
    """What the user typed, without spaces or dashes, in lower case."""
    return re.sub(r"[\s-]+", "", code or "").lower()


def new_codes(count: int) -> list[str]:
    """`count` random codes (from the operating system's CSPRNG) whose lookup parts differ."""
    codes: dict[str, str] = {}
    while len(codes) < count:
        code = "".join(secrets.choice(ALPHABET) for _n in range(LENGTH))
        codes.setdefault(code[:LOOKUP_LENGTH], code)
    return list(codes.values())


def split(code: str) -> tuple[str, str]:
    """(lookup part, secret part) of a code as typed; ("", "") when it cannot be a recovery code."""
    code = normalise(code)
    if not SHAPE.match(code):
        return "", ""
    return code[:LOOKUP_LENGTH], code[LOOKUP_LENGTH:]
