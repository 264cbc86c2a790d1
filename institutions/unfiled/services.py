"""The follow-up of institutions registered with 托育 in their business scope but not filed (登记和备案办法 Art. 6):
the commission reminds the 街镇; an official of the 街镇 records what was done."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from baodi_care.accounts.choices import Role
from baodi_care.accounts.models import User
from baodi_care.accounts.permissions import has_role
from baodi_care.accounts.selectors import officials_by_jurisdiction
from baodi_care.accounts.services import notify
from institutions.choices import FollowUpOutcome
from institutions.models import FollowUp, Institution
from institutions.unfiled.selectors import unfiled_by_jurisdiction

NOT_YOUR_JURISDICTION = _("Only an official of the institution's sub-district/town records its follow-up.")
ONLY_THE_COMMISSION_REMINDS = _("Only the health commission sends this reminder.")
REMINDER = _(
    "%(count)s institution(s) of %(jurisdiction)s are registered with childcare (托育) in their business scope but "
    "not filed: please follow them up and record what was done."
)


def can_record_follow_up(user, institution: Institution) -> bool:
    return has_role(user, Role.OFFICIAL) and user.jurisdiction_id == institution.jurisdiction_id


@transaction.atomic
def record_follow_up(*, institution: Institution, by: User, outcome: str, note: str = "") -> FollowUp:
    """An official of the 街镇 records what was done about an institution registered but not filed."""
    if not can_record_follow_up(by, institution):
        raise PermissionDenied(NOT_YOUR_JURISDICTION)
    follow_up = FollowUp(institution=institution, outcome=FollowUpOutcome(outcome), note=note.strip(), recorded_by=by)
    follow_up.full_clean()
    follow_up.save()
    return follow_up


@transaction.atomic
def remind_jurisdictions(*, by: User) -> int:
    """The commission reminds the officials of every 街镇 with institutions registered but not filed; returns how
    many 街镇 were reminded."""
    if not has_role(by, Role.COMMISSION):
        raise PermissionDenied(ONLY_THE_COMMISSION_REMINDS)
    officials = officials_by_jurisdiction()
    reminded = 0
    for row in unfiled_by_jurisdiction(user=by):
        place = row["jurisdiction"]
        recipients = officials.get(place.pk, [])
        if not recipients:
            continue
        notify(
            recipients=recipients,
            message=REMINDER,
            params={"count": row["total"], "jurisdiction": place.name},
            url=reverse("institutions:unfiled_list"),
        )
        reminded += 1
    return reminded
