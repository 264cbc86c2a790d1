"""Rows of the public pages (no sign-in): everybody, anonymous or signed in, gets the same answer."""

from __future__ import annotations

from django.urls import reverse

from tests.public_helpers import imported
from tests.scoping_support import Row


def extra_ctx(ctx: dict) -> dict:
    """An institution on the public register (taken over as filed), of its own so other rows are unaffected."""
    return {"public_institution": imported(ctx["institution"].jurisdiction, name="公开名录托育园")}


ROWS = {
    "public:register": Row(url=lambda ctx: reverse("public:register"), public=True),
    "public:institution": Row(
        url=lambda ctx: reverse("public:institution", args=[ctx["public_institution"].pk]), public=True
    ),
    "public:complaint_create": Row(url=lambda ctx: reverse("public:complaint_create"), public=True),
    # Without a complaint just sent from this browser, the page sends the visitor on to the status page.
    "public:complaint_received": Row(url=lambda ctx: reverse("public:complaint_received"), public=True, ok=302),
    "public:complaint_status": Row(url=lambda ctx: reverse("public:complaint_status"), public=True),
}
