"""Every write to the inspection plan goes through here: a frequency set or removed."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from baodi_care.accounts.models import User
from institutions.choices import Category
from institutions.models import Institution
from supervision.checklists.services import _require_commission
from supervision.inspections.services import InspectionError
from supervision.models import InspectionFrequency

# How often an institution may be required to be inspected: divisors of 12, so the interval is whole months.
FREQUENCY_CHOICES = (1, 2, 3, 4, 6, 12)
FREQUENCY_INVALID = _("Choose how many inspections a year: %(choices)s.")
FREQUENCY_DEFAULT_KEPT = _("The district default cannot be removed; change its number instead.")
CATEGORY_INVALID = _("Unknown institution category.")


@transaction.atomic
def set_inspection_frequency(
    *, by: User, per_year: int, category: str = "", institution: Institution | None = None
) -> InspectionFrequency:
    """Set how many inspections a year: the district default, a category's, or one institution's."""
    _require_commission(by)
    try:
        per_year = int(per_year)
    except (TypeError, ValueError):
        per_year = 0
    if per_year not in FREQUENCY_CHOICES:
        raise InspectionError(
            {"per_year": ValidationError(FREQUENCY_INVALID, params={"choices": "、".join(map(str, FREQUENCY_CHOICES))})}
        )
    if institution is not None:
        frequency = InspectionFrequency.objects.filter(institution=institution).first() or InspectionFrequency(
            institution=institution
        )
        frequency.category = ""
    else:
        category = category or ""
        if category and category not in Category.values:
            raise InspectionError({"category": ValidationError(CATEGORY_INVALID)})
        frequency = InspectionFrequency.objects.filter(
            category=category, institution__isnull=True
        ).first() or InspectionFrequency(category=category)
    frequency.per_year = per_year
    frequency._history_user = by
    frequency.full_clean()
    frequency.save()
    return frequency


@transaction.atomic
def delete_inspection_frequency(*, frequency: InspectionFrequency, by: User) -> None:
    """Remove a category's or an institution's own frequency; the next more general one applies again."""
    _require_commission(by)
    if frequency.institution_id is None and not frequency.category:
        raise InspectionError(FREQUENCY_DEFAULT_KEPT)
    frequency._history_user = by
    frequency.delete()
