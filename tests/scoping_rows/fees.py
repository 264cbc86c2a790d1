"""Rows of fee disclosures (收费公示) and operating reports (运营情况报送).

They use filed institutions of their own: ctx["institution"] is a draft, and reports start once filed.
"""

from __future__ import annotations

from django.urls import reverse

from baodi_care.accounts.choices import Role
from institutions.fees import services as services_fees
from tests.fee_helpers import make_filed_institution, make_published_schedule, make_report
from tests.scoping_support import OPERATOR, STAFF, Row

PORTAL = frozenset({Role.OPERATOR, Role.OFFICIAL, Role.COMMISSION, Role.DEPARTMENT})


def extra_ctx(ctx: dict) -> dict:
    operator = ctx["users"][Role.OPERATOR]
    other_operator = ctx["other_operator"]
    here = make_filed_institution(operator, ctx["institution"].jurisdiction)
    there = make_filed_institution(other_operator, ctx["other_institution"].jurisdiction)
    published = make_published_schedule(here, operator)
    other_published = make_published_schedule(there, other_operator)
    draft, _ = services_fees.start_fee_schedule(institution=here, by=operator)
    other_draft, _ = services_fees.start_fee_schedule(institution=there, by=other_operator)
    return {
        "fee_institution": here,
        "fee_other_institution": there,
        "fee_published": published,
        "fee_other_published": other_published,
        "fee_draft": draft,
        "fee_other_draft": other_draft,
        "fee_report": make_report(here, operator),
        "fee_other_report": make_report(there, other_operator),
    }


def _url(name: str, key: str):
    return lambda ctx: reverse(name, args=[ctx[key].pk])


ROWS = {
    "institutions:fee_status": Row(url=lambda ctx: reverse("institutions:fee_status"), allowed=STAFF),
    "institutions:fee_history": Row(
        url=_url("institutions:fee_history", "fee_institution"),
        allowed=PORTAL,
        out_of_scope=_url("institutions:fee_history", "fee_other_institution"),
    ),
    # POST: a new draft (or the one already open) → its edit page.
    "institutions:fee_new": Row(
        url=_url("institutions:fee_new", "fee_institution"),
        allowed=OPERATOR,
        method="post",
        ok=302,
        out_of_scope=_url("institutions:fee_new", "fee_other_institution"),
    ),
    "institutions:fee_detail": Row(
        url=_url("institutions:fee_detail", "fee_published"),
        allowed=PORTAL,
        out_of_scope=_url("institutions:fee_detail", "fee_other_published"),
    ),
    "institutions:fee_edit": Row(
        url=_url("institutions:fee_edit", "fee_draft"),
        allowed=OPERATOR,
        out_of_scope=_url("institutions:fee_edit", "fee_other_draft"),
    ),
    # An empty POST publishes the draft (a copy of the published version) or says what is missing.
    "institutions:fee_publish": Row(
        url=_url("institutions:fee_publish", "fee_draft"),
        allowed=OPERATOR,
        method="post",
        ok=302,
        out_of_scope=_url("institutions:fee_publish", "fee_other_draft"),
    ),
    "institutions:report_status": Row(url=lambda ctx: reverse("institutions:report_status"), allowed=STAFF),
    "institutions:report_list": Row(
        url=_url("institutions:report_list", "fee_institution"),
        allowed=PORTAL,
        out_of_scope=_url("institutions:report_list", "fee_other_institution"),
    ),
    "institutions:report_new": Row(
        url=_url("institutions:report_new", "fee_institution"),
        allowed=OPERATOR,
        out_of_scope=_url("institutions:report_new", "fee_other_institution"),
    ),
    "institutions:report_detail": Row(
        url=_url("institutions:report_detail", "fee_report"),
        allowed=PORTAL,
        out_of_scope=_url("institutions:report_detail", "fee_other_report"),
    ),
    "institutions:report_edit": Row(
        url=_url("institutions:report_edit", "fee_report"),
        allowed=OPERATOR,
        out_of_scope=_url("institutions:report_edit", "fee_other_report"),
    ),
}
