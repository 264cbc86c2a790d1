"""Matrix rows of the operator side of institutions and filings.

The filings are built on institutions of their own (not ctx["institution"]), so that other row modules can
open filings of ctx["institution"] without clashing with the one-open-filing rule.
"""

from __future__ import annotations

from django.urls import reverse

from baodi_care.accounts.choices import Role
from institutions.choices import FilingKind
from tests import factories
from tests.filing_helpers import make_draft_filing, make_filed_filing, make_submitted_filing
from tests.scoping_support import OPERATOR, Row

FILING_ROLES = frozenset({Role.OPERATOR, Role.OFFICIAL, Role.COMMISSION})


def extra_ctx(ctx: dict) -> dict:
    operator = ctx["users"][Role.OPERATOR]
    official = ctx["users"][Role.OFFICIAL]
    commission = ctx["users"][Role.COMMISSION]
    here = ctx["institution"].jurisdiction
    there = ctx["other_institution"].jurisdiction
    draft = make_draft_filing(factories.make_institution(operator=operator, jurisdiction=here), operator)
    submitted = make_submitted_filing(factories.make_institution(operator=operator, jurisdiction=here), operator)
    filed = make_filed_filing(
        factories.make_institution(operator=operator, jurisdiction=here), operator, official, commission
    )
    # Outside the operator's institutions and the official's jurisdiction; visible to the commission.
    other_official = ctx["other_official"]
    other_filed = make_filed_filing(
        factories.make_institution(operator=ctx["other_operator"], jurisdiction=there),
        ctx["other_operator"],
        other_official,
        commission,
    )
    return {
        "op_draft_filing": draft,
        "op_submitted_filing": submitted,
        "op_filed_filing": filed,
        "op_document": submitted.documents.first(),
        "other_filed_filing": other_filed,
        "other_document": other_filed.documents.first(),
    }


def _institution(name: str, key: str = "institution", *extra):
    return lambda ctx: reverse(name, args=[ctx[key].pk, *extra])


def _object(name: str, key: str):
    return lambda ctx: reverse(name, args=[ctx[key].pk])


ROWS = {
    "institutions:create": Row(url=lambda ctx: reverse("institutions:create"), allowed=OPERATOR),
    "institutions:edit": Row(
        url=_institution("institutions:edit"),
        allowed=OPERATOR,
        out_of_scope=_institution("institutions:edit", "other_institution"),
    ),
    "institutions:classes": Row(
        url=_institution("institutions:classes"),
        allowed=OPERATOR,
        out_of_scope=_institution("institutions:classes", "other_institution"),
    ),
    "institutions:staff": Row(
        url=_institution("institutions:staff"),
        allowed=OPERATOR,
        out_of_scope=_institution("institutions:staff", "other_institution"),
    ),
    # POST: success or a refusal (e.g. a filing already open) both redirect with a message.
    "institutions:filing_start": Row(
        url=_institution("institutions:filing_start", "institution", FilingKind.INITIAL.value),
        allowed=OPERATOR,
        method="post",
        ok=302,
        out_of_scope=_institution("institutions:filing_start", "other_institution", FilingKind.INITIAL.value),
    ),
    "institutions:filing_detail": Row(
        url=_object("institutions:filing_detail", "op_submitted_filing"),
        allowed=FILING_ROLES,
        out_of_scope=_object("institutions:filing_detail", "other_filed_filing"),
    ),
    "institutions:filing_edit": Row(
        url=_object("institutions:filing_edit", "op_draft_filing"),
        allowed=OPERATOR,
        out_of_scope=_object("institutions:filing_edit", "other_filed_filing"),
    ),
    # An empty POST: "choose a file" / "page out of date", back to the form.
    "institutions:filing_upload": Row(
        url=_object("institutions:filing_upload", "op_draft_filing"),
        allowed=OPERATOR,
        method="post",
        ok=302,
        out_of_scope=_object("institutions:filing_upload", "other_filed_filing"),
    ),
    "institutions:filing_submit": Row(
        url=_object("institutions:filing_submit", "op_draft_filing"),
        allowed=OPERATOR,
        method="post",
        ok=302,
        out_of_scope=_object("institutions:filing_submit", "other_filed_filing"),
    ),
    "institutions:filing_receipt": Row(
        url=_object("institutions:filing_receipt", "op_filed_filing"),
        allowed=FILING_ROLES,
        out_of_scope=_object("institutions:filing_receipt", "other_filed_filing"),
    ),
    "institutions:document_download": Row(
        url=_object("institutions:document_download", "op_document"),
        allowed=FILING_ROLES,
        out_of_scope=_object("institutions:document_download", "other_document"),
    ),
    "institutions:document_preview": Row(
        url=_object("institutions:document_preview", "op_document"),
        allowed=FILING_ROLES,
        out_of_scope=_object("institutions:document_preview", "other_document"),
    ),
}
