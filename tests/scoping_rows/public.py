"""Rows of the public pages (no sign-in): everybody, anonymous or signed in, gets the same answer."""

from __future__ import annotations

from django.urls import reverse

from tests.builders.register import make_imported_institution
from tests.scoping_support import Row, at


def extra_ctx(ctx: dict) -> dict:
    """An institution on the public register (taken over as filed), of its own so other rows are unaffected."""
    return {"public_institution": make_imported_institution(ctx["institution"].jurisdiction, name="公开名录托育园")}


def receipt_url(ctx: dict) -> str:
    """The address a receipt's QR code holds (its random token, not the filing's pk): the receipt of the filed
    filing that tests/scoping_rows/institutions.py builds."""
    return reverse("public:receipt_verify", args=[ctx["op_filed_filing"].verification_token])


ROWS = {
    "public:register": Row(url=at("public:register"), public=True),
    "public:institution": Row(url=at("public:institution", "public_institution"), public=True),
    "public:rejections": Row(url=at("public:rejections"), public=True),
    "public:complaint_create": Row(url=at("public:complaint_create"), public=True),
    # Without a complaint just sent from this browser, the page sends the visitor on to the status page.
    "public:complaint_received": Row(url=at("public:complaint_received"), public=True, ok=302),
    "public:complaint_status": Row(url=at("public:complaint_status"), public=True),
    "public:receipt_verify": Row(url=receipt_url, public=True),
}
