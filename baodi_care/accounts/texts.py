"""Texts stored untranslated and translated for whoever reads them (notifications and their e-mails).

A message is kept as its English msgid (with its context, if any) and its parameters; a parameter that is
itself translatable (a choice label, a nested message) is kept the same way. Translating happens when the text
is read, in the reader's language: the actor's language never reaches the recipient.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise

LIST_SEPARATOR = "; "


@dataclass(frozen=True)
class Text:
    """A message with parameters, not yet translated: a parameter of another message, say."""

    message: str
    params: dict = field(default_factory=dict)


def _msgid(message) -> dict:
    """{"msgid": …, "context": …} of a gettext_lazy/pgettext_lazy constant, or of a plain string."""
    if isinstance(message, Promise):
        func, args, kwargs = message.__reduce__()[1][:3]
        if func is translation.gettext and len(args) == 1 and not kwargs:
            return {"msgid": str(args[0])}
        if func is translation.pgettext and len(args) == 2 and not kwargs:
            return {"msgid": str(args[1]), "context": str(args[0])}
        # Any other lazy text (a plural, say) is kept as the portal's users read it.
        with translation.override(settings.LANGUAGE_CODE):
            return {"msgid": str(message)}
    return {"msgid": str(message)}


def freeze_value(value):
    """A parameter as JSON: scalars stay, dates become ISO text, translatable texts keep their msgid."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Text):
        return {**_msgid(value.message), "params": freeze_params(value.params)}
    if isinstance(value, Promise):
        return _msgid(value)
    if isinstance(value, list | tuple):
        return [freeze_value(v) for v in value]
    return str(value)


def freeze_params(params: dict | None) -> dict:
    return {str(name): freeze_value(value) for name, value in (params or {}).items()}


def freeze(message) -> tuple[str, str]:
    """(msgid, context) of a message constant, to store."""
    stored = _msgid(message)
    return stored["msgid"], stored.get("context", "")


def _translate(msgid: str, context: str = "") -> str:
    if not msgid:  # gettext("") is the catalogue's header
        return ""
    return translation.pgettext(context, msgid) if context else translation.gettext(msgid)


def _thaw_value(value):
    if isinstance(value, dict) and "msgid" in value:
        return render(value["msgid"], value.get("params"), context=value.get("context", ""))
    if isinstance(value, list):
        return LIST_SEPARATOR.join(str(_thaw_value(v)) for v in value)
    return value


def render(msgid: str, params: dict | None = None, *, context: str = "") -> str:
    """The stored message in the active language, its parameters filled in."""
    text = _translate(msgid, context)
    if not params:
        return text
    values = {name: _thaw_value(value) for name, value in params.items()}
    for wording in (text, msgid):  # a broken translation still shows the English text
        try:
            return wording % values
        except (KeyError, ValueError, TypeError):
            continue
    return text
