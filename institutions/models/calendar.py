"""Overrides of the working-day calendar."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from baodi_care.accounts.append_only import AppendOnlyHistory


class CalendarDay(models.Model):
    """An override of the working-day calendar: a holiday, or a 调休 Saturday/Sunday that is worked.

    chinese-calendar knows the State Council's holidays only up to the year it was released for; the
    commission adds later years here (and may correct any day).
    """

    date = models.DateField(_("date"), unique=True)
    is_workday = models.BooleanField(_("working day"))
    name = models.CharField(_("name"), max_length=40, blank=True, help_text=_("e.g. 春节, 国庆节调休."))
    history = AppendOnlyHistory()

    class Meta:
        ordering = ["date"]
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")

    def __str__(self) -> str:
        return f"{self.date} {self.name}"
