"""Writes behind the dashboard: the jurisdictions' resident population (for seats per 1,000)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from baodi_care.accounts.choices import Role
from baodi_care.accounts.models import Jurisdiction, User
from baodi_care.accounts.permissions import has_role

POPULATION_NOT_ALLOWED = _("Only the health commission records the population of the jurisdictions.")


def can_edit_population(user) -> bool:
    return has_role(user, Role.COMMISSION)


@transaction.atomic
def set_populations(*, by: User, populations: dict[int, int | None]) -> list[Jurisdiction]:
    """Record the resident population of each jurisdiction given (None: unknown); returns those changed.

    Each change is kept in the jurisdiction's history with who made it.
    """
    if not can_edit_population(by):
        raise PermissionDenied(POPULATION_NOT_ALLOWED)
    changed = []
    for place in Jurisdiction.objects.select_for_update().filter(pk__in=populations).order_by("code"):
        value = populations[place.pk]
        if place.population == value:
            continue
        place.population = value
        place._history_user = by
        place.full_clean()
        place.save(update_fields=["population"])
        changed.append(place)
    return changed
