"""The choices of supervision and the transition tables of its workflows."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# The member departments that take part in joint inspections live with the users who belong to them (accounts).
from baodi_care.accounts.choices import MemberDepartment  # noqa: F401
from institutions.choices import InstitutionStatus


class CheckCategory(models.TextChoices):
    """The 11 categories of the inspection checklist (管理规范)."""

    SAFETY = "safety", _("Work safety (安全生产)")
    FIRE = "fire", _("Fire safety (消防安全)")
    SECURITY = "security", _("Public security (治安保卫)")
    HEALTH_CARE = "health_care", _("Health care (卫生保健)")
    HYGIENE = "hygiene", _("Hygiene and disinfection (卫生与消毒)")
    INFECTION = "infection", _("Infectious disease control (传染病防控)")
    COMMON_ILLNESS = "common_illness", _("Prevention of common illnesses (常见病预防)")
    FOOD = "food", _("Food safety (食品安全)")
    FEES = "fees", _("Fee disclosure (收费公示)")
    CARE = "care", _("Care and upbringing (保育照护)")
    NUTRITION = "nutrition", _("Meals and nutrition (膳食营养)")


# The checklists, by name (their versions share it). An inspection of a 家庭托育点 uses the family points' own, whose
# items come from the 家庭托育点管理办法（试行）; every other institution the general one.
GENERAL_CHECKLIST = "托育机构监督检查表"
FAMILY_CHECKLIST = "家庭托育点监督检查表"


# Working days an operator has to rectify a non-compliant item, by category (editable per checklist item).
DEFAULT_RECTIFICATION_DAYS = {
    CheckCategory.SAFETY: 5,
    CheckCategory.FIRE: 3,
    CheckCategory.SECURITY: 5,
    CheckCategory.HEALTH_CARE: 10,
    CheckCategory.HYGIENE: 5,
    CheckCategory.INFECTION: 3,
    CheckCategory.COMMON_ILLNESS: 10,
    CheckCategory.FOOD: 3,
    CheckCategory.FEES: 10,
    CheckCategory.CARE: 15,
    CheckCategory.NUTRITION: 15,
}


class InspectionMode(models.TextChoices):
    PLANNED = "planned", _("Planned")
    UNANNOUNCED = "unannounced", _("Unannounced")


class InspectionKind(models.TextChoices):
    ROUTINE = "routine", _("Routine")
    SPECIAL = "special", _("Special")
    JOINT = "joint", _("Joint (联合检查)")


class InspectionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    FINISHED = "finished", _("Finished")


# An inspection has one step: the draft is finished and locked.
INSPECTION_FINISH = "finish"
INSPECTION_TRANSITIONS = {(InspectionStatus.DRAFT, INSPECTION_FINISH): InspectionStatus.FINISHED}


class Outcome(models.TextChoices):
    COMPLIANT = "compliant", _("Compliant")
    NON_COMPLIANT = "non_compliant", _("Non-compliant")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")


class InspectionResult(models.TextChoices):
    """The overall result, computed from the items."""

    COMPLIANT = "compliant", _("No problems found")
    RECTIFY = "rectify", _("Problems found, rectification ordered")


class RectificationStatus(models.TextChoices):
    OPEN = "open", _("Open: awaiting the operator")
    ANSWERED = "answered", _("Answered: awaiting verification")
    VERIFIED = "verified", _("Verified and closed")


class RectificationAction(models.TextChoices):
    ANSWER = "answer", _("Answer")
    VERIFY = "verify", _("Verify and close")
    SEND_BACK = "send_back", _("Send back")


RECTIFICATION_TRANSITIONS = {
    (RectificationStatus.OPEN, RectificationAction.ANSWER): RectificationStatus.ANSWERED,
    (RectificationStatus.ANSWERED, RectificationAction.VERIFY): RectificationStatus.VERIFIED,
    (RectificationStatus.ANSWERED, RectificationAction.SEND_BACK): RectificationStatus.OPEN,
}


class ComplaintCategory(models.TextChoices):
    SAFETY = "safety", _("Safety of children")
    CARE = "care", _("Quality of care")
    FOOD = "food", _("Food and hygiene")
    FEES = "fees", _("Fees and refunds")
    STAFF = "staff", _("Staff conduct")
    UNREGISTERED = "unregistered", _("Operating without filing")
    OTHER = "other", _("Other")


class RiskLevel(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    URGENT = "urgent", _("Urgent: risk to children's safety")


class ComplaintStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    TRIAGED = "triaged", _("Triaged")
    IN_PROGRESS = "in_progress", _("Being handled")
    CLOSED = "closed", pgettext_lazy("complaint status", "Closed")


class ComplaintAction(models.TextChoices):
    TRIAGE = "triage", _("Triage")
    HANDLE = "handle", _("Record handling")
    CLOSE = "close", _("Close with an outcome")


COMPLAINT_TRANSITIONS = {
    (ComplaintStatus.RECEIVED, ComplaintAction.TRIAGE): ComplaintStatus.TRIAGED,
    (ComplaintStatus.TRIAGED, ComplaintAction.TRIAGE): ComplaintStatus.TRIAGED,
    (ComplaintStatus.TRIAGED, ComplaintAction.HANDLE): ComplaintStatus.IN_PROGRESS,
    (ComplaintStatus.IN_PROGRESS, ComplaintAction.HANDLE): ComplaintStatus.IN_PROGRESS,
    (ComplaintStatus.TRIAGED, ComplaintAction.CLOSE): ComplaintStatus.CLOSED,
    (ComplaintStatus.IN_PROGRESS, ComplaintAction.CLOSE): ComplaintStatus.CLOSED,
}


# Institutions on the register that can be visited: filed ones, also while a change is pending or suspended.
INSPECTABLE_STATUSES = (InstitutionStatus.FILED, InstitutionStatus.CHANGE_PENDING, InstitutionStatus.SUSPENDED)
# Institutions the inspection plan covers.
PLANNED_STATUSES = (InstitutionStatus.FILED, InstitutionStatus.CHANGE_PENDING)

# Status words for complaints. ComplaintStatus.CLOSED's msgid "Closed" is shared with an institution's status,
# translated 已注销 (deregistered): a complaint is 已办结.
COMPLAINT_STATUS_LABELS = {
    ComplaintStatus.RECEIVED: _("Received, awaiting assessment"),
    ComplaintStatus.TRIAGED: _("Assessed, awaiting handling"),
    ComplaintStatus.IN_PROGRESS: _("Being handled"),
    ComplaintStatus.CLOSED: _("Closed with an outcome"),
}


# --- Quality assessment by WS/T 821—2023 (托育机构质量评估标准, 国卫通〔2023〕13号) ---------------------------------


class QualityArea(models.TextChoices):
    """The seven areas of WS/T 821—2023, chapters 4 to 10 of the standard, in its order."""

    CONDITIONS = "conditions", _("Conditions for childcare (办托条件)")
    STAFF = "staff", _("Childcare staff (托育队伍)")
    CARE = "care", _("Care and upbringing (保育照护)")
    HEALTH = "health", _("Health care (卫生保健)")
    PARENTING = "parenting", _("Support for parenting (养育支持)")
    SAFETY = "safety", _("Safety (安全保障)")
    MANAGEMENT = "management", _("Management (机构管理)")


# Each area's points (of 1,000) and its chapter in the standard.
QUALITY_AREA_POINTS = {
    QualityArea.CONDITIONS: 100,
    QualityArea.STAFF: 140,
    QualityArea.CARE: 200,
    QualityArea.HEALTH: 210,
    QualityArea.PARENTING: 80,
    QualityArea.SAFETY: 200,
    QualityArea.MANAGEMENT: 70,
}
QUALITY_AREA_CHAPTERS = {area: str(chapter) for chapter, area in enumerate(QualityArea, start=4)}
QUALITY_TOTAL_POINTS = 1000
# The standard's 基础标准 indicators: failing any one of them fails the assessment.
QUALITY_VETO_COUNT = 16


class EvidenceMethod(models.TextChoices):
    """How an assessor checks an indicator."""

    DOCUMENT = "document", _("Documents (查阅资料)")
    OBSERVATION = "observation", _("On-site observation (现场观察)")
    INTERVIEW = "interview", _("Interview (访谈)")
    RECORDS = "records", _("Record check (查看记录)")
