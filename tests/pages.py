"""Reading a response as its user does: the messages shown, the texts in Chinese, the error beside a field, and
the strict CSP's demand that a page carry no inline script or style."""

from __future__ import annotations

import re

from django.contrib.messages import get_messages
from django.utils import translation

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>")


def zh(message, **params) -> str:
    """A message as the portal's users see it (Chinese is the default language), its parameters filled in."""
    with translation.override("zh-hans"):
        params = {k: str(v) for k, v in params.items()}
        return str(message) % params if params else str(message)


def messages_of(response) -> list[str]:
    """The messages the page shows (django.contrib.messages)."""
    return [str(m) for m in get_messages(response.wsgi_request)]


def error_beside(html: str, field: str) -> str:
    """The text of the error crispy-forms renders beside a field (its error_<n>_id_<field> element)."""
    match = re.search(rf'id="error_\d+_id_{field}"[^>]*>(.*?)</(?:span|div|p)>', html, re.S)
    return re.sub(r"<[^>]+>", "", match.group(1)).strip() if match else ""


def feedback_after(response, field: str) -> str:
    """The text of the invalid-feedback that follows a field's input."""
    html = response.content.decode()
    match = re.search(rf'id="id_{re.escape(field)}".*?<div[^>]*invalid-feedback[^>]*>(.*?)</div>', html, re.S)
    return re.sub(r"<[^>]+>", "", match.group(1)).strip() if match else ""


def assert_no_inline_code(html: str, where: str = "") -> None:
    """The CSP allows scripts and styles from static files only: no inline <script>, style attribute or <style>."""
    assert not INLINE_SCRIPT.search(html), f"inline script on {where}"
    assert "style=" not in html and "<style" not in html, f"inline style on {where}"
