"""Reads for the institutions registered with 托育 in their business scope but not filed (登记和备案办法 Art. 6):
the list (each row with its latest follow-up), the count per 街镇, one institution's follow-ups."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery

from baodi_care.accounts.models import Jurisdiction
from institutions.choices import FilingStatus, InstitutionStatus
from institutions.models import Filing, FollowUp, Institution

# The words of a business scope that make a registration a childcare one (登记和备案办法 Art. 4–5: the business or
# service scope names 托育服务).
CHILDCARE_SCOPE = "托育"


def _unfiled(queryset: QuerySet[Institution]) -> QuerySet[Institution]:
    return queryset.filter(registration__business_scope__contains=CHILDCARE_SCOPE, status=InstitutionStatus.DRAFT)


def unfiled_registrations(*, user) -> QuerySet[Institution]:
    """In the user's scope, the institutions a registration list gives with 托育 in their business scope and that have
    no acknowledged filing; each with its latest follow-up and whether a filing is under way (one query a page)."""
    latest = FollowUp.objects.filter(institution=OuterRef("pk")).order_by("-recorded_at", "-pk")
    started = Filing.objects.filter(institution=OuterRef("pk")).exclude(status=FilingStatus.DRAFT)
    return (
        _unfiled(Institution.objects.for_user(user))
        .select_related("jurisdiction", "registration")
        .annotate(
            last_outcome=Subquery(latest.values("outcome")[:1]),
            last_note=Subquery(latest.values("note")[:1]),
            last_at=Subquery(latest.values("recorded_at")[:1]),
            last_by=Subquery(latest.values("recorded_by__full_name")[:1]),
            filing_started=Exists(started),
        )
        .order_by("jurisdiction__code", "name", "pk")
    )


def unfiled_by_jurisdiction(*, user) -> list[dict]:
    """Per 街镇 of the user's scope: how many are registered but not filed, and how many of them were followed up."""
    return _by_jurisdiction(Institution.objects.for_user(user))


def unfiled_in_district() -> list[dict]:
    """unfiled_by_jurisdiction over the whole district, for the scheduled reminders (no user: the system's job)."""
    return _by_jurisdiction(Institution.objects.all())


def _by_jurisdiction(institutions: QuerySet[Institution]) -> list[dict]:
    counts = {
        row["jurisdiction"]: row
        for row in _unfiled(institutions)
        .order_by()
        .values("jurisdiction")
        .annotate(
            total=Count("pk", distinct=True),
            followed=Count("pk", filter=Q(follow_ups__isnull=False), distinct=True),
        )
    }
    places = Jurisdiction.objects.filter(pk__in=counts).order_by("code")
    return [{**counts[place.pk], "jurisdiction": place} for place in places]


def follow_ups(institution: Institution) -> QuerySet[FollowUp]:
    return institution.follow_ups.select_related("recorded_by")
