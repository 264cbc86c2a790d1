"""Rows of the site-wide URLs outside any app."""

from __future__ import annotations

from tests.scoping_support import Row, at

ROWS = {
    # Browsers ask for it before anyone signs in: everybody is sent on to the static icon.
    "favicon": Row(url=at("favicon"), public=True, ok=302),
}
