"""Reads for rectifications: the ledger of the user's scope and which rectifications are overdue."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Q, QuerySet

from supervision.choices import RectificationStatus
from supervision.models import Rectification


def overdue_q(today: datetime.date) -> Q:
    """Open past the deadline (an answered one waits for the official, not the operator)."""
    return Q(status=RectificationStatus.OPEN, deadline__lt=today)


def rectification_ledger(*, user) -> QuerySet[Rectification]:
    """The 台账: rectifications a user may see, with what a row shows, nearest deadline first."""
    return (
        Rectification.objects.for_user(user)
        .select_related("institution__jurisdiction", "item_check__item", "item_check__inspection")
        .order_by("deadline", "pk")
    )


def mark_overdue(rectifications: Iterable[Rectification], today: datetime.date) -> list[Rectification]:
    rows = list(rectifications)
    for row in rows:
        row.overdue = row.is_overdue(today)
        row.days_overdue = (today - row.deadline).days if row.overdue else 0
    return rows
