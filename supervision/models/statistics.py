"""The dashboard's figures as computed: one row per (figure, scope, period), refreshed when what they count changes."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DashboardSnapshot(models.Model):
    """The rows of one figure for one scope and period, as supervision.statistics.snapshots computed them.

    `scope` is "district" (the commission's view of every jurisdiction) or "j<pk>" (one jurisdiction: an official's
    view, or the commission's when it picks that jurisdiction). `stale_since` is set when something the figures
    count changes (supervision.statistics.snapshots), cleared by the refresh that recomputes the rows.
    """

    figure = models.CharField(_("figure"), max_length=40)
    scope = models.CharField(_("scope"), max_length=20)
    start = models.DateField(_("from"))
    end = models.DateField(_("to"))
    language = models.CharField(_("language"), max_length=10)
    rows = models.JSONField(_("rows"))
    computed_at = models.DateTimeField(_("computed at"))
    stale_since = models.DateTimeField(_("stale since"), null=True, blank=True)

    class Meta:
        verbose_name = _("dashboard snapshot")
        verbose_name_plural = _("dashboard snapshots")
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "start", "end", "language", "figure"], name="dashboard_snapshot_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.figure} {self.scope} {self.start}–{self.end}"


class OpenDataFile(models.Model):
    """One open data file of the public register as last written (supervision.opendata.files), kept in storage.

    `key` names the format and the address the file's links point to; `stale_since` is set by the same changes that
    make the dashboard's snapshots stale (supervision.statistics.snapshots.mark_stale)."""

    key = models.CharField(_("key"), max_length=300, unique=True)
    kind = models.CharField(_("format"), max_length=10)
    base_url = models.CharField(_("base address"), max_length=250)
    path = models.CharField(_("stored file"), max_length=200)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    generated_at = models.DateTimeField(_("generated at"))
    stale_since = models.DateTimeField(_("stale since"), null=True, blank=True)

    class Meta:
        verbose_name = _("open data file")
        verbose_name_plural = _("open data files")

    def __str__(self) -> str:
        return self.key
