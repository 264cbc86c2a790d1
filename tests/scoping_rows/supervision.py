"""Rows of the reviewers' workbench (supervision app)."""

from __future__ import annotations

import datetime

from django.urls import reverse

from baodi_care.accounts.choices import Role
from institutions.models import CalendarDay
from tests import factories
from tests.filing_helpers import make_submitted_filing
from tests.scoping_support import REVIEWERS, Row

COMMISSION = frozenset({Role.COMMISSION})


def extra_ctx(ctx: dict) -> dict:
    """A submitted filing in 海滨 (the official's scope) and one in 宝平 (outside it), of institutions of their own.

    Separate institutions keep these filings apart from other modules' ones (one open filing per institution).
    """
    own = factories.make_institution(operator=ctx["users"][Role.OPERATOR], jurisdiction=ctx["institution"].jurisdiction)
    other = factories.make_institution(
        operator=ctx["other_operator"], jurisdiction=ctx["other_institution"].jurisdiction
    )
    return {
        "sup_filing": make_submitted_filing(own, ctx["users"][Role.OPERATOR]),
        "sup_other_filing": make_submitted_filing(other, ctx["other_operator"]),
        "sup_calendar_day": CalendarDay.objects.create(date=datetime.date(2031, 1, 2), is_workday=False, name="测试"),
    }


def filing_url(name: str):
    return lambda ctx: reverse(name, args=[ctx["sup_filing"].pk])


def other_filing_url(name: str):
    return lambda ctx: reverse(name, args=[ctx["sup_other_filing"].pk])


ROWS = {
    "supervision:filing_worklist": Row(url=lambda ctx: reverse("supervision:filing_worklist"), allowed=REVIEWERS),
    "supervision:filing_export": Row(url=lambda ctx: reverse("supervision:filing_export"), allowed=REVIEWERS),
    "supervision:filing_review": Row(
        url=filing_url("supervision:filing_review"),
        allowed=REVIEWERS,
        out_of_scope=other_filing_url("supervision:filing_review"),
    ),
    # An empty POST cannot be read: the reviewer is sent back to the review page with a message.
    "supervision:filing_decide": Row(
        url=filing_url("supervision:filing_decide"),
        allowed=REVIEWERS,
        method="post",
        ok=302,
        out_of_scope=other_filing_url("supervision:filing_decide"),
    ),
    "supervision:holiday_list": Row(url=lambda ctx: reverse("supervision:holiday_list"), allowed=COMMISSION),
    "supervision:holiday_delete": Row(
        url=lambda ctx: reverse("supervision:holiday_delete", args=[ctx["sup_calendar_day"].pk]),
        allowed=COMMISSION,
        method="post",
        ok=302,
    ),
}
