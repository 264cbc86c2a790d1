"""Who may join an institution: claims of an institution already on the register, and invitations by its owner."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baodi_care.accounts.choices import Role
from baodi_care.core.records import Created
from baodi_care.core.scoping import ScopedQuerySet
from institutions.choices import ClaimMethod, ClaimStatus
from institutions.models.register import Institution


class InstitutionClaimQuerySet(ScopedQuerySet):
    def visible_to(self, user) -> InstitutionClaimQuerySet:
        """The claimant sees their own claims; officials those on their jurisdiction; the commission all."""
        if user.role == Role.OPERATOR:
            return self.filter(claimant=user)
        if user.role == Role.OFFICIAL:
            return self.filter(institution__jurisdiction_id=user.jurisdiction_id)
        if user.role == Role.COMMISSION:
            return self.all()
        return self.none()


class InstitutionClaim(Created):
    """An operator's claim of an institution the register already holds: proved by a one-time code sent to the
    contact on record, or approved by an official of its 街镇. Only the code's hash is kept."""

    institution = models.ForeignKey(
        Institution, verbose_name=_("institution"), on_delete=models.CASCADE, related_name="claims"
    )
    claimant = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("claimant"), on_delete=models.CASCADE, related_name="claims"
    )
    method = models.CharField(_("method"), max_length=10, choices=ClaimMethod.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=ClaimStatus.choices, default=ClaimStatus.PENDING, editable=False
    )
    code_hash = models.CharField(max_length=64, blank=True, editable=False)
    sent_to = models.CharField(_("code sent to"), max_length=200, blank=True, editable=False)
    attempts = models.PositiveSmallIntegerField(_("wrong tries"), default=0, editable=False)
    expires_at = models.DateTimeField(_("code expires"), null=True, blank=True, editable=False)
    note = models.CharField(_("note"), max_length=300, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    objects = InstitutionClaimQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("claim of an institution")
        verbose_name_plural = _("claims of institutions")
        indexes = [models.Index(fields=["status", "method"])]

    def __str__(self) -> str:
        return f"{self.claimant} → {self.institution}"

    def get_absolute_url(self) -> str:
        return reverse("institutions:claim_detail", args=[self.pk])

    @property
    def is_pending(self) -> bool:
        return self.status == ClaimStatus.PENDING

    @property
    def code_expired(self) -> bool:
        return self.expires_at is not None and timezone.now() >= self.expires_at


class InvitationQuerySet(ScopedQuerySet):
    scope_through = "institution"
    scope_roles = (Role.OPERATOR,)


class Invitation(Created):
    """The owner invites a colleague by e-mail; the signed link in the mail works INVITATION_DAYS days, once."""

    institution = models.ForeignKey(
        Institution, verbose_name=_("institution"), on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("e-mail"))
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("invited by"), on_delete=models.PROTECT, related_name="+"
    )
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("accepted by"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.email} → {self.institution}"

    @property
    def expires_at(self):
        return self.created_at + datetime.timedelta(days=settings.INVITATION_DAYS)

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and timezone.now() < self.expires_at
