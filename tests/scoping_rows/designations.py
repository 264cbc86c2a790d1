"""Matrix rows of 普惠 and 示范 status: the operator applies; the commission decides and grants or withdraws."""

from __future__ import annotations

from baodi_care.accounts.choices import Role
from institutions.choices import Designation
from institutions.designations import services
from tests.scoping_support import COMMISSION, OPERATOR, Row, at, scoped, step

APPLICATION_ROLES = frozenset({Role.OPERATOR, Role.COMMISSION})


def extra_ctx(ctx: dict) -> dict:
    operator, other_operator = ctx["users"][Role.OPERATOR], ctx["other_operator"]

    def apply(institution, by):
        return services.apply_for_designation(institution=institution, designation=Designation.DEMONSTRATION, by=by)

    return {
        "designation_application": apply(ctx["institution"], operator),
        "other_designation_application": apply(ctx["other_institution"], other_operator),
    }


ROWS = {
    "institutions:designation_apply": scoped(
        "institutions:designation_apply", "institution", "other_institution", allowed=OPERATOR
    ),
    # An empty POST: "choose grant or withdraw", back to the institution's page.
    "institutions:designation_change": step(
        "institutions:designation_change", "institution", "other_institution", COMMISSION
    ),
    "institutions:designation_list": Row(url=at("institutions:designation_list"), allowed=COMMISSION),
    "institutions:designation_application": scoped(
        "institutions:designation_application",
        "designation_application",
        "other_designation_application",
        allowed=APPLICATION_ROLES,
    ),
    # An empty POST shows the application again with the form's errors.
    "institutions:designation_decide": scoped(
        "institutions:designation_decide",
        "designation_application",
        "other_designation_application",
        allowed=COMMISSION,
        method="post",
    ),
}
