"""Matrix rows of the operator side of institutions and filings.

The filings are built on institutions of their own (not ctx["institution"]), so that other row modules can
open filings of ctx["institution"] without clashing with the one-open-filing rule.
"""

from __future__ import annotations

from baodi_care.accounts.choices import Role
from institutions.choices import FilingKind
from tests.builders.filings import make_draft_filing, make_filed_filing, make_submitted_filing
from tests.builders.register import make_institution
from tests.scoping_support import OPERATOR, Row, at, scoped, step

FILING_ROLES = frozenset({Role.OPERATOR, Role.OFFICIAL, Role.COMMISSION})


def extra_ctx(ctx: dict) -> dict:
    operator, other_operator = ctx["users"][Role.OPERATOR], ctx["other_operator"]
    official, commission = ctx["users"][Role.OFFICIAL], ctx["users"][Role.COMMISSION]
    here = ctx["institution"].jurisdiction
    there = ctx["other_institution"].jurisdiction

    def new(owner=operator, place=here):
        return make_institution(operator=owner, jurisdiction=place)

    submitted = make_submitted_filing(new(), operator)
    # Outside the operator's institutions and the official's jurisdiction; visible to the commission.
    other_filed = make_filed_filing(new(other_operator, there), other_operator, ctx["other_official"], commission)
    return {
        "op_draft_filing": make_draft_filing(new(), operator),
        "op_submitted_filing": submitted,
        "op_filed_filing": make_filed_filing(new(), operator, official, commission),
        "op_document": submitted.documents.first(),
        "other_filed_filing": other_filed,
        "other_document": other_filed.documents.first(),
    }


def own(name: str, *extra, **row) -> Row:
    """A page of ctx["institution"] (outside the scope: ctx["other_institution"])."""
    return scoped(name, "institution", "other_institution", *extra, allowed=OPERATOR, **row)


def filing(name: str, key: str, allowed: frozenset = OPERATOR) -> Row:
    """A page of the filing or document ctx[key] (outside the scope: another operator's, filed)."""
    other = "other_document" if key == "op_document" else "other_filed_filing"
    return scoped(name, key, other, allowed=allowed)


ROWS = {
    "institutions:create": Row(url=at("institutions:create"), allowed=OPERATOR),
    "institutions:edit": own("institutions:edit"),
    "institutions:classes": own("institutions:classes"),
    "institutions:staff": own("institutions:staff"),
    # POST: success or a refusal (e.g. a filing already open) both redirect with a message.
    "institutions:filing_start": own("institutions:filing_start", FilingKind.INITIAL.value, method="post", ok=302),
    "institutions:filing_detail": filing("institutions:filing_detail", "op_submitted_filing", FILING_ROLES),
    "institutions:filing_edit": filing("institutions:filing_edit", "op_draft_filing"),
    # An empty POST: "choose a file" / "page out of date", back to the form.
    "institutions:filing_upload": step("institutions:filing_upload", "op_draft_filing", "other_filed_filing", OPERATOR),
    "institutions:filing_submit": step("institutions:filing_submit", "op_draft_filing", "other_filed_filing", OPERATOR),
    "institutions:filing_receipt": filing("institutions:filing_receipt", "op_filed_filing", FILING_ROLES),
    "institutions:filing_receipt_pdf": filing("institutions:filing_receipt_pdf", "op_filed_filing", FILING_ROLES),
    "institutions:filing_form_pdf": filing("institutions:filing_form_pdf", "op_submitted_filing", FILING_ROLES),
    "institutions:document_download": filing("institutions:document_download", "op_document", FILING_ROLES),
    "institutions:document_preview": filing("institutions:document_preview", "op_document", FILING_ROLES),
}
