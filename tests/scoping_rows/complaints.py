"""Rows of the officials' complaint pages: officials (their jurisdiction) and the commission only."""

from __future__ import annotations

from django.urls import reverse

from tests.public_helpers import complaint_elsewhere
from tests.scoping_support import REVIEWERS, Row


def extra_ctx(ctx: dict) -> dict:
    """A complaint routed to 海滨 (the official's jurisdiction) and one routed to 宝平 (outside it)."""
    return {
        "complaint": complaint_elsewhere(ctx["institution"].jurisdiction, name="海滨某看护点"),
        "other_complaint": complaint_elsewhere(ctx["other_institution"].jurisdiction, name="宝平某看护点"),
    }


def complaint_url(name: str):
    return lambda ctx: reverse(name, args=[ctx["complaint"].pk])


def other_complaint_url(name: str):
    return lambda ctx: reverse(name, args=[ctx["other_complaint"].pk])


def step(name: str) -> Row:
    # An empty POST cannot be read: the official is sent back to the complaint with a message.
    return Row(
        url=complaint_url(name), allowed=REVIEWERS, method="post", ok=302, out_of_scope=other_complaint_url(name)
    )


ROWS = {
    "supervision:complaint_list": Row(url=lambda ctx: reverse("supervision:complaint_list"), allowed=REVIEWERS),
    "supervision:complaint_detail": Row(
        url=complaint_url("supervision:complaint_detail"),
        allowed=REVIEWERS,
        out_of_scope=other_complaint_url("supervision:complaint_detail"),
    ),
    "supervision:complaint_triage": step("supervision:complaint_triage"),
    "supervision:complaint_handle": step("supervision:complaint_handle"),
    "supervision:complaint_close": step("supervision:complaint_close"),
    "supervision:complaint_link": step("supervision:complaint_link"),
}
