"""What every figure of the dashboard starts from: its filters, the user's scope, the targets, ratios and medians.

What the period means:
- flows count what happened between `start` and `end`, both included: filings first submitted, review
  stages completed, inspections finished, rectifications ordered or verified, months reported;
- stocks are the register as at the end of the period: the institutions filed today (filed or change
  pending) whose first 备案回执 was issued before the period ended (one imported without a filing history
  counts as filed all along), with the seats their classes have today — the register keeps no per-day record
  of seats that could be aggregated cheaply."""

from __future__ import annotations

import datetime
import statistics
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baodi_care.accounts.choices import Role
from baodi_care.accounts.models import Jurisdiction
from institutions.choices import FilingStatus, InstitutionStatus
from institutions.models import FilingEvent, Institution

# Tianjin's 2025 targets for childcare provision, with their source: settings TIANJIN_TARGET_*.
TARGET_SOURCE = settings.TIANJIN_TARGET_SOURCE
TARGET_SEATS_PER_1000 = settings.TIANJIN_TARGET_SEATS_PER_1000
TARGET_INCLUSIVE_SHARE = settings.TIANJIN_TARGET_INCLUSIVE_SHARE

FILED_STATUSES = (InstitutionStatus.FILED, InstitutionStatus.CHANGE_PENDING)
# The statuses a filing can be in once submitted (drafts are the operator's own business).
REVIEWED_FILING_STATUSES = (
    FilingStatus.SUBMITTED,
    FilingStatus.RETURNED,
    FilingStatus.ACCEPTED,
    FilingStatus.FILED,
    FilingStatus.REJECTED,
)

DASHBOARD_ROLES = (Role.COMMISSION, Role.OFFICIAL)

TOTAL = _("Total")
ALL_CLASS_TYPES = _("All class types")


@dataclass(frozen=True)
class Filters:
    """The period (both days included) and, for the commission, one jurisdiction (None: all in scope)."""

    start: datetime.date
    end: datetime.date
    jurisdiction: Jurisdiction | None = None

    @property
    def start_at(self) -> datetime.datetime:
        return _local_midnight(self.start)

    @property
    def end_before(self) -> datetime.datetime:
        """The first instant after the period."""
        return _local_midnight(self.end + datetime.timedelta(days=1))

    @property
    def first_month(self) -> datetime.date:
        return self.start.replace(day=1)


def default_filters(today: datetime.date | None = None) -> Filters:
    """This calendar year."""
    today = today or timezone.localdate()
    return Filters(start=datetime.date(today.year, 1, 1), end=datetime.date(today.year, 12, 31))


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _scoped(qs: QuerySet, f: Filters, path: str) -> QuerySet:
    return qs.filter(**{path: f.jurisdiction.pk}) if f.jurisdiction else qs


def jurisdictions(user, f: Filters) -> list[Jurisdiction]:
    """The jurisdictions a figure has a row for: the user's scope, narrowed to the one picked."""
    return list(_scoped(Jurisdiction.objects.for_user(user).filter(is_active=True), f, "pk").order_by("code"))


def institutions(user, f: Filters) -> QuerySet[Institution]:
    return _scoped(Institution.objects.for_user(user), f, "jurisdiction_id")


def filed_institutions(user, f: Filters) -> QuerySet[Institution]:
    """Institutions on the register as at the end of the period (see the module docstring)."""
    acknowledged_later = FilingEvent.objects.filter(
        filing__institution=OuterRef("pk"), to_status=FilingStatus.FILED, at__lt=f.end_before
    )
    ever_acknowledged = FilingEvent.objects.filter(filing__institution=OuterRef("pk"), to_status=FilingStatus.FILED)
    return (
        institutions(user, f)
        .filter(status__in=FILED_STATUSES)
        .filter(Exists(acknowledged_later) | ~Exists(ever_acknowledged))
    )


def _ratio(part, whole, scale: int = 100, places: str = "0.1") -> Decimal | None:
    """part / whole × scale, rounded half up; None when there is nothing to divide by."""
    if not whole:
        return None
    return (Decimal(part) * scale / Decimal(whole)).quantize(Decimal(places), rounding=ROUND_HALF_UP)


def _median(values: list) -> Decimal | None:
    if not values:
        return None
    return Decimal(str(statistics.median(values))).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _per_jurisdiction(
    places: list[Jurisdiction], data: dict[int, dict], zero: dict, total: dict | None = None
) -> list[dict]:
    """One row per jurisdiction (zeros where nothing happened), then the total row (summed unless given)."""
    rows = []
    for place in places:
        row = {"code": place.code, "jurisdiction": place.name, **zero, **data.get(place.pk, {})}
        rows.append(row)
    if total is None:
        total = {key: sum(row[key] or 0 for row in rows) for key in zero}
    rows.append({"code": "", "jurisdiction": TOTAL, **zero, **total, "is_total": True})
    return rows
