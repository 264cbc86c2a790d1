"""Filings (备案): the filing, its events, section reviews, documents and receipt numbers."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from baodi_care.accounts.append_only import AppendOnlyHistory, AppendOnlyQuerySet, append_only_triggers
from baodi_care.accounts.choices import Role
from baodi_care.core.files import generated_name
from baodi_care.core.records import Timestamped, Upload, WorkflowEvent, in_reader_language, status_fields
from baodi_care.core.scoping import ScopedQuerySet
from institutions.choices import DocumentScope, FilingKind, FilingStatus, Section, Verdict
from institutions.models.register import Institution


class DocumentType(models.Model):
    """A kind of document a filing carries; the commission can add its own."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=80)
    name_en = models.CharField(_("English name"), max_length=80, blank=True)
    required_for_initial = models.BooleanField(_("required for an initial filing"), default=False)
    required_when_meals = models.BooleanField(
        _("required only when meals are served"), default=False, help_text=_("e.g. 食品经营许可证.")
    )
    # The facts a 变更备案 changes that call for this document anew (choices.ChangeSubject): a new lease when the
    # premises change, the new 负责人's certificates, … The commission edits the list; the seed is a sensible start.
    required_for_changes = models.JSONField(
        _("required by a change of"),
        default=list,
        blank=True,
        help_text=_("What a change filing must change for this document to be required (empty: never)."),
    )
    applies_to = models.CharField(
        _("applies to"),
        max_length=12,
        choices=DocumentScope.choices,
        default=DocumentScope.ALL,
        help_text=_("家庭托育点 file documents of their own (家庭托育点管理办法（试行）)."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=100)
    is_active = models.BooleanField(_("active"), default=True)
    history = AppendOnlyHistory()

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("document type")
        verbose_name_plural = _("document types")

    def __str__(self) -> str:
        return in_reader_language(self.name, self.name_en)

    def applies(self, *, family_point: bool) -> bool:
        """Whether a filing of a family point (家庭托育点) or of another institution uses this type at all."""
        if self.applies_to == DocumentScope.FAMILY:
            return family_point
        if self.applies_to == DocumentScope.INSTITUTIONS:
            return not family_point
        return True

    def is_required(
        self, *, kind: str, provides_meals: bool, changes: frozenset[str] = frozenset(), family_point: bool = False
    ) -> bool:
        """Required for this filing: an initial filing needs the commission's list (a family point's own list for a
        家庭托育点); a change filing the documents that what it changes affects (`changes`: choices.ChangeSubject
        values); a deregistration none."""
        if not self.is_active or not self.applies(family_point=family_point):
            return False
        if self.required_when_meals and not provides_meals:
            return False
        if kind == FilingKind.INITIAL:
            return self.required_when_meals or self.required_for_initial
        if kind == FilingKind.CHANGE:
            return bool(changes & set(self.required_for_changes or ()))
        return False


class FilingQuerySet(ScopedQuerySet):
    scope_through = "institution"

    def visible_to(self, user) -> FilingQuerySet:
        """Operators see their institutions' filings; reviewers those submitted in their scope."""
        if user.role == Role.OPERATOR:
            return self.through_related(user)
        if user.role in (Role.OFFICIAL, Role.COMMISSION):
            return self.through_related(user).exclude(status=FilingStatus.DRAFT)
        return self.none()


class Filing(Timestamped):
    """A 备案: what the operator declared, frozen when submitted, and where it stands."""

    institution = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="filings")
    kind = models.CharField(_("kind"), max_length=20, choices=FilingKind.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=FilingStatus.choices, default=FilingStatus.DRAFT, editable=False
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    # 备案书 fields
    applicant_name = models.CharField(_("applicant (filled in by)"), max_length=40, blank=True)
    applicant_phone = models.CharField(_("applicant phone"), max_length=20, blank=True)
    service_start_date = models.DateField(_("date service starts"), null=True, blank=True)
    change_date = models.DateField(
        _("date of the change"), null=True, blank=True, help_text=_("File the change promptly after it happens.")
    )
    change_description = models.TextField(_("what changed and why"), blank=True)
    stop_date = models.DateField(_("date service stops"), null=True, blank=True)
    children_arrangements = models.TextField(
        _("arrangements for enrolled children"), blank=True, help_text=_("For deregistration.")
    )
    pledge_accepted = models.BooleanField(_("pledge accepted"), default=False, editable=False)
    pledge_text = models.TextField(_("pledge text"), blank=True, editable=False)
    # A change filing's new registered facts (choices.IDENTITY_FIELDS that differ from the filed ones; the 街镇 by its
    # statistics code): the institution keeps its filed values until the filing is acknowledged.
    proposed_facts = models.JSONField(_("registered facts to change"), default=dict, blank=True, editable=False)
    # Frozen on submission
    snapshot = models.JSONField(_("snapshot"), default=dict, blank=True, editable=False)
    baseline = models.JSONField(_("filed data before this change"), default=dict, blank=True, editable=False)
    findings = models.JSONField(_("standards findings"), default=list, blank=True, editable=False)
    returned_snapshot = models.JSONField(_("snapshot of the returned round"), default=dict, blank=True, editable=False)
    round = models.PositiveSmallIntegerField(_("submission round"), default=0, editable=False)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True, editable=False)
    first_submitted_at = models.DateTimeField(_("first submitted"), null=True, blank=True, editable=False)
    # The two clocks of 登记和备案办法 Art. 9, both counted from `received_on`, the receipt of complete materials:
    # the first submission, or the resubmission after a return as incomplete (退回补正); a return over the
    # institution's data alone keeps them running from the first receipt. See README, Registration and filing.
    received_on = models.DateField(_("materials received"), null=True, blank=True, editable=False)
    receipt_due = models.DateField(_("receipt due"), null=True, blank=True, editable=False)
    answer_due = models.DateField(_("answer with reasons due"), null=True, blank=True, editable=False)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True, editable=False)
    receipt_number = models.CharField(
        _("receipt number"), max_length=40, unique=True, null=True, blank=True, editable=False
    )
    # Printed in the receipt's QR code: the public verification page finds the receipt by it. Random (not the
    # receipt number, which is sequential), so the page cannot be used to list the register's receipts.
    verification_token = models.CharField(
        _("verification token"), max_length=32, unique=True, null=True, blank=True, editable=False
    )
    decision_reason = models.TextField(_("reasons"), blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    history = AppendOnlyHistory()

    objects = FilingQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("filing")
        verbose_name_plural = _("filings")
        indexes = [models.Index(fields=["status", "receipt_due"]), models.Index(fields=["institution", "status"])]

    def __str__(self) -> str:
        return f"{self.institution} · {self.get_kind_display()}"

    def get_absolute_url(self) -> str:
        return reverse("institutions:filing_detail", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.status in (FilingStatus.DRAFT, FilingStatus.RETURNED)

    @property
    def clocks_running(self) -> bool:
        """The Art. 9 clocks run from receipt until the commission acknowledges or someone rejects the filing;
        a return as incomplete stops them (they start again on resubmission)."""
        from institutions.choices import CLOCK_STATUSES

        return bool(self.received_on and self.status in CLOCK_STATUSES)

    def overdue_clocks(self, today=None) -> list[str]:
        """The clocks ("receipt", "answer") past their date while a reviewer holds the filing."""
        from django.utils import timezone

        from institutions.choices import UNDER_REVIEW_STATUSES

        if not self.clocks_running or self.status not in UNDER_REVIEW_STATUSES:
            return []
        today = today or timezone.localdate()
        return [
            name for name, due in (("receipt", self.receipt_due), ("answer", self.answer_due)) if due and today > due
        ]

    def is_overdue(self, today=None) -> bool:
        return bool(self.overdue_clocks(today))


class FilingEventQuerySet(AppendOnlyQuerySet, ScopedQuerySet):
    scope_through = "filing"


class FilingEvent(WorkflowEvent):
    """One step of a filing: who, when, from which state to which, and why."""

    filing = models.ForeignKey(Filing, on_delete=models.PROTECT, related_name="events")
    from_status, to_status = status_fields(Filing)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by"))
    at = models.DateTimeField(_("at"), auto_now_add=True)

    objects = FilingEventQuerySet.as_manager()

    class Meta(WorkflowEvent.Meta):
        verbose_name = _("filing event")
        verbose_name_plural = _("filing events")


class SectionReview(models.Model):
    """A reviewer's verdict on one section or one document of a filing, in one submission round."""

    filing = models.ForeignKey(Filing, on_delete=models.CASCADE, related_name="section_reviews")
    round = models.PositiveSmallIntegerField(_("submission round"))
    section = models.CharField(_("section"), max_length=20, choices=Section.choices, blank=True)
    document_type = models.ForeignKey(
        DocumentType, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("document type")
    )
    verdict = models.CharField(_("verdict"), max_length=10, choices=Verdict.choices)
    comment = models.TextField(_("comment"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["round", "pk"]
        verbose_name = _("section review")
        verbose_name_plural = _("section reviews")

    def __str__(self) -> str:
        return f"{self.filing_id} r{self.round} {self.label}: {self.verdict}"

    @property
    def label(self) -> str:
        return str(self.document_type) if self.document_type_id else str(Section(self.section).label)


def document_upload_to(instance: Document, filename: str) -> str:
    """Server-generated names, one folder per filing (the migrations name this function)."""
    return generated_name(f"filings/{instance.filing_id}", instance.extension)


class DocumentQuerySet(AppendOnlyQuerySet, ScopedQuerySet):
    scope_through = "filing"

    def current(self) -> DocumentQuerySet:
        """The newest version of each document type (older versions stay, never overwritten)."""
        newer = Document.objects.filter(
            filing=models.OuterRef("filing"),
            document_type=models.OuterRef("document_type"),
            version__gt=models.OuterRef("version"),
        )
        return self.exclude(models.Exists(newer))


class Document(Upload):
    """An uploaded file of a filing. A new upload of the same type is a new version; none is changed or deleted,
    but for the round it was first submitted in, noted once on submission."""

    filing = models.ForeignKey(Filing, on_delete=models.PROTECT, related_name="documents")
    document_type = models.ForeignKey(DocumentType, on_delete=models.PROTECT, verbose_name=_("document type"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    file = models.FileField(_("file"), upload_to=document_upload_to, max_length=200)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    submitted_in_round = models.PositiveSmallIntegerField(null=True, blank=True)

    settable_once = ("submitted_in_round",)
    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["document_type__position", "document_type_id", "-version"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            models.UniqueConstraint(fields=["filing", "document_type", "version"], name="unique_document_version")
        ]
        triggers = append_only_triggers(settable_once=("submitted_in_round",))

    def __str__(self) -> str:
        return f"{self.document_type} v{self.version}"

    def fallback_name(self) -> str:
        return self.document_type.code


class ReceiptCounter(models.Model):
    """The last receipt number issued in a year (宝卫托备〔YYYY〕NNNN), taken under a row lock."""

    year = models.PositiveSmallIntegerField(unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"
