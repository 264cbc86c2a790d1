from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from stdnum.cn import uscc as stdnum_uscc
from stdnum.exceptions import ValidationError as StdnumError

from baodi_care.accounts.choices import Role
from baodi_care.accounts.models import Jurisdiction

from .choices import (
    CLASS_SIZE_CAP,
    REGISTRATION_AUTHORITY,
    Category,
    ClassType,
    Education,
    FeeScheduleStatus,
    FeeType,
    FeeUnit,
    FilingKind,
    FilingStatus,
    InstitutionStatus,
    LegalForm,
    Ownership,
    PremisesTenure,
    Section,
    ServiceForm,
    StaffRole,
    Verdict,
)

INVALID_USCC = _("This is not a valid unified social credit code (统一社会信用代码): check the 18 characters.")


def validate_uscc(value: str) -> None:
    """GB 32100 check: 18 characters with a valid check digit."""
    try:
        stdnum_uscc.validate(value)
    except StdnumError as exc:
        raise ValidationError(INVALID_USCC, code="invalid_uscc") from exc


class InstitutionQuerySet(models.QuerySet):
    def for_user(self, user) -> InstitutionQuerySet:
        """The one place that decides which institutions a user may see. Unknown means none."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.role == Role.OPERATOR:
            return self.filter(pk__in=Membership.objects.filter(user=user).values("institution_id"))
        if user.role == Role.OFFICIAL:
            if user.jurisdiction_id is None:
                return self.none()
            return self.filter(jurisdiction_id=user.jurisdiction_id)
        if user.role in (Role.COMMISSION, Role.DEPARTMENT, Role.ADMIN):
            return self.all()
        return self.none()

    def with_seats(self) -> InstitutionQuerySet:
        return self.annotate(total_seats=Sum("classes__seats"))


class Institution(models.Model):
    """A 托育机构 and its registered facts."""

    name = models.CharField(_("name"), max_length=100)
    uscc = models.CharField(
        _("unified social credit code"),
        max_length=18,
        unique=True,
        validators=[validate_uscc],
        help_text=_("统一社会信用代码, 18 characters."),
    )
    legal_form = models.CharField(_("legal form"), max_length=20, choices=LegalForm.choices)
    ownership = models.CharField(_("ownership"), max_length=10, choices=Ownership.choices)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    offers_full_day = models.BooleanField(ServiceForm.FULL_DAY.label, default=True)
    offers_half_day = models.BooleanField(ServiceForm.HALF_DAY.label, default=False)
    offers_hourly = models.BooleanField(ServiceForm.HOURLY.label, default=False)
    offers_temporary = models.BooleanField(ServiceForm.TEMPORARY.label, default=False)
    is_inclusive = models.BooleanField(_("inclusive (普惠)"), default=False)
    is_demonstration = models.BooleanField(_("demonstration institution"), default=False)
    provides_meals = models.BooleanField(_("provides meals"), default=True)
    jurisdiction = models.ForeignKey(
        Jurisdiction, verbose_name=_("jurisdiction"), on_delete=models.PROTECT, related_name="institutions"
    )
    address = models.CharField(_("address"), max_length=200)
    legal_representative = models.CharField(_("legal representative"), max_length=40)
    principal_name = models.CharField(_("person in charge"), max_length=40)
    contact_phone = models.CharField(_("contact phone"), max_length=20)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    premises_tenure = models.CharField(
        _("premises tenure"), max_length=10, choices=PremisesTenure.choices, default=PremisesTenure.LEASED
    )
    lease_end_date = models.DateField(_("lease end date"), null=True, blank=True)
    floor = models.SmallIntegerField(_("floor of the childcare rooms"), default=1)
    building_area = models.DecimalField(_("building area (m²)"), max_digits=8, decimal_places=1, null=True, blank=True)
    indoor_area = models.DecimalField(_("indoor area (m²)"), max_digits=8, decimal_places=1, null=True, blank=True)
    outdoor_area = models.DecimalField(_("outdoor area (m²)"), max_digits=8, decimal_places=1, null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=InstitutionStatus.choices, default=InstitutionStatus.DRAFT, editable=False
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    objects = InstitutionQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        indexes = [models.Index(fields=["jurisdiction", "status"]), models.Index(fields=["status", "category"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("institutions:detail", args=[self.pk])

    @property
    def registration_authority(self) -> str:
        return REGISTRATION_AUTHORITY.get(self.legal_form, "")

    @property
    def service_form_labels(self) -> list[str]:
        flags = {
            ServiceForm.FULL_DAY: self.offers_full_day,
            ServiceForm.HALF_DAY: self.offers_half_day,
            ServiceForm.HOURLY: self.offers_hourly,
            ServiceForm.TEMPORARY: self.offers_temporary,
        }
        return [str(form.label) for form, on in flags.items() if on]

    @property
    def is_family_point(self) -> bool:
        return self.category == Category.FAMILY


class ClassGroupQuerySet(models.QuerySet):
    def for_user(self, user) -> ClassGroupQuerySet:
        return self.filter(institution__in=Institution.objects.for_user(user))


class ClassGroup(models.Model):
    """A class (班级) with its type and the seats (托位) it offers."""

    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="classes")
    name = models.CharField(_("class name"), max_length=40)
    class_type = models.CharField(_("class type"), max_length=10, choices=ClassType.choices)
    seats = models.PositiveSmallIntegerField(_("seats"))
    history = HistoricalRecords()

    objects = ClassGroupQuerySet.as_manager()

    class Meta:
        ordering = ["institution", "class_type", "name"]
        verbose_name = _("class")
        verbose_name_plural = _("classes")

    def __str__(self) -> str:
        return f"{self.name} ({self.get_class_type_display()})"

    @property
    def size_cap(self) -> int:
        return CLASS_SIZE_CAP[self.class_type]


class MembershipQuerySet(models.QuerySet):
    def for_user(self, user) -> MembershipQuerySet:
        return self.filter(institution__in=Institution.objects.for_user(user))


class Membership(models.Model):
    """Links an operator account to an institution it runs; a chain's account may hold several."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="memberships")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords()

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["user", "institution"], name="unique_membership")]

    def __str__(self) -> str:
        return f"{self.user} → {self.institution}"

    def clean(self) -> None:
        if self.user_id and self.user.role != Role.OPERATOR:
            raise ValidationError(_("Only operator accounts can be members of an institution."))


class StaffMemberQuerySet(models.QuerySet):
    def for_user(self, user) -> StaffMemberQuerySet:
        return self.filter(institution__in=Institution.objects.for_user(user))


class StaffMember(models.Model):
    """A member of staff with the certificates the standards ask for (设置标准 Art. 18–21)."""

    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="staff")
    name = models.CharField(_("name"), max_length=40)
    role = models.CharField(_("role"), max_length=12, choices=StaffRole.choices)
    class_group = models.ForeignKey(
        ClassGroup,
        verbose_name=_("class"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="caregivers",
        help_text=_("For caregivers: the class they look after."),
    )
    education = models.CharField(_("education"), max_length=20, choices=Education.choices, blank=True)
    management_years = models.PositiveSmallIntegerField(_("years of related management experience"), default=0)
    training_passed = models.BooleanField(_("job training passed"), default=False)
    qualification = models.CharField(
        _("qualification certificate"), max_length=80, blank=True, help_text=_("e.g. 保育师证, 保安员证.")
    )
    qualification_expiry = models.DateField(_("qualification valid until"), null=True, blank=True)
    health_certificate_expiry = models.DateField(_("health certificate valid until"), null=True, blank=True)
    full_time = models.BooleanField(_("full time"), default=True)
    history = HistoricalRecords()

    objects = StaffMemberQuerySet.as_manager()

    class Meta:
        ordering = ["institution", "role", "name"]
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"

    def clean(self) -> None:
        if self.class_group_id and self.class_group.institution_id != self.institution_id:
            raise ValidationError({"class_group": _("Choose a class of this institution.")})


class CalendarDay(models.Model):
    """An override of the working-day calendar: a holiday, or a 调休 Saturday/Sunday that is worked.

    chinese-calendar knows the State Council's holidays only up to the year it was released for; the
    commission adds later years here (and may correct any day).
    """

    date = models.DateField(_("date"), unique=True)
    is_workday = models.BooleanField(_("working day"))
    name = models.CharField(_("name"), max_length=40, blank=True, help_text=_("e.g. 春节, 国庆节调休."))
    history = HistoricalRecords()

    class Meta:
        ordering = ["date"]
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")

    def __str__(self) -> str:
        return f"{self.date} {self.name}"


class DocumentType(models.Model):
    """A kind of document a filing carries; the commission can add its own."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=80)
    name_en = models.CharField(_("English name"), max_length=80, blank=True)
    required_for_initial = models.BooleanField(_("required for an initial filing"), default=False)
    required_when_meals = models.BooleanField(
        _("required only when meals are served"), default=False, help_text=_("e.g. 食品经营许可证.")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=100)
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("document type")
        verbose_name_plural = _("document types")

    def __str__(self) -> str:
        from django.utils.translation import get_language

        if self.name_en and (get_language() or "").startswith("en"):
            return self.name_en
        return self.name

    def is_required(self, *, kind: str, provides_meals: bool) -> bool:
        if not self.is_active or kind != FilingKind.INITIAL:
            return False
        if self.required_when_meals:
            return provides_meals
        return self.required_for_initial


class FilingQuerySet(models.QuerySet):
    def for_user(self, user) -> FilingQuerySet:
        """Operators see their institutions' filings; reviewers those submitted in their scope."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        institutions = Institution.objects.for_user(user)
        if user.role == Role.OPERATOR:
            return self.filter(institution__in=institutions)
        if user.role in (Role.OFFICIAL, Role.COMMISSION):
            return self.filter(institution__in=institutions).exclude(status=FilingStatus.DRAFT)
        return self.none()


class Filing(models.Model):
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
        _("date of the change"), null=True, blank=True, help_text=_("A change must be filed within 15 days.")
    )
    change_description = models.TextField(_("what changed and why"), blank=True)
    stop_date = models.DateField(_("date service stops"), null=True, blank=True)
    children_arrangements = models.TextField(
        _("arrangements for enrolled children"), blank=True, help_text=_("For deregistration.")
    )
    pledge_accepted = models.BooleanField(_("pledge accepted"), default=False, editable=False)
    pledge_text = models.TextField(_("pledge text"), blank=True, editable=False)
    # Frozen on submission
    snapshot = models.JSONField(_("snapshot"), default=dict, blank=True, editable=False)
    baseline = models.JSONField(_("filed data before this change"), default=dict, blank=True, editable=False)
    findings = models.JSONField(_("standards findings"), default=list, blank=True, editable=False)
    returned_snapshot = models.JSONField(_("snapshot of the returned round"), default=dict, blank=True, editable=False)
    round = models.PositiveSmallIntegerField(_("submission round"), default=0, editable=False)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True, editable=False)
    first_submitted_at = models.DateTimeField(_("first submitted"), null=True, blank=True, editable=False)
    due_date = models.DateField(_("deadline"), null=True, blank=True, editable=False)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True, editable=False)
    receipt_number = models.CharField(
        _("receipt number"), max_length=40, unique=True, null=True, blank=True, editable=False
    )
    decision_reason = models.TextField(_("reasons"), blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    objects = FilingQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("filing")
        verbose_name_plural = _("filings")
        indexes = [models.Index(fields=["status", "due_date"]), models.Index(fields=["institution", "status"])]

    def __str__(self) -> str:
        return f"{self.institution} · {self.get_kind_display()}"

    def get_absolute_url(self) -> str:
        return reverse("institutions:filing_detail", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.status in (FilingStatus.DRAFT, FilingStatus.RETURNED)

    def is_overdue(self, today=None) -> bool:
        from django.utils import timezone

        from .choices import UNDER_REVIEW_STATUSES

        today = today or timezone.localdate()
        return bool(self.due_date and self.status in UNDER_REVIEW_STATUSES and today > self.due_date)


class FilingEventQuerySet(models.QuerySet):
    def for_user(self, user) -> FilingEventQuerySet:
        return self.filter(filing__in=Filing.objects.for_user(user))


class FilingEvent(models.Model):
    """One step of a filing: who, when, from which state to which, and why."""

    filing = models.ForeignKey(Filing, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=20)
    from_status = models.CharField(_("from"), max_length=12, choices=FilingStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=12, choices=FilingStatus.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by"))
    at = models.DateTimeField(_("at"), auto_now_add=True)
    note = models.TextField(_("note"), blank=True)

    objects = FilingEventQuerySet.as_manager()

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("filing event")
        verbose_name_plural = _("filing events")

    def __str__(self) -> str:
        return f"{self.filing_id} {self.from_status}→{self.to_status}"


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
    """Server-generated names: nothing of the uploader's file name reaches the disk."""
    return f"filings/{instance.filing_id}/{uuid.uuid4().hex}.{instance.extension}"


class DocumentQuerySet(models.QuerySet):
    def for_user(self, user) -> DocumentQuerySet:
        return self.filter(filing__in=Filing.objects.for_user(user))

    def current(self) -> DocumentQuerySet:
        """The newest version of each document type (older versions stay, never overwritten)."""
        newer = Document.objects.filter(
            filing=models.OuterRef("filing"),
            document_type=models.OuterRef("document_type"),
            version__gt=models.OuterRef("version"),
        )
        return self.exclude(models.Exists(newer))


class Document(models.Model):
    """An uploaded file of a filing. A new upload of the same type is a new version."""

    CONTENT_TYPES = {"pdf": "application/pdf", "png": "image/png", "jpg": "image/jpeg"}

    filing = models.ForeignKey(Filing, on_delete=models.PROTECT, related_name="documents")
    document_type = models.ForeignKey(DocumentType, on_delete=models.PROTECT, verbose_name=_("document type"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    file = models.FileField(_("file"), upload_to=document_upload_to, max_length=200)
    extension = models.CharField(max_length=4)
    original_name = models.CharField(_("original file name"), max_length=200)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    submitted_in_round = models.PositiveSmallIntegerField(null=True, blank=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["document_type__position", "document_type_id", "-version"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            models.UniqueConstraint(fields=["filing", "document_type", "version"], name="unique_document_version")
        ]

    def __str__(self) -> str:
        return f"{self.document_type} v{self.version}"

    @property
    def content_type(self) -> str:
        return self.CONTENT_TYPES[self.extension]


class ReceiptCounter(models.Model):
    """The last receipt number issued in a year (宝卫托备〔YYYY〕NNNN), taken under a row lock."""

    year = models.PositiveSmallIntegerField(unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class FeeScheduleQuerySet(models.QuerySet):
    def for_user(self, user) -> FeeScheduleQuerySet:
        """Operators see their drafts too; reviewers and departments only what was published."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        qs = self.filter(institution__in=Institution.objects.for_user(user))
        if user.role == Role.OPERATOR:
            return qs
        return qs.exclude(status=FeeScheduleStatus.DRAFT)

    def published(self) -> FeeScheduleQuerySet:
        return self.filter(status=FeeScheduleStatus.PUBLISHED)


class FeeSchedule(models.Model):
    """A version of an institution's 收费公示. Publishing supersedes the previous version; history stays."""

    institution = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="fee_schedules")
    version = models.PositiveSmallIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=12, choices=FeeScheduleStatus.choices, default=FeeScheduleStatus.DRAFT, editable=False
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    review_months = models.PositiveSmallIntegerField(
        _("review period (months)"), default=12, help_text=_("After this long the disclosure counts as stale.")
    )
    refund_rules = models.TextField(_("refund rules"))
    advance_payment_rules = models.TextField(_("advance payment rules"), help_text=_("e.g. at most 3 months ahead."))
    published_at = models.DateTimeField(_("published"), null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords()

    objects = FeeScheduleQuerySet.as_manager()

    class Meta:
        ordering = ["institution", "-version"]
        verbose_name = _("fee disclosure")
        verbose_name_plural = _("fee disclosures")
        constraints = [
            models.UniqueConstraint(fields=["institution", "version"], name="unique_fee_schedule_version"),
            models.UniqueConstraint(
                fields=["institution"],
                condition=models.Q(status="published"),
                name="one_published_fee_schedule",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.institution} · v{self.version}"

    def is_stale(self, today=None) -> bool:
        """Past its validity, or published longer ago than its review period."""
        from django.utils import timezone

        if self.status != FeeScheduleStatus.PUBLISHED:
            return False
        today = today or timezone.localdate()
        if self.valid_to and self.valid_to < today:
            return True
        start = timezone.localdate(self.published_at) if self.published_at else self.valid_from
        months = (today.year - start.year) * 12 + (today.month - start.month) - (today.day < start.day)
        return months >= self.review_months


class FeeItem(models.Model):
    schedule = models.ForeignKey(FeeSchedule, on_delete=models.CASCADE, related_name="items")
    fee_type = models.CharField(_("type"), max_length=10, choices=FeeType.choices)
    name = models.CharField(_("item"), max_length=60)
    class_type = models.CharField(
        _("class type"), max_length=10, choices=ClassType.choices, blank=True, help_text=_("Empty: all classes.")
    )
    service_form = models.CharField(
        _("service form"), max_length=10, choices=ServiceForm.choices, blank=True, help_text=_("Empty: all forms.")
    )
    amount = models.DecimalField(_("amount (yuan)"), max_digits=9, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=6, choices=FeeUnit.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["schedule", "fee_type", "pk"]
        verbose_name = _("fee item")
        verbose_name_plural = _("fee items")
        constraints = [models.CheckConstraint(condition=models.Q(amount__gte=0), name="fee_amount_not_negative")]

    def __str__(self) -> str:
        return f"{self.name} {self.amount}"


class OperatingReportQuerySet(models.QuerySet):
    def for_user(self, user) -> OperatingReportQuerySet:
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.role in (Role.OPERATOR, Role.OFFICIAL, Role.COMMISSION, Role.DEPARTMENT):
            return self.filter(institution__in=Institution.objects.for_user(user))
        return self.none()


class OperatingReport(models.Model):
    """运营情况报送 for one month: enrolment by class type, staff on duty, incidents (管理规范 Art. 12)."""

    institution = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="operating_reports")
    period = models.DateField(_("month"), help_text=_("The first day of the month reported."))
    enrolled_infant = models.PositiveSmallIntegerField(_("enrolled in infant classes"), default=0)
    enrolled_toddler = models.PositiveSmallIntegerField(_("enrolled in toddler classes"), default=0)
    enrolled_senior = models.PositiveSmallIntegerField(_("enrolled in senior toddler classes"), default=0)
    enrolled_mixed = models.PositiveSmallIntegerField(_("enrolled in mixed-age classes"), default=0)
    staff_on_duty = models.PositiveSmallIntegerField(_("staff on duty"))
    caregivers_on_duty = models.PositiveSmallIntegerField(_("caregivers on duty"))
    incidents = models.PositiveSmallIntegerField(_("incidents (injuries, illness outbreaks, safety events)"), default=0)
    incident_notes = models.TextField(_("what happened"), blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    seats_at_submission = models.PositiveSmallIntegerField(_("filed seats when reported"), default=0, editable=False)
    history = HistoricalRecords()

    objects = OperatingReportQuerySet.as_manager()

    class Meta:
        ordering = ["-period", "institution"]
        verbose_name = _("operating report")
        verbose_name_plural = _("operating reports")
        constraints = [models.UniqueConstraint(fields=["institution", "period"], name="one_report_per_month")]

    def __str__(self) -> str:
        return f"{self.institution} {self.period:%Y-%m}"

    @property
    def enrolled(self) -> int:
        return self.enrolled_infant + self.enrolled_toddler + self.enrolled_senior + self.enrolled_mixed

    @property
    def over_capacity(self) -> bool:
        return self.enrolled > self.seats_at_submission


class RegisterImport(models.Model):
    """One import of an existing register (登记和备案办法 Art. 6): who, when, which file, what it did."""

    file_name = models.CharField(_("file"), max_length=200)
    sha256 = models.CharField(max_length=64)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    skipped = models.PositiveIntegerField(_("skipped"), default=0)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    imported_at = models.DateTimeField(_("imported"), auto_now_add=True)

    class Meta:
        ordering = ["-imported_at"]
        verbose_name = _("register import")
        verbose_name_plural = _("register imports")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.imported_at:%Y-%m-%d})"
