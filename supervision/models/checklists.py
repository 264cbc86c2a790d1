"""Versioned inspection checklists and their items."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from baodi_care.accounts.append_only import AppendOnlyHistory
from baodi_care.core.records import Created, in_reader_language
from supervision.choices import CheckCategory


class ChecklistTemplate(Created):
    """A versioned checklist. Publishing a new version never changes inspections that used an older one."""

    name = models.CharField(_("name"), max_length=80)
    version = models.PositiveSmallIntegerField(_("version"))
    is_current = models.BooleanField(_("current version"), default=False)
    notes = models.TextField(_("what changed"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = AppendOnlyHistory()

    class Meta:
        ordering = ["name", "-version"]
        verbose_name = _("checklist")
        verbose_name_plural = _("checklists")
        constraints = [
            models.UniqueConstraint(fields=["name", "version"], name="unique_checklist_version"),
            models.UniqueConstraint(
                fields=["name"], condition=models.Q(is_current=True), name="one_current_checklist_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"

    def get_absolute_url(self) -> str:
        return reverse("supervision:checklist_detail", args=[self.pk])


class ChecklistItem(models.Model):
    template = models.ForeignKey(ChecklistTemplate, on_delete=models.CASCADE, related_name="items")
    category = models.CharField(_("category"), max_length=20, choices=CheckCategory.choices)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text = models.CharField(_("check"), max_length=300)
    text_en = models.CharField(_("check (English)"), max_length=300, blank=True)
    source = models.CharField(_("source"), max_length=120, blank=True)
    rectification_days = models.PositiveSmallIntegerField(_("working days to rectify"), default=10)

    class Meta:
        ordering = ["template", "position", "pk"]
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")

    def __str__(self) -> str:
        return in_reader_language(self.text, self.text_en)
