"""Before a load run: the URLs each simulated user requests, as JSON for the locustfile (which has no database).

For each role, generated accounts (baodi_care/home/scale/generator.py) and the pages they open: an operator its
own institution's pages and filing, an official a submitted filing of its 街镇. The authenticators of the staff
accounts are reset to a fresh state (no code used yet, no drift, no failures), so that codes computed from the
published benchmark key are accepted.

    DATABASE_URL=… .venv/bin/python benchmarks/load/prepare.py > /tmp/load_plan.json
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baodi_care.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only")

import django

django.setup()

from django.urls import reverse  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

from baodi_care.accounts.models import User  # noqa: E402
from institutions.models import Filing, Institution, Membership  # noqa: E402

USERS_PER_ROLE = 8  # more accounts than simulated users of a role: each simulated user signs in with its own


def operators() -> list[dict]:
    memberships = (
        Membership.objects.filter(user__username__startswith="scale_operator_", institution__status="filed")
        .select_related("user")
        .order_by("pk")[:USERS_PER_ROLE]
    )
    plans = []
    for membership in memberships:
        pk = membership.institution_id
        filing = Filing.objects.filter(institution_id=pk).order_by("-pk").first()
        plans.append(
            {
                "username": membership.user.username,
                "pages": {
                    "operator home": reverse("home"),
                    "operator institution": reverse("institutions:detail", args=[pk]),
                    "operator filing": reverse("institutions:filing_detail", args=[filing.pk]),
                    "operator fees": reverse("institutions:fee_history", args=[pk]),
                    "operator reports": reverse("institutions:report_list", args=[pk]),
                },
            }
        )
    return plans


def officials() -> list[dict]:
    plans = []
    for user in User.objects.filter(username__startswith="scale_official_").order_by("pk")[:USERS_PER_ROLE]:
        filing = Filing.objects.filter(status="submitted", institution__jurisdiction_id=user.jurisdiction_id).first()
        pages = {
            "official work list": reverse("supervision:filing_worklist"),
            "official inspection list": reverse("supervision:inspection_list"),
            "official rectification ledger": reverse("supervision:rectification_ledger"),
            "official coverage": reverse("supervision:coverage"),
        }
        if filing is not None:
            pages["official review page"] = reverse("supervision:filing_review", args=[filing.pk])
        plans.append({"username": user.username, "pages": pages})
    return plans


def commission() -> list[dict]:
    pages = {
        "commission dashboard": reverse("supervision:dashboard"),
        "commission register": reverse("institutions:list"),
        "commission register search": reverse("institutions:list") + "?q=阳光",
        "commission filing export (csv)": reverse("supervision:filing_export") + "?status=submitted&format=csv",
    }
    users = User.objects.filter(username__startswith="scale_commission_").order_by("pk")[:USERS_PER_ROLE]
    return [{"username": user.username, "pages": pages} for user in users]


def public() -> list[dict]:
    some = Institution.objects.filter(status="filed").order_by("pk").values_list("pk", flat=True)[:50]
    pages = {
        "public register": reverse("public:register"),
        "public register search": reverse("public:register") + "?q=托育",
        "public open data JSON": reverse("open_data:register_json"),
    }
    return [
        {"username": "", "pages": {**pages, "public institution page": reverse("public:institution", args=[pk])}}
        for pk in list(some)[:USERS_PER_ROLE]
    ]


def main() -> None:
    TOTPDevice.objects.filter(user__username__startswith="scale_").update(
        last_t=-1, drift=0, throttling_failure_count=0, throttling_failure_timestamp=None
    )
    plan = {"operator": operators(), "official": officials(), "commission": commission(), "public": public()}
    json.dump(plan, sys.stdout, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
