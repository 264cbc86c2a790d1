"""The inspection plan: how often institutions are to be inspected."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from baodi_care.accounts.append_only import AppendOnlyHistory
from institutions.models import Institution


class InspectionFrequency(models.Model):
    """How often institutions must be inspected: a district default, a category's, or one institution's."""

    category = models.CharField(
        _("institution category"), max_length=20, blank=True, help_text=_("Empty: the district default.")
    )
    institution = models.OneToOneField(
        Institution, on_delete=models.CASCADE, null=True, blank=True, related_name="inspection_frequency"
    )
    per_year = models.PositiveSmallIntegerField(_("inspections per year"))
    history = AppendOnlyHistory()

    class Meta:
        verbose_name = _("inspection frequency")
        verbose_name_plural = _("inspection frequencies")
        constraints = [
            models.UniqueConstraint(
                fields=["category"], condition=models.Q(institution__isnull=True), name="one_frequency_per_category"
            )
        ]

    def __str__(self) -> str:
        return f"{self.institution or self.category or '*'}: {self.per_year}"
