"""The choices of institutions and their rules: transition tables, class size caps, allowed filing kinds."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LegalForm(models.TextChoices):
    """Legal form; each is registered with its own authority (登记和备案办法 Art. 4–5)."""

    PUBLIC_INSTITUTION = "public_institution", _("Public institution (事业单位)")
    SOCIAL_SERVICE = "social_service", _("Social service organisation (社会服务机构)")
    FOR_PROFIT = "for_profit", _("For-profit enterprise (营利性)")


REGISTRATION_AUTHORITY = {
    LegalForm.PUBLIC_INSTITUTION: _("Institutional establishment department (机构编制部门)"),
    LegalForm.SOCIAL_SERVICE: _("Civil affairs department (民政部门)"),
    LegalForm.FOR_PROFIT: _("Market regulation department (市场监管部门)"),
}


class Ownership(models.TextChoices):
    PUBLIC = "public", _("Publicly run")
    PRIVATE = "private", _("Privately run")


class Category(models.TextChoices):
    INDEPENDENT = "independent", _("Independent childcare institution")
    KINDERGARTEN_CLASS = "kindergarten", _("Kindergarten nursery class")
    EMPLOYER = "employer", _("Employer-provided welfare childcare")
    COMMUNITY = "community", _("Community childcare centre")
    FAMILY = "family", _("Family childcare point")


# 家庭托育点管理办法（试行）(国卫人口发〔2023〕28号): a family point files its own 备案书, 承诺书 and 回执
# (附件1–3), has its own documents, rules and checklist; the facts below are asked of family points only (and are in
# their snapshots only).
FAMILY_POINT_FIELDS = ("family_scope_named", "family_cctv_full_coverage", "family_cctv_retention_days")


class DocumentScope(models.TextChoices):
    """Which filings a document type belongs to: every filing, an institution's (托育机构), or a family point's."""

    ALL = "all", _("Every filing")
    INSTITUTIONS = "institutions", _("Childcare institutions (not family childcare points)")
    FAMILY = "family", _("Family childcare points only")


class ServiceForm(models.TextChoices):
    FULL_DAY = "full_day", _("Full-day care")
    HALF_DAY = "half_day", _("Half-day care")
    HOURLY = "hourly", _("Hourly care")
    TEMPORARY = "temporary", _("Temporary care")


# The four service forms are one question on forms and in files, and four flags on the institution.
SERVICE_FORM_FIELDS = {
    ServiceForm.FULL_DAY: "offers_full_day",
    ServiceForm.HALF_DAY: "offers_half_day",
    ServiceForm.HOURLY: "offers_hourly",
    ServiceForm.TEMPORARY: "offers_temporary",
}


class InstitutionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    FILED = "filed", _("Filed")
    CHANGE_PENDING = "change_pending", _("Change pending")
    SUSPENDED = "suspended", _("Suspended")
    CLOSED = "closed", _("Closed")


# The facts that decide who supervises an institution (its 街镇) or identify it (name, credit code, legal form and
# category). Once the institution is filed they change only through an acknowledged 变更备案 (登记和备案办法 Art. 10):
# until then scope, routing and the public pages follow the filed values.
IDENTITY_FIELDS = ("name", "uscc", "legal_form", "category", "jurisdiction")


class PremisesTenure(models.TextChoices):
    OWNED = "owned", _("Owned")
    LEASED = "leased", _("Leased")


class SponsorType(models.TextChoices):
    """The 举办者 of the 备案书: a unit (with its credit code) or a natural person (with a resident ID number)."""

    UNIT = "unit", _("Unit (单位)")
    PERSON = "person", _("Individual (个人)")


class HouseUse(models.TextChoices):
    """The use of the premises as their title records it (房屋用途)."""

    NON_RESIDENTIAL = "non_residential", _("Non-residential (非住宅)")
    RESIDENTIAL = "residential", _("Residential (住宅)")


class FireResistance(models.TextChoices):
    """The building's fire-resistance rating (耐火等级), GB 50016—2014 (2018年版) 5.1."""

    ONE = "1", _("Grade 1 (一级)")
    TWO = "2", _("Grade 2 (二级)")
    THREE = "3", _("Grade 3 (三级)")
    FOUR = "4", _("Grade 4 (四级)")


# GB 50016—2014 (2018年版) 5.4.4: children's rooms of a 托儿所 in a building of fire-resistance grade 1 or 2 on at
# most the 3rd floor, grade 3 at most the 2nd, grade 4 the ground floor only; never underground. An unknown rating
# is held to the grade 1–2 limit (the reviewer sees the rating is missing).
MAX_FLOOR_BY_FIRE_RESISTANCE = {
    FireResistance.ONE: 3,
    FireResistance.TWO: 3,
    FireResistance.THREE: 2,
    FireResistance.FOUR: 1,
}


class MealsSource(models.TextChoices):
    """How meals are provided, when they are (the 食品经营许可证 or the supplier's licence follows from it)."""

    COOKED_ON_SITE = "on_site", _("Cooked on site (自行加工)")
    BOUGHT_IN = "bought_in", _("Bought in from a meal supplier (外购配餐)")


# Identity numbers of people (a 举办者's, a staff member's): stored, shown masked to everyone but the commission.
IDENTITY_NUMBER_FIELDS = ("sponsor_id_number", "id_number")


class ClassType(models.TextChoices):
    """Class types of 设置标准 Art. 19, with their age ranges."""

    INFANT = "infant", _("Infant class (6–12 months)")
    TODDLER = "toddler", _("Toddler class (12–24 months)")
    SENIOR = "senior", _("Senior toddler class (24–36 months)")
    MIXED = "mixed", _("Mixed-age class (over 18 months)")


# 设置标准 Art. 19: the most children a class of each type may have.
CLASS_SIZE_CAP = {
    ClassType.INFANT: 10,
    ClassType.TODDLER: 15,
    ClassType.SENIOR: 20,
    ClassType.MIXED: 18,
}


class StaffRole(models.TextChoices):
    PRINCIPAL = "principal", _("Person in charge (负责人)")
    CAREGIVER = "caregiver", _("Caregiver (保育人员)")
    HEALTH = "health", _("Health worker (保健人员)")
    SECURITY = "security", _("Security guard (保安)")
    COOK = "cook", _("Cook (炊事人员)")
    OTHER = "other", _("Other staff")


class Education(models.TextChoices):
    BELOW_HIGH_SCHOOL = "below_high_school", _("Below senior high school")
    HIGH_SCHOOL = "high_school", _("Senior high school or technical secondary")
    JUNIOR_COLLEGE = "junior_college", _("Junior college (大专)")
    BACHELOR = "bachelor", _("Bachelor or higher")


EDUCATION_AT_LEAST_JUNIOR_COLLEGE = {Education.JUNIOR_COLLEGE, Education.BACHELOR}


class FilingKind(models.TextChoices):
    INITIAL = "initial", _("Initial filing (首次备案)")
    CHANGE = "change", _("Change filing (变更备案)")
    DEREGISTRATION = "deregistration", _("Deregistration filing (注销备案)")


class FilingStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted, awaiting sub-district/town review")
    RETURNED = "returned", _("Returned for correction")
    ACCEPTED = "accepted", _("Passed first review, awaiting the health commission")
    FILED = "filed", _("Filed (receipt issued)")
    REJECTED = "rejected", _("Rejected")


OPEN_FILING_STATUSES = (FilingStatus.DRAFT, FilingStatus.SUBMITTED, FilingStatus.RETURNED, FilingStatus.ACCEPTED)
# Statuses in which a reviewer holds the filing (an overdue clock is theirs, and escalated).
UNDER_REVIEW_STATUSES = (FilingStatus.SUBMITTED, FilingStatus.ACCEPTED)
# Statuses in which the Art. 9 clocks may run: under review, or returned over the institution's data only (the
# materials were complete, so the clocks keep counting from their receipt while the operator corrects).
CLOCK_STATUSES = (FilingStatus.SUBMITTED, FilingStatus.ACCEPTED, FilingStatus.RETURNED)


class FilingAction(models.TextChoices):
    SUBMIT = "submit", _("Submit")
    RETURN = "return", _("Return for correction")
    ACCEPT = "accept", _("Accept (first review passed)")
    REJECT = "reject", _("Reject")
    ACKNOWLEDGE = "acknowledge", _("Acknowledge and issue the receipt")


# The transition table: (status, action) → new status. Services refuse anything not listed here.
FILING_TRANSITIONS: dict[tuple[str, str], str] = {
    (FilingStatus.DRAFT, FilingAction.SUBMIT): FilingStatus.SUBMITTED,
    (FilingStatus.RETURNED, FilingAction.SUBMIT): FilingStatus.SUBMITTED,
    (FilingStatus.SUBMITTED, FilingAction.RETURN): FilingStatus.RETURNED,
    (FilingStatus.SUBMITTED, FilingAction.ACCEPT): FilingStatus.ACCEPTED,
    (FilingStatus.SUBMITTED, FilingAction.REJECT): FilingStatus.REJECTED,
    (FilingStatus.ACCEPTED, FilingAction.ACKNOWLEDGE): FilingStatus.FILED,
    (FilingStatus.ACCEPTED, FilingAction.REJECT): FilingStatus.REJECTED,
}


# Which filing an institution may start in which status.
ALLOWED_KINDS = {
    FilingKind.INITIAL: (InstitutionStatus.DRAFT,),
    FilingKind.CHANGE: (InstitutionStatus.FILED,),
    FilingKind.DEREGISTRATION: (InstitutionStatus.FILED, InstitutionStatus.SUSPENDED),
}
# The 备案书 fields of each kind of filing.
DECLARATION_FIELDS = {
    FilingKind.INITIAL: ("applicant_name", "applicant_phone", "service_start_date"),
    FilingKind.CHANGE: ("applicant_name", "applicant_phone", "change_date", "change_description"),
    FilingKind.DEREGISTRATION: ("applicant_name", "applicant_phone", "stop_date", "children_arrangements"),
}


class ChangeSubject(models.TextChoices):
    """What a 变更备案 changes, as far as the documents it needs go (DocumentType.required_for_changes)."""

    NAME = "name", _("Name")
    SPONSOR = "sponsor", _("Sponsor (举办者)")
    REGISTRATION = "registration", _("Registration (credit code, legal form)")
    LEGAL_REPRESENTATIVE = "legal_representative", _("Legal representative")
    PRINCIPAL = "principal", _("Person in charge (负责人)")
    ADDRESS = "address", _("Address")
    PREMISES = "premises", _("Premises (tenure, lease, floor, areas)")
    SERVICE = "service", _("Category and service form")
    SEATS = "seats", _("Classes and seats")
    STAFF = "staff", _("Staff")
    MEALS = "meals", _("Meals")
    JURISDICTION = "jurisdiction", _("Sub-district/town")


# Which snapshot facts (snapshots.INSTITUTION_FIELDS) belong to which change subject; others (contact details,
# 普惠/示范 flags) call for no new document.
CHANGE_SUBJECT_FIELDS = {
    ChangeSubject.NAME: ("name",),
    ChangeSubject.SPONSOR: ("sponsor_type", "sponsor_name", "sponsor_id_number"),
    ChangeSubject.REGISTRATION: (
        "uscc", "legal_form", "ownership", "registration_certificate_number", "registration_authority_name",
        "scope_names_childcare",
    ),
    ChangeSubject.LEGAL_REPRESENTATIVE: ("legal_representative",),
    ChangeSubject.PRINCIPAL: ("principal_name",),
    ChangeSubject.ADDRESS: ("address", "registered_address"),
    ChangeSubject.PREMISES: (
        "premises_tenure", "lease_start_date", "lease_end_date", "lessor", "house_use", "fire_resistance_rating",
        "floor", "building_area", "indoor_area", "outdoor_area",
    ),
    ChangeSubject.SERVICE: (
        "category", "offers_full_day", "offers_half_day", "offers_hourly", "offers_temporary", "opening_hours",
    ),
    ChangeSubject.MEALS: ("provides_meals", "meals_source"),
    ChangeSubject.JURISDICTION: ("jurisdiction", "jurisdiction_code"),
}  # fmt: skip


class Verdict(models.TextChoices):
    OK = "ok", _("Fine")
    CORRECT = "correct", _("Needs correction")


class Section(models.TextChoices):
    """Sections of a filing that a reviewer marks one by one (documents are marked by their type)."""

    BASIC = "basic", _("Basic facts")
    PREMISES = "premises", _("Premises")
    CLASSES = "classes", _("Classes and seats")
    STAFF = "staff", _("Staff")
    DECLARATION = "declaration", _("Filing form and pledge")


class FeeType(models.TextChoices):
    CARE = "care", _("Childcare fee (托育费/保育费)")
    MEALS = "meals", _("Meals (膳食费)")
    SERVICE = "service", _("Service charge (服务性收费)")
    COLLECTED = "collected", _("Collected on behalf (代收费)")


class FeeUnit(models.TextChoices):
    MONTH = "month", _("per month")
    DAY = "day", _("per day")
    HOUR = "hour", _("per hour")
    TERM = "term", _("per term")
    ONCE = "once", _("once")


class FeeScheduleStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    SUPERSEDED = "superseded", _("Superseded")


# Institutions that report their operation monthly (管理规范 Art. 12); a suspended one may still report.
REPORTING_STATUSES = (InstitutionStatus.FILED, InstitutionStatus.CHANGE_PENDING)
REPORT_ALLOWED_STATUSES = (*REPORTING_STATUSES, InstitutionStatus.SUSPENDED)


class ClaimMethod(models.TextChoices):
    """How an operator proves that an institution already on the register is theirs."""

    CODE = "code", _("One-time code to the contact on record")
    OFFICIAL = "official", _("Approval by the sub-district/town")


class ClaimStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")
    FAILED = "failed", _("Failed (code expired or too many wrong tries)")


class Designation(models.TextChoices):
    """A status the health commission grants an institution (never the operator's own declaration)."""

    INCLUSIVE = "inclusive", _("Inclusive childcare institution (普惠性托育机构)")
    DEMONSTRATION = "demonstration", _("Demonstration childcare institution (示范性托育机构)")


# The institution's column that holds whether a designation is granted now (kept by the designation services only).
DESIGNATION_FIELDS = {Designation.INCLUSIVE: "is_inclusive", Designation.DEMONSTRATION: "is_demonstration"}


class ApplicationStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting decision")
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")


class DesignationAction(models.TextChoices):
    APPLIED = "applied", _("Applied for")
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Application refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    # The migration of the operators' own ticks of before the change (README, "普惠 and 示范 are granted").
    MIGRATED = "migrated", _("Declared by the operator before designations were granted")


class FollowUpOutcome(models.TextChoices):
    """What the 街镇 found when it followed up an institution registered with 托育 in its scope but not filed."""

    CONTACTED = "contacted", _("Contacted; asked to file")
    FILING_STARTED = "filing_started", _("Filing under way")
    NOT_CHILDCARE = "not_childcare", _("Provides no childcare service")
    NOT_FOUND = "not_found", _("Not found at the address")
    CLOSED = "closed", _("Closed or moved away")
    OTHER = "other", _("Other")
