"""Rows of the site-wide URLs outside any app."""

from __future__ import annotations

from django.urls import reverse

from tests.scoping_support import Row

ROWS = {
    # Browsers ask for it before anyone signs in: everybody is sent on to the static icon.
    "favicon": Row(url=lambda ctx: reverse("favicon"), public=True, ok=302),
}
