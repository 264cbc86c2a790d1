"""Reads for the register: its list, the operators of institutions, the district overview, the official's to-do list."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baodi_care.accounts.models import Jurisdiction, User
from institutions.choices import (
    IDENTITY_FIELDS,
    UNDER_REVIEW_STATUSES,
    Category,
    FilingKind,
    InstitutionStatus,
    PremisesTenure,
)
from institutions.models import ClassGroup, Institution

IDENTITY_NEEDS_CHANGE_FILING = _(
    "The name, credit code, legal form, category and sub-district/town of a filed institution change only through a "
    "change filing (变更备案): they take effect when the health commission acknowledges it."
)
IDENTITY_UNDER_REVIEW = _(
    "The initial filing is under review: the name, credit code, legal form, category and sub-district/town can be "
    "changed again if it is returned for correction."
)


# What the portal wants of every institution but a register taken over may lack (登记和备案办法 Art. 6 lists carry
# what the registering department holds): an institution without one of them is incomplete until its operator,
# once it has claimed it, completes it on the institution's form (where each is required).
WANTED_FACTS = (
    "legal_form",
    "ownership",
    "category",
    "address",
    "legal_representative",
    "principal_name",
    "contact_phone",
)


# What the 备案书 asks of every institution beyond WANTED_FACTS: the 举办者, the 住所, the registration certificate, the
# house use and the opening hours (a lease's start and lessor, and how meals are provided, when they apply). The
# institution's form requires them; a filing is not submitted without them (rows taken over from a register, or
# registered before the portal asked, lack them until their operator completes them).
FILING_FORM_REQUIRED = (
    "sponsor_type",
    "sponsor_name",
    "sponsor_id_number",
    "sponsor_contact",
    "registered_address",
    "registration_certificate_number",
    "registration_authority_name",
    "house_use",
    "opening_hours",
)


def missing_filing_form_facts(institution: Institution) -> list[str]:
    """The labels of the 备案书 facts the institution lacks (FILING_FORM_REQUIRED and those that apply to it)."""
    names = [name for name in FILING_FORM_REQUIRED if not getattr(institution, name)]
    if institution.premises_tenure == PremisesTenure.LEASED:
        names += [name for name in ("lease_start_date", "lessor") if not getattr(institution, name)]
    if institution.provides_meals and not institution.meals_source:
        names.append("meals_source")
    return [str(Institution._meta.get_field(name).verbose_name) for name in names]


def missing_fields(institution: Institution) -> list[str]:
    """The wanted facts the institution lacks (an institution imported from a register without them)."""
    return [name for name in WANTED_FACTS if not getattr(institution, name)]


def missing_labels(institution: Institution) -> list[str]:
    return [str(Institution._meta.get_field(name).verbose_name) for name in missing_fields(institution)]


def incomplete_q() -> Q:
    """Institutions lacking a wanted fact, as a filter (one query for a list)."""
    condition = Q()
    for name in WANTED_FACTS:
        condition |= Q(**{name: ""})
    return condition


def identity_lock(institution: Institution) -> str:
    """Why the institution's identity facts (choices.IDENTITY_FIELDS) cannot be edited directly, or "" if they can.

    Only a never-filed registration whose initial filing is not with a reviewer is free: nothing is supervised yet.
    A filed institution (filed, change pending, suspended, closed) changes them through an acknowledged 变更备案; while
    its initial filing is under review, the reviewer's 街镇 and the facts reviewed stay as submitted.
    """
    if institution.status != InstitutionStatus.DRAFT:
        return str(IDENTITY_NEEDS_CHANGE_FILING)
    if institution.filings.filter(kind=FilingKind.INITIAL, status__in=UNDER_REVIEW_STATUSES).exists():
        return str(IDENTITY_UNDER_REVIEW)
    return ""


def identity_changes(institution: Institution, values: dict) -> dict:
    """The identity facts among `values` (model values, the 街镇 a Jurisdiction) that differ from the institution's."""
    changed = {}
    for name in IDENTITY_FIELDS:
        if name not in values:
            continue
        value = values[name]
        if name == "jurisdiction":
            if getattr(value, "pk", value) != institution.jurisdiction_id:
                changed[name] = value
        elif value != getattr(institution, name) and getattr(institution, name) != "":
            # A fact a register taken over lacked (WANTED_FACTS) is completed, not changed.
            changed[name] = value
    return changed


def operators_of(institution: Institution) -> QuerySet[User]:
    """The active operator accounts that run an institution (everyone who is told of its filings and orders)."""
    return User.objects.filter(memberships__institution=institution, is_active=True)


def operators_by_institution(institution_ids: Iterable[int]) -> dict[int, list[User]]:
    """The active operators of many institutions at once, by institution (two queries for a batch of reminders)."""
    pairs = User.objects.filter(memberships__institution_id__in=list(institution_ids), is_active=True).values_list(
        "memberships__institution_id", "pk"
    )
    user_ids: dict[int, list[int]] = {}
    for institution_id, user_id in pairs:
        user_ids.setdefault(institution_id, []).append(user_id)
    users = User.objects.in_bulk({pk for pks in user_ids.values() for pk in pks})
    return {institution_id: [users[pk] for pk in pks] for institution_id, pks in user_ids.items()}


def institution_list(*, user) -> QuerySet[Institution]:
    """Institutions a user may see, with what a list row shows, in a fixed number of queries."""
    return Institution.objects.for_user(user).select_related("jurisdiction").with_seats().order_by("name", "pk")


def district_overview(*, user) -> dict:
    """Counts of institutions and seats by status, category and jurisdiction, within the user's scope.

    Three grouped queries whatever the size: institutions by (jurisdiction, status, category), filed seats by
    (jurisdiction, inclusive), and the jurisdictions; the totals are added up here."""
    institutions = Institution.objects.for_user(user)
    filed_statuses = {InstitutionStatus.FILED, InstitutionStatus.CHANGE_PENDING}
    by_status: dict[str, int] = defaultdict(int)
    by_category: dict[str, int] = defaultdict(int)
    total: dict[int, int] = defaultdict(int)
    filed: dict[int, int] = defaultdict(int)
    groups = institutions.values_list("jurisdiction_id", "status", "category").annotate(n=Count("id")).order_by()
    for jurisdiction_id, status, category, n in groups:
        by_status[status] += n
        by_category[category] += n
        total[jurisdiction_id] += n
        if status in filed_statuses:
            filed[jurisdiction_id] += n
    seats: dict[int, int] = defaultdict(int)
    total_seats = inclusive_seats = 0
    seat_groups = (
        ClassGroup.objects.filter(institution__in=institutions, institution__status__in=filed_statuses)
        .values_list("institution__jurisdiction_id", "institution__is_inclusive")
        .annotate(n=Sum("seats"))
        .order_by()
    )
    for jurisdiction_id, inclusive, n in seat_groups:
        seats[jurisdiction_id] += n or 0
        total_seats += n or 0
        inclusive_seats += (n or 0) if inclusive else 0
    jurisdictions = list(Jurisdiction.objects.for_user(user).order_by("code"))
    for jurisdiction in jurisdictions:
        jurisdiction.institutions_total = total[jurisdiction.pk]
        jurisdiction.institutions_filed = filed[jurisdiction.pk]
        jurisdiction.seats_filed = seats[jurisdiction.pk] or None
    return {
        "total": sum(by_status.values()),
        "by_status": [(s, by_status.get(s.value, 0)) for s in InstitutionStatus],
        "by_category": [(c, by_category.get(c.value, 0)) for c in Category],
        "total_seats": total_seats,
        "inclusive_seats": inclusive_seats,
        "inclusive_share": (inclusive_seats / total_seats * 100) if total_seats else None,
        "jurisdictions": jurisdictions,
    }


def official_todo(*, user, today: datetime.date | None = None) -> dict:
    """What an official should look at now, in their jurisdiction."""
    today = today or timezone.localdate()
    institutions = Institution.objects.for_user(user).select_related("jurisdiction")
    soon = today + datetime.timedelta(days=settings.LEASE_ENDING_WARNING_DAYS)
    return {
        "change_pending": institutions.filter(status=InstitutionStatus.CHANGE_PENDING),
        "leases_ending": institutions.filter(
            premises_tenure=PremisesTenure.LEASED,
            lease_end_date__lte=soon,
            status__in=[InstitutionStatus.FILED, InstitutionStatus.CHANGE_PENDING],
        ).order_by("lease_end_date"),
        "suspended": institutions.filter(status=InstitutionStatus.SUSPENDED),
        "drafts": institutions.filter(status=InstitutionStatus.DRAFT),
    }
