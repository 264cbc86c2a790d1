"""Text messages through a pluggable backend (settings.SMS_BACKEND): the console one by default, so no gateway is
needed to develop or test; a district plugs in its gateway's class with the same `send(phone, message)`."""

from __future__ import annotations

import logging

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("baodi_care.sms")

# Messages the console backend "sent", newest last (as django.core.mail.outbox for the locmem mail backend).
outbox: list[tuple[str, str]] = []


class ConsoleSMSBackend:
    """Writes each message to the log (and keeps it in `outbox`) instead of sending it."""

    def send(self, phone: str, message: str) -> None:
        outbox.append((phone, message))
        logger.info("SMS to %s: %s", phone, message)


def send_sms(phone: str, message: str) -> None:
    """Send one text message through the configured backend."""
    import_string(settings.SMS_BACKEND)().send(phone, str(message))
