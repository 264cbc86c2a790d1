"""Imports of an existing register: each import, the column mappings clerks saved, what a registration list said
about an institution beyond the portal's own facts, and the 街镇's follow-up of those registered but not filed."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from baodi_care.accounts.choices import Role
from baodi_care.core.scoping import ScopedQuerySet
from institutions.choices import FollowUpOutcome
from institutions.models.register import Institution


class RegisterImport(models.Model):
    """One import of an existing register (登记和备案办法 Art. 6): who, when, which file, what it did."""

    file_name = models.CharField(_("file"), max_length=200)
    sha256 = models.CharField(max_length=64)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    skipped = models.PositiveIntegerField(_("skipped"), default=0)
    refused = models.PositiveIntegerField(_("refused"), default=0)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    imported_at = models.DateTimeField(_("imported"), auto_now_add=True)

    class Meta:
        ordering = ["-imported_at"]
        verbose_name = _("register import")
        verbose_name_plural = _("register imports")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.imported_at:%Y-%m-%d})"


class ColumnMapping(models.Model):
    """Which portal field each column of a file's header means, as a clerk confirmed it: the next file with the same
    headers is read the same way. Keyed by the set of headers; the clerk's own mapping first, else the district's
    latest (every commission account of the district shares them)."""

    signature = models.CharField(max_length=64, db_index=True)
    headers = models.JSONField(_("headers"), default=list)
    mapping = models.JSONField(_("mapping"), default=dict)  # header text → field key ("" = not read)
    saved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    saved_at = models.DateTimeField(_("saved"), auto_now=True)

    class Meta:
        ordering = ["-saved_at", "-pk"]
        verbose_name = _("column mapping")
        verbose_name_plural = _("column mappings")
        constraints = [models.UniqueConstraint(fields=["signature", "saved_by"], name="column_mapping_per_user")]

    def __str__(self) -> str:
        return "、".join(self.headers[:5])


class RegistrationQuerySet(ScopedQuerySet):
    scope_through = "institution"
    scope_roles = (Role.OFFICIAL, Role.COMMISSION)


class Registration(models.Model):
    """What a registering department's or clerk's list says about an institution that the portal's own facts do not
    hold (登记和备案办法 Art. 6): its business scope, registration date and the filing date that list gives."""

    institution = models.OneToOneField(
        Institution, verbose_name=_("institution"), on_delete=models.CASCADE, related_name="registration"
    )
    business_scope = models.TextField(_("business scope"), blank=True)
    registered_on = models.DateField(_("registered on"), null=True, blank=True)
    filed_on = models.DateField(_("filed on (as the list says)"), null=True, blank=True)
    source = models.ForeignKey(
        RegisterImport, verbose_name=_("import"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration record")
        verbose_name_plural = _("registration records")

    def __str__(self) -> str:
        return str(self.institution)


class FollowUpQuerySet(ScopedQuerySet):
    scope_through = "institution"
    scope_roles = (Role.OFFICIAL, Role.COMMISSION)


class FollowUp(models.Model):
    """What an official of the 街镇 did about an institution registered with 托育 in its business scope but not
    filed (登记和备案办法 Art. 6): an outcome and a note, kept one after another."""

    institution = models.ForeignKey(
        Institution, verbose_name=_("institution"), on_delete=models.CASCADE, related_name="follow_ups"
    )
    outcome = models.CharField(_("follow-up outcome"), max_length=20, choices=FollowUpOutcome.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        indexes = [models.Index(fields=["institution", "-recorded_at"], name="follow_up_latest")]

    def __str__(self) -> str:
        return f"{self.institution}: {self.get_outcome_display()}"
