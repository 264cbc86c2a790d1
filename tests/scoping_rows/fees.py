"""Rows of fee disclosures (收费公示) and operating reports (运营情况报送).

They use filed institutions of their own: ctx["institution"] is a draft, and reports start once filed.
"""

from __future__ import annotations

from baodi_care.accounts.choices import Role
from institutions.fees import services as services_fees
from tests.builders.fees import make_published_fees
from tests.builders.register import make_imported_institution
from tests.builders.reports import make_report
from tests.scoping_support import OPERATOR, RECORD, REVIEWERS, Row, at, scoped, step


def extra_ctx(ctx: dict) -> dict:
    made = {}
    owners = {"fee_": ctx["users"][Role.OPERATOR], "fee_other_": ctx["other_operator"]}
    places = {"fee_": ctx["institution"].jurisdiction, "fee_other_": ctx["other_institution"].jurisdiction}
    for prefix, operator in owners.items():
        institution = make_imported_institution(places[prefix], operator=operator)
        made[f"{prefix}institution"] = institution
        made[f"{prefix}published"] = make_published_fees(institution, operator)
        made[f"{prefix}draft"], _ = services_fees.start_fee_schedule(institution=institution, by=operator)
        made[f"{prefix}report"] = make_report(institution, operator)
    return made


def page(name: str, key: str, **row) -> Row:
    return scoped(name, f"fee_{key}", f"fee_other_{key}", **row)


# Fee history and operating reports (enrolment, incident notes) are not member departments' (DESIGN §1): 403.
ROWS = {
    "institutions:fee_status": Row(url=at("institutions:fee_status"), allowed=REVIEWERS),
    "institutions:fee_history": page("institutions:fee_history", "institution", allowed=RECORD),
    # POST: a new draft (or the one already open) → its edit page.
    "institutions:fee_new": step("institutions:fee_new", "fee_institution", "fee_other_institution", OPERATOR),
    "institutions:fee_detail": page("institutions:fee_detail", "published", allowed=RECORD),
    "institutions:fee_edit": page("institutions:fee_edit", "draft", allowed=OPERATOR),
    # An empty POST publishes the draft (a copy of the published version) or says what is missing.
    "institutions:fee_publish": step("institutions:fee_publish", "fee_draft", "fee_other_draft", OPERATOR),
    "institutions:report_status": Row(url=at("institutions:report_status"), allowed=REVIEWERS),
    "institutions:report_list": page("institutions:report_list", "institution", allowed=RECORD),
    "institutions:report_new": page("institutions:report_new", "institution", allowed=OPERATOR),
    "institutions:report_detail": page("institutions:report_detail", "report", allowed=RECORD),
    "institutions:report_edit": page("institutions:report_edit", "report", allowed=OPERATOR),
}
