"""The register: institutions, their classes, staff and the operators' memberships."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import OuterRef, Subquery, Sum
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from stdnum.cn import ric as stdnum_ric
from stdnum.cn import uscc as stdnum_uscc
from stdnum.exceptions import ValidationError as StdnumError

from baodi_care.accounts.append_only import AppendOnlyHistory
from baodi_care.accounts.choices import Role
from baodi_care.accounts.models import Jurisdiction
from baodi_care.core.records import Created, Timestamped
from baodi_care.core.scoping import ScopedQuerySet
from institutions.choices import (
    CLASS_SIZE_CAP,
    REGISTRATION_AUTHORITY,
    Category,
    ClassType,
    Education,
    FireResistance,
    HouseUse,
    InstitutionStatus,
    LegalForm,
    MealsSource,
    Ownership,
    PremisesTenure,
    ServiceForm,
    SponsorType,
    StaffRole,
)

INVALID_USCC = _("This is not a valid unified social credit code (统一社会信用代码): check the 18 characters.")
INVALID_ID_NUMBER = _(
    "This is not a valid resident identity card number (居民身份证号码): check the 18 characters and the birth date."
)


def validate_uscc(value: str) -> None:
    """GB 32100 check: 18 characters with a valid check digit."""
    try:
        stdnum_uscc.validate(value)
    except StdnumError as exc:
        raise ValidationError(INVALID_USCC, code="invalid_uscc") from exc


def validate_id_number(value: str) -> None:
    """GB 11643 check: 18 characters, a real birth date, a valid check digit."""
    try:
        stdnum_ric.validate(value)
    except StdnumError as exc:
        raise ValidationError(INVALID_ID_NUMBER, code="invalid_id_number") from exc


class InstitutionQuerySet(ScopedQuerySet):
    def visible_to(self, user) -> InstitutionQuerySet:
        """The one place that decides which institutions a user may see. Unknown means none."""
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
        """Each institution's seats, as a subquery of the row: a page of the register sums its own classes only,
        and a COUNT of the list leaves it out (a join grouped over every class would sum them all first)."""
        seats = ClassGroup.objects.filter(institution=OuterRef("pk")).order_by().values("institution")
        return self.annotate(total_seats=Subquery(seats.annotate(n=Sum("seats")).values("n")))


class Institution(Timestamped):
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
    # Granted by the commission, never the operator's own tick: kept by institutions/designations/services.py, with
    # the decisions (date, basis) in DesignationEvent.
    is_inclusive = models.BooleanField(_("inclusive (普惠)"), default=False, editable=False)
    is_demonstration = models.BooleanField(_("demonstration institution"), default=False, editable=False)
    provides_meals = models.BooleanField(_("provides meals"), default=True)
    meals_source = models.CharField(_("how meals are provided"), max_length=10, choices=MealsSource.choices, blank=True)
    opening_hours = models.CharField(
        _("opening hours"), max_length=100, blank=True, help_text=_("e.g. 周一至周五 7:30—17:30.")
    )
    jurisdiction = models.ForeignKey(
        Jurisdiction, verbose_name=_("jurisdiction"), on_delete=models.PROTECT, related_name="institutions"
    )
    # The 备案书's 举办者: a unit (its credit code) or a person (a resident ID number), shown masked
    # (choices.IDENTITY_NUMBER_FIELDS).
    sponsor_type = models.CharField(_("sponsor type"), max_length=10, choices=SponsorType.choices, blank=True)
    sponsor_name = models.CharField(_("sponsor (举办者)"), max_length=100, blank=True)
    sponsor_id_number = models.CharField(
        _("sponsor's credit code or ID number"),
        max_length=18,
        blank=True,
        help_text=_("A unit's unified social credit code, or a person's resident identity card number."),
    )
    sponsor_contact = models.CharField(_("sponsor's contact phone"), max_length=20, blank=True)
    # Two addresses, each kept: the 住所 registered on the licence, and where the children are cared for.
    registered_address = models.CharField(
        _("registered domicile (住所)"),
        max_length=200,
        blank=True,
        help_text=_("As on the business licence or registration certificate."),
    )
    address = models.CharField(_("actual service address"), max_length=200)
    registration_certificate_number = models.CharField(
        _("registration certificate number"),
        max_length=40,
        blank=True,
        help_text=_("The number of the business licence or the legal-person registration certificate."),
    )
    registration_authority_name = models.CharField(
        _("registration authority"),
        max_length=60,
        blank=True,
        help_text=_("As printed on the certificate, e.g. 天津市宝坻区市场监督管理局."),
    )
    scope_names_childcare = models.BooleanField(
        _("business scope names 托育服务"),
        default=False,
        help_text=_("The registered business (or service) scope states 托育服务."),
    )
    legal_representative = models.CharField(_("legal representative"), max_length=40)
    principal_name = models.CharField(_("person in charge"), max_length=40)
    contact_phone = models.CharField(_("contact phone"), max_length=20)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    premises_tenure = models.CharField(
        _("premises tenure"), max_length=10, choices=PremisesTenure.choices, default=PremisesTenure.LEASED
    )
    lease_start_date = models.DateField(_("lease start date"), null=True, blank=True)
    lease_end_date = models.DateField(_("lease end date"), null=True, blank=True)
    lessor = models.CharField(_("lessor"), max_length=100, blank=True)
    house_use = models.CharField(_("house use"), max_length=16, choices=HouseUse.choices, blank=True)
    fire_resistance_rating = models.CharField(
        _("fire-resistance rating of the building"), max_length=1, choices=FireResistance.choices, blank=True
    )
    floor = models.SmallIntegerField(_("floor of the childcare rooms"), default=1)
    building_area = models.DecimalField(_("building area (m²)"), max_digits=8, decimal_places=1, null=True, blank=True)
    indoor_area = models.DecimalField(_("indoor area (m²)"), max_digits=8, decimal_places=1, null=True, blank=True)
    outdoor_area = models.DecimalField(_("outdoor area (m²)"), max_digits=8, decimal_places=1, null=True, blank=True)
    # A family point's own facts (家庭托育点管理办法（试行）; choices.FAMILY_POINT_FIELDS), asked of family points only.
    family_scope_named = models.BooleanField(
        _("business scope names 家庭托育服务 (family point)"),
        default=False,
        help_text=_("The registered business scope states “家庭托育服务”."),
    )
    family_cctv_full_coverage = models.BooleanField(
        _("video surveillance covers every area children use (family point)"), default=False
    )
    family_cctv_retention_days = models.PositiveSmallIntegerField(
        _("days recordings are kept (family point)"), null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=20, choices=InstitutionStatus.choices, default=InstitutionStatus.DRAFT, editable=False
    )
    # The day of the latest finished inspection: kept by supervision's inspection service when an inspection is
    # finished (supervision.inspections.services.note_last_inspections), so that the inspection plan's coverage is
    # a column, not a subquery per institution.
    last_inspected_on = models.DateField(_("last inspected on"), null=True, blank=True, editable=False)
    history = AppendOnlyHistory()

    objects = InstitutionQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        indexes = [
            models.Index(fields=["jurisdiction", "status"]),
            models.Index(fields=["status", "category"]),
            # The register's order (name, then id), whole or within a status (the public register).
            models.Index(fields=["name", "id"], name="institution_name_id"),
            models.Index(fields=["status", "name", "id"], name="institution_status_name_id"),
            # The search by credit code (uscc__iexact compares upper case). Name search (icontains) is served by a
            # trigram index on PostgreSQL (migration 0009).
            models.Index(Upper("uscc"), name="institution_uscc_upper"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """The 举办者's number is a credit code for a unit and a resident ID number for a person."""
        number = self.sponsor_id_number
        if number and self.sponsor_type:
            check = validate_uscc if self.sponsor_type == SponsorType.UNIT else validate_id_number
            try:
                check(number)
            except ValidationError as exc:
                raise ValidationError({"sponsor_id_number": exc.messages}) from exc

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


class ClassGroupQuerySet(ScopedQuerySet):
    scope_through = "institution"


class ClassGroup(models.Model):
    """A class (班级) with its type and the seats (托位) it offers."""

    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="classes")
    name = models.CharField(_("class name"), max_length=40)
    class_type = models.CharField(_("class type"), max_length=10, choices=ClassType.choices)
    seats = models.PositiveSmallIntegerField(_("seats"))
    history = AppendOnlyHistory()

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


class MembershipQuerySet(ScopedQuerySet):
    scope_through = "institution"


class Membership(Created):
    """Links an operator account to an institution it runs; a chain's account may hold several."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="memberships")
    # The owner (who registered or claimed the institution) invites and removes the other members.
    is_owner = models.BooleanField(_("owner"), default=False)
    history = AppendOnlyHistory()

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


class StaffMemberQuerySet(ScopedQuerySet):
    scope_through = "institution"


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
    # Shown masked to everyone but the commission (choices.IDENTITY_NUMBER_FIELDS).
    id_number = models.CharField(_("resident ID number"), max_length=18, blank=True, validators=[validate_id_number])
    no_criminal_record_declared = models.BooleanField(
        _("declares no criminal record"),
        default=False,
        help_text=_(
            "No record of sexual offences, abuse, trafficking or violence (未成年人保护法 Art. 62: the institution "
            "checks before hiring)."
        ),
    )
    history = AppendOnlyHistory()

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
