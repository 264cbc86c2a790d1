"""Rows of the officials' complaint pages: officials (their jurisdiction) and the commission only."""

from __future__ import annotations

from tests.builders.complaints import make_complaint_elsewhere
from tests.scoping_support import REVIEWERS, Row, at, scoped, step


def extra_ctx(ctx: dict) -> dict:
    """A complaint routed to 海滨 (the official's jurisdiction) and one routed to 宝平 (outside it)."""
    return {
        "complaint": make_complaint_elsewhere(ctx["institution"].jurisdiction, name="海滨某看护点"),
        "other_complaint": make_complaint_elsewhere(ctx["other_institution"].jurisdiction, name="宝平某看护点"),
    }


def complaint_step(name: str) -> Row:
    # An empty POST cannot be read: the official is sent back to the complaint with a message.
    return step(name, "complaint", "other_complaint", REVIEWERS)


ROWS = {
    "supervision:complaint_list": Row(url=at("supervision:complaint_list"), allowed=REVIEWERS),
    "supervision:complaint_detail": scoped(
        "supervision:complaint_detail", "complaint", "other_complaint", allowed=REVIEWERS
    ),
    "supervision:complaint_triage": complaint_step("supervision:complaint_triage"),
    "supervision:complaint_handle": complaint_step("supervision:complaint_handle"),
    "supervision:complaint_close": complaint_step("supervision:complaint_close"),
    "supervision:complaint_link": complaint_step("supervision:complaint_link"),
}
