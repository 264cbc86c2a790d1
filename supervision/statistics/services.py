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
def set_populations(
    *, by: User, populations: dict[int, int | None], sources: dict[int, str] | None = None
) -> list[Jurisdiction]:
    """Record the resident population of each jurisdiction given (None: unknown), and where each figure comes from
    (`sources`, by the same keys; a jurisdiction left out keeps its source); returns those changed.

    Each change is kept in the jurisdiction's history with who made it.
    """
    sources = sources or {}
    if not can_edit_population(by):
        raise PermissionDenied(POPULATION_NOT_ALLOWED)
    changed = []
    keys = set(populations) | set(sources)
    for place in Jurisdiction.objects.select_for_update().filter(pk__in=keys).order_by("code"):
        value = populations.get(place.pk, place.population)
        source = (sources.get(place.pk, place.population_source) or "").strip()
        if place.population == value and place.population_source == source:
            continue
        place.population = value
        place.population_source = source
        place._history_user = by
        place.full_clean()
        place.save(update_fields=["population", "population_source"])
        changed.append(place)
    return changed
