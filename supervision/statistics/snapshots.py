"""The dashboard's figures precomputed: read from DashboardSnapshot, recomputed when what they count changes.

At the national size (100,000 institutions) computing every figure takes seconds; the dashboard and its downloads
read the rows kept in `DashboardSnapshot` instead, one query for all figures. How they stay correct:

- **Marked stale by every change.** A save or delete of a model the figures count (the register, classes, filings
  and their events, inspections, rectifications, fee disclosures, operating reports, the population) marks every
  snapshot stale, in the same transaction (one UPDATE of the rows not stale yet), whichever service, import or admin
  page made it. A snapshot computed before a calendar day began is stale too (figures such as "overdue" count from
  today).
- **Recomputed.** With a Celery broker (`CELERY_BROKER_URL`), the first change after a refresh queues
  `refresh_snapshots` on the worker, and the page shows the last rows with the time they were computed and a note
  that they are being updated; the beat refreshes every `DASHBOARD_REFRESH_MINUTES` as well. Without a broker
  (`make run`, the tests) a stale or missing snapshot is recomputed by the request that needs it.
- **Kept** for the scopes and periods someone asked for. The refresh recomputes this year's stale snapshots and
  drops the stale ones of other periods (the next request for them computes them again).

A snapshot is one figure for one scope ("district": the commission's view of every jurisdiction, or "j<pk>": one
jurisdiction, an official's view or the commission's with that jurisdiction picked), one period and one language
(the rows carry translated labels).
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.utils import timezone, translation
from django.utils.functional import Promise

from baodi_care.accounts.choices import Role
from baodi_care.accounts.models import Jurisdiction, User
from baodi_care.accounts.permissions import has_role
from institutions.models import ClassGroup, FeeItem, FeeSchedule, Filing, FilingEvent, Institution, OperatingReport
from supervision.models import DashboardSnapshot, Inspection, OpenDataFile, Rectification, RectificationEvent
from supervision.opendata.files import regenerate_stale
from supervision.statistics.registry import FIGURES, Figure, figure_rows
from supervision.statistics.scope import Filters, default_filters

logger = logging.getLogger(__name__)

DISTRICT = "district"
# When a placeholder the refresh adds for figures nobody asked for yet was "computed": never; it has no rows to show.
NEVER = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)


def scope_key(user, filters: Filters) -> str:
    """Whose view the figures are: an official's jurisdiction, or the commission's district or picked jurisdiction."""
    if user.role == Role.OFFICIAL:
        return f"j{user.jurisdiction_id}"
    return f"j{filters.jurisdiction.pk}" if filters.jurisdiction else DISTRICT


# --- Rows to JSON and back (Decimals and dates kept as such; lazy labels as the text of the language) ---------


def _encode(value):
    if isinstance(value, bool) or value is None or isinstance(value, int | float | str):
        return value
    if isinstance(value, Decimal):
        return {"$decimal": str(value)}
    if isinstance(value, datetime.date):
        return {"$date": value.isoformat()}
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _encode(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_encode(v) for v in value]
    return str(value)


def _decode(value):
    if isinstance(value, dict):
        if value.keys() == {"$decimal"}:
            return Decimal(value["$decimal"])
        if value.keys() == {"$date"}:
            return datetime.date.fromisoformat(value["$date"])
        return {k: _decode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_decode(v) for v in value]
    return value


# --- Reading ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Snapshot:
    """The rows of the figures asked for, when they were computed, and whether a refresh is on its way."""

    rows: dict[str, list[dict]]
    computed_at: datetime.datetime
    updating: bool


def background_refresh() -> bool:
    """Is there a worker to recompute stale snapshots (a Celery broker)? Without one, requests recompute them."""
    return bool(getattr(settings, "CELERY_BROKER_URL", ""))


def _is_stale(snapshot: DashboardSnapshot, today: datetime.date) -> bool:
    return snapshot.stale_since is not None or timezone.localdate(snapshot.computed_at) < today


def figures_rows(figures: Iterable[Figure], *, user, filters: Filters) -> Snapshot:
    """The rows of these figures for this user and these filters, from the snapshots where they can be.

    One query reads the snapshots; a figure without one (or with a stale one, when no worker refreshes them) is
    computed now and kept. Users without dashboard access get no rows (registry.figure_rows decides)."""
    figures = list(figures)
    now = timezone.now()
    if not has_role(user, Role.COMMISSION, Role.OFFICIAL):
        return Snapshot({f.slug: figure_rows(f, user=user, filters=filters) for f in figures}, now, False)
    key = scope_key(user, filters)
    language = translation.get_language() or settings.LANGUAGE_CODE
    kept = {
        s.figure: s
        for s in DashboardSnapshot.objects.filter(
            scope=key, start=filters.start, end=filters.end, language=language, figure__in=[f.slug for f in figures]
        )
    }
    today = timezone.localdate(now)
    rows, oldest, updating, computed = {}, now, False, []
    for figure in figures:
        snapshot = kept.get(figure.slug)
        shown = snapshot is not None and snapshot.computed_at != NEVER
        if shown and (not _is_stale(snapshot, today) or background_refresh()):
            rows[figure.slug] = _decode(snapshot.rows)
            oldest = min(oldest, snapshot.computed_at)
            updating = updating or _is_stale(snapshot, today)
        else:
            rows[figure.slug] = figure_rows(figure, user=user, filters=filters)
            computed.append(figure)
    if computed:
        _keep(computed, rows, key=key, filters=filters, language=language, computed_at=now)
    if updating:
        queue_refresh()
    return Snapshot(rows, oldest, updating)


def _keep(figures: list[Figure], rows: dict, *, key: str, filters: Filters, language: str, computed_at) -> None:
    """Store (or replace) these figures' snapshots, in one query."""
    DashboardSnapshot.objects.bulk_create(
        [
            DashboardSnapshot(
                figure=figure.slug,
                scope=key,
                start=filters.start,
                end=filters.end,
                language=language,
                rows=_encode(rows[figure.slug]),
                computed_at=computed_at,
                stale_since=None,
            )
            for figure in figures
        ],
        update_conflicts=True,
        unique_fields=["scope", "start", "end", "language", "figure"],
        update_fields=["rows", "computed_at", "stale_since"],
    )


# --- Marking stale ----------------------------------------------------------------------------------------


def mark_stale(using: str = DEFAULT_DB_ALIAS) -> int:
    """Mark every snapshot and open data file stale (those not stale yet); with a worker, queue a refresh once the
    change commits."""
    now = timezone.now()
    marked = DashboardSnapshot.objects.using(using).filter(stale_since__isnull=True).update(stale_since=now)
    marked += OpenDataFile.objects.using(using).filter(stale_since__isnull=True).update(stale_since=now)
    if marked and background_refresh():
        transaction.on_commit(queue_refresh, using=using)
    return marked


def _changed(sender, using=DEFAULT_DB_ALIAS, raw=False, **kwargs) -> None:
    if raw:  # loaddata: fixtures are not changes of the register
        return
    mark_stale(using)


def counted_models() -> list[type]:
    """The models whose rows the figures count: a save or delete of any of them changes some figure."""
    return [
        Jurisdiction,
        Institution,
        ClassGroup,
        Filing,
        FilingEvent,
        FeeSchedule,
        FeeItem,
        OperatingReport,
        Inspection,  # its item checks count once it is finished, which saves it
        Rectification,
        RectificationEvent,
    ]


def connect() -> None:
    """Called by SupervisionConfig.ready()."""
    for model in counted_models():
        post_save.connect(_changed, sender=model, dispatch_uid=f"dashboard-stale-save-{model._meta.label}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"dashboard-stale-delete-{model._meta.label}")


# --- Refreshing -------------------------------------------------------------------------------------------


# The cache key that says a refresh is queued and has not started yet: every stale read and every change asks for a
# refresh, and one queued is enough (the task clears the key as it starts, so a change made during a refresh queues
# the next one). It expires after REFRESH_QUEUED_SECONDS in case the task is lost (a worker that died).
REFRESH_QUEUED_KEY = "supervision:dashboard-refresh-queued"
REFRESH_QUEUED_SECONDS = 600


def queue_refresh() -> None:
    """Queue the refresh on the worker (supervision.statistics.tasks), unless one is queued already; nothing
    without a broker."""
    if not background_refresh():
        return
    try:
        from supervision.statistics.tasks import refresh_dashboard
    except ImportError:  # the task module is part of the background jobs; without it, requests recompute
        return
    if not cache.add(REFRESH_QUEUED_KEY, 1, REFRESH_QUEUED_SECONDS):
        return
    try:
        refresh_dashboard.delay()
    except Exception:  # a broker that does not answer must not fail the page; the beat refreshes later
        cache.delete(REFRESH_QUEUED_KEY)
        logger.exception("Could not queue the dashboard refresh")


def refresh_started() -> None:
    """The queued refresh has started: the next change or stale read may queue another."""
    cache.delete(REFRESH_QUEUED_KEY)


def _add_missing(current: Filters) -> None:
    """Placeholders (stale, no rows yet) for this year's default figures nobody has asked for yet."""
    scopes = [DISTRICT, *(f"j{pk}" for pk in Jurisdiction.objects.filter(is_active=True).values_list("pk", flat=True))]
    language = settings.LANGUAGE_CODE
    have = set(
        DashboardSnapshot.objects.filter(start=current.start, end=current.end, language=language).values_list(
            "scope", "figure"
        )
    )
    missing = [(scope, slug) for scope in scopes for slug in FIGURES if (scope, slug) not in have]
    DashboardSnapshot.objects.bulk_create(
        [
            DashboardSnapshot(
                figure=slug,
                scope=scope,
                start=current.start,
                end=current.end,
                language=language,
                rows=[],
                computed_at=NEVER,
                stale_since=NEVER,
            )
            for scope, slug in missing
        ],
        ignore_conflicts=True,
    )


def _district_user() -> User:
    """The commission's view, for computing a snapshot outside a request: never saved, never signed in."""
    return User(role=Role.COMMISSION, is_active=True)


def _filters_for(snapshot: DashboardSnapshot) -> Filters:
    jurisdiction = None
    if snapshot.scope != DISTRICT:
        jurisdiction = Jurisdiction.objects.filter(pk=int(snapshot.scope[1:])).first()
    return Filters(start=snapshot.start, end=snapshot.end, jurisdiction=jurisdiction)


def refresh_snapshots(today: datetime.date | None = None) -> int:
    """Recompute this year's stale snapshots, drop the stale ones of other periods, write the stale open data files
    again (supervision.opendata.files); returns how many snapshots and files were computed.

    This year's figures for the district and for every active jurisdiction, in the default language, are kept
    whether or not anyone asked yet, so the dashboard's first page is precomputed too. A snapshot marked stale again
    while it was being computed stays stale; the refresh then runs once more."""
    today = today or timezone.localdate()
    current = default_filters(today)
    day_began = timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
    is_stale = Q(stale_since__isnull=False) | Q(computed_at__lt=day_began)
    DashboardSnapshot.objects.filter(is_stale).exclude(start=current.start, end=current.end).delete()
    _add_missing(current)
    stale = list(
        DashboardSnapshot.objects.filter(is_stale, start=current.start, end=current.end).order_by(
            "scope", "language", "figure"
        )
    )
    user = _district_user()
    computed = 0
    for snapshot in stale:
        figure = FIGURES.get(snapshot.figure)
        filters = _filters_for(snapshot)
        if figure is None or (snapshot.scope != DISTRICT and filters.jurisdiction is None):
            snapshot.delete()
            continue
        started = timezone.now()
        with translation.override(snapshot.language):
            rows = _encode(figure_rows(figure, user=user, filters=filters))
        # Cleared only if nothing changed since the computation started.
        updated = (
            DashboardSnapshot.objects.filter(pk=snapshot.pk)
            .filter(Q(stale_since__isnull=True) | Q(stale_since__lt=started))
            .update(rows=rows, computed_at=started, stale_since=None)
        )
        if not updated:
            DashboardSnapshot.objects.filter(pk=snapshot.pk).update(rows=rows, computed_at=started)
        computed += 1
    computed += regenerate_stale()
    still_stale = DashboardSnapshot.objects.filter(stale_since__isnull=False, start=current.start, end=current.end)
    if still_stale.exists() or OpenDataFile.objects.filter(stale_since__isnull=False).exists():
        queue_refresh()
    return computed
