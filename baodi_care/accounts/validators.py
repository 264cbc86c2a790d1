"""Password rules of our own: no password made of the user's name, phone or the words everybody here would guess."""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

PASSWORD_HAS_USERNAME = gettext_lazy("The password must not contain your user name.")
PASSWORD_HAS_PHONE = gettext_lazy("The password must not contain your phone number.")
PASSWORD_HAS_WORD = gettext_lazy("The password must not contain “%(word)s”, which is easy to guess here.")


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
