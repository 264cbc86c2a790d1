"""The quality assessment's indicator template (WS/T 821—2023), versioned like the checklists: a new version is a
copy to edit, then publish; an assessment keeps the version it used."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from baodi_care.accounts.append_only import AppendOnlyHistory
from baodi_care.core.records import Created, in_reader_language
from supervision.choices import EvidenceMethod, QualityArea


class QualityTemplate(Created):
    """One version of the indicators of WS/T 821—2023 as the commission keeps them."""

    version = models.PositiveSmallIntegerField(_("version"), unique=True)
    is_current = models.BooleanField(_("current version"), default=False)
    notes = models.TextField(_("what changed"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = AppendOnlyHistory()

    class Meta:
        ordering = ["-version"]
        verbose_name = _("quality assessment template")
        verbose_name_plural = _("quality assessment templates")
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"], condition=models.Q(is_current=True), name="one_current_quality_template"
            ),
        ]

    def __str__(self) -> str:
        return f"WS/T 821—2023 v{self.version}"

    def get_absolute_url(self) -> str:
        return reverse("supervision:quality_template_detail", args=[self.pk])


class QualityIndicator(models.Model):
    """An indicator: its clause, points, whether it is a 基础标准 (veto) indicator, and how it is checked. A value
    that could not be confirmed from the standard's text is flagged, never guessed: points are left empty."""

    template = models.ForeignKey(QualityTemplate, on_delete=models.CASCADE, related_name="indicators")
    area = models.CharField(_("area"), max_length=12, choices=QualityArea.choices)
    clause = models.CharField(_("clause"), max_length=20, help_text=_("The clause of WS/T 821—2023, e.g. 5.1.6."))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text = models.CharField(_("indicator"), max_length=300)
    text_en = models.CharField(_("indicator (English)"), max_length=300, blank=True)
    points = models.DecimalField(
        _("points"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_("As the standard gives them; leave empty until confirmed from its text."),
    )
    is_veto = models.BooleanField(
        _("basic-standard indicator (veto)"),
        default=False,
        help_text=_("One of the standard's 基础标准 indicators: failing it fails the assessment."),
    )
    evidence = models.CharField(
        _("evidence method"), max_length=12, choices=EvidenceMethod.choices, default=EvidenceMethod.DOCUMENT
    )
    needs_confirmation = models.BooleanField(
        _("needs confirmation"),
        default=False,
        help_text=_("A value here could not be confirmed from the standard's text."),
    )
    confirmation_note = models.CharField(_("what to confirm"), max_length=200, blank=True)

    class Meta:
        ordering = ["template", "position", "pk"]
        verbose_name = _("quality indicator")
        verbose_name_plural = _("quality indicators")

    def __str__(self) -> str:
        return f"{self.clause} {in_reader_language(self.text, self.text_en)}"
