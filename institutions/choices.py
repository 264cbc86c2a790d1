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


class InstitutionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    FILED = "filed", _("Filed")
    CHANGE_PENDING = "change_pending", _("Change pending")
    SUSPENDED = "suspended", _("Suspended")
    CLOSED = "closed", _("Closed")


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
