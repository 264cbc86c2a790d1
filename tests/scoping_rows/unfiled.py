"""Rows of the institutions registered with 托育 in their business scope but not filed (登记和备案办法 Art. 6)."""

from __future__ import annotations

from tests.builders.register import make_unfiled_registration
from tests.scoping_support import COMMISSION, REVIEWERS, Row, at, posted, scoped


def extra_ctx(ctx: dict) -> dict:
    return {
        "unfiled": make_unfiled_registration(ctx["institution"].jurisdiction),
        "other_unfiled": make_unfiled_registration(ctx["other_institution"].jurisdiction),
    }


ROWS = {
    "institutions:unfiled_list": Row(url=at("institutions:unfiled_list"), allowed=REVIEWERS),
    "institutions:unfiled_detail": scoped("institutions:unfiled_detail", "unfiled", "other_unfiled", allowed=REVIEWERS),
    "institutions:unfiled_remind": posted("institutions:unfiled_remind", COMMISSION),
}
