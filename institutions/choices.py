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
# Statuses whose deadline clock runs (the holder is a reviewer).
UNDER_REVIEW_STATUSES = (FilingStatus.SUBMITTED, FilingStatus.ACCEPTED)


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


class FollowUpOutcome(models.TextChoices):
    """What the 街镇 found when it followed up an institution registered with 托育 in its scope but not filed."""

    CONTACTED = "contacted", _("Contacted; asked to file")
    FILING_STARTED = "filing_started", _("Filing under way")
    NOT_CHILDCARE = "not_childcare", _("Provides no childcare service")
    NOT_FOUND = "not_found", _("Not found at the address")
    CLOSED = "closed", _("Closed or moved away")
    OTHER = "other", _("Other")
