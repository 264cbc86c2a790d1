"""Password rules of our own: no password made of the user's name, phone or the words everybody here would guess,
and none from a list of breached passwords (PASSWORD_BREACHED_LIST)."""

from __future__ import annotations

import hashlib
import logging
import os
import re

from django.conf import settings
from django.core import checks
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

PASSWORD_HAS_USERNAME = gettext_lazy("The password must not contain your user name.")
PASSWORD_HAS_PHONE = gettext_lazy("The password must not contain your phone number.")
PASSWORD_HAS_WORD = gettext_lazy("The password must not contain “%(word)s”, which is easy to guess here.")
PASSWORD_BREACHED = gettext_lazy(
    "This password is known from data breaches, so others may try it first: choose another one."
)
BREACHED_LIST_UNREADABLE = gettext_lazy(
    "The password cannot be checked against the list of breached passwords just now. Try again later, or tell "
    "your system administrator."
)

logger = logging.getLogger(__name__)


class LocalWordsValidator:
    """Refuses passwords containing the user name, the mobile/phone number or a word of PASSWORD_FORBIDDEN_WORDS
    (by default baodi, 宝坻, tuoyu, 托育), ignoring case."""

    def __init__(self, min_username_length: int = 3, min_phone_digits: int = 6):
        self.min_username_length = min_username_length
        self.min_phone_digits = min_phone_digits

    def validate(self, password: str, user=None) -> None:
        folded = password.casefold()
        if user is not None:
            username = (user.get_username() or "").casefold()
            if len(username) >= self.min_username_length and username in folded:
                raise ValidationError(PASSWORD_HAS_USERNAME, code="password_has_username")
            digits = re.sub(r"\D", "", password)
            for field in ("phone", "mobile"):
                number = re.sub(r"\D", "", str(getattr(user, field, "") or ""))
                if len(number) >= self.min_phone_digits and number in digits:
                    raise ValidationError(PASSWORD_HAS_PHONE, code="password_has_phone")
        for word in settings.PASSWORD_FORBIDDEN_WORDS:
            if word and word.casefold() in folded:
                raise ValidationError(PASSWORD_HAS_WORD, code="password_has_word", params={"word": word})

    def get_help_text(self) -> str:
        words = "、".join(settings.PASSWORD_FORBIDDEN_WORDS)
        return _("Your password must not contain your user name, your phone number or %(words)s.") % {"words": words}


def _hash_of(line: bytes) -> bytes:
    return line.split(b":", 1)[0].strip().upper()


def in_sorted_list(path: str, digest: str) -> bool:
    """Whether the upper-case hex `digest` is a line of the file at `path` (sorted by hash, "HASH" or "HASH:count"
    a line): a binary search over byte offsets, some 2 x log2(size) short reads, never the whole file in memory."""
    target = digest.upper().encode()
    with open(path, "rb") as file:
        size = file.seek(0, os.SEEK_END)

        def line_from(offset: int) -> bytes:
            """The first whole line starting at or after `offset` (b"" past the end)."""
            if offset == 0:
                file.seek(0)
            else:
                file.seek(offset - 1)
                file.readline()  # the rest of the line `offset` falls in (nothing, when a line starts there)
            return file.readline()

        low, high = 0, size
        while low < high:
            middle = (low + high) // 2
            line = line_from(middle)
            if line and _hash_of(line) < target:
                low = middle + 1
            else:
                high = middle
        line = line_from(low)
        return bool(line) and _hash_of(line) == target


class BreachedPasswordValidator:
    """Refuses a password whose SHA-1 is on the list at PASSWORD_BREACHED_LIST (HaveIBeenPwned's downloadable list,
    ordered by hash). Listed in AUTH_PASSWORD_VALIDATORS only when the setting names a file; a file that cannot be
    read refuses the password with a message (and a logged error) rather than let it through unchecked."""

    def validate(self, password: str, user=None) -> None:
        path = settings.PASSWORD_BREACHED_LIST
        if not path:
            return
        digest = hashlib.sha1(password.encode(), usedforsecurity=False).hexdigest()  # the list's format
        try:
            found = in_sorted_list(path, digest)
        except OSError:
            logger.exception("PASSWORD_BREACHED_LIST %s cannot be read", path)
            raise ValidationError(BREACHED_LIST_UNREADABLE, code="password_breached_list_unreadable") from None
        if found:
            raise ValidationError(PASSWORD_BREACHED, code="password_breached")

    def get_help_text(self) -> str:
        return _("Your password must not be one known from data breaches.")


@checks.register(checks.Tags.security, deploy=False)
def check_breached_list(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """PASSWORD_BREACHED_LIST, when set, names a file the portal can read."""
    path = settings.PASSWORD_BREACHED_LIST
    if path and not (os.path.isfile(path) and os.access(path, os.R_OK)):
        return [
            checks.Error(
                f"PASSWORD_BREACHED_LIST is {path!r}, which is no readable file.",
                hint="Unset it, or point it to a copy of the breached-password list (see README, Passwords).",
                id="accounts.E001",
            )
        ]
    return []
