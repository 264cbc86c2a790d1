"""Rows of the reviewers' workbench (supervision app)."""

from __future__ import annotations

import datetime

from baodi_care.accounts.choices import Role
from tests.builders.calendar import make_calendar_day
from tests.builders.filings import make_submitted_filing
from tests.builders.register import make_institution
from tests.scoping_support import COMMISSION, REVIEWERS, Row, at, posted, scoped, step


def extra_ctx(ctx: dict) -> dict:
    """A submitted filing in 海滨 (the official's scope) and one in 宝平 (outside it), of institutions of their own.

    Separate institutions keep these filings apart from other modules' ones (one open filing per institution).
    """
    operator, other_operator = ctx["users"][Role.OPERATOR], ctx["other_operator"]
    own = make_institution(operator=operator, jurisdiction=ctx["institution"].jurisdiction)
    other = make_institution(operator=other_operator, jurisdiction=ctx["other_institution"].jurisdiction)
    return {
        "sup_filing": make_submitted_filing(own, operator),
        "sup_other_filing": make_submitted_filing(other, other_operator),
        "sup_calendar_day": make_calendar_day(datetime.date(2031, 1, 2)),
    }


ROWS = {
    "supervision:filing_worklist": Row(url=at("supervision:filing_worklist"), allowed=REVIEWERS),
    "supervision:filing_export": Row(url=at("supervision:filing_export"), allowed=REVIEWERS),
    "supervision:filing_review": scoped(
        "supervision:filing_review", "sup_filing", "sup_other_filing", allowed=REVIEWERS
    ),
    # An empty POST cannot be read: the reviewer is sent back to the review page with a message.
    "supervision:filing_decide": step("supervision:filing_decide", "sup_filing", "sup_other_filing", REVIEWERS),
    "supervision:holiday_list": Row(url=at("supervision:holiday_list"), allowed=COMMISSION),
    "supervision:holiday_delete": posted("supervision:holiday_delete", COMMISSION, "sup_calendar_day"),
}
