"""The choices of accounts: roles and kinds of jurisdiction."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OPERATOR = "operator", _("Operator")
    OFFICIAL = "official", _("Sub-district/town official")
    COMMISSION = "commission", _("Health commission")
    DEPARTMENT = "department", _("Member department")
    ADMIN = "admin", _("System administrator")
    # 等保 三级 安全管理中心: reads the security log and the audit trails, changes nothing (separate from ADMIN).
    AUDITOR = "auditor", _("Audit administrator")


class JurisdictionKind(models.TextChoices):
    SUBDISTRICT = "subdistrict", _("Sub-district")
    TOWN = "town", _("Town")


class MemberDepartment(models.TextChoices):
    """The member units of the 联席会议 (Baodi plan 四(五)3), and the health commission, whose staff also take part
    in joint inspections. A member-department user belongs to one (User.department holds its code): it reads the
    register and the inspections that name its unit among the departments taking part."""

    ESTABLISHMENT = "establishment", _("Establishment office (区委编办)")
    DEVELOPMENT = "development", _("Development and reform commission (发展改革委)")
    EDUCATION = "education", _("Education bureau (教育局)")
    PUBLIC_SECURITY = "public_security", _("Public security bureau (公安局)")
    CIVIL_AFFAIRS = "civil_affairs", _("Civil affairs bureau (民政局)")
    FINANCE = "finance", _("Finance bureau (财政局)")
    HUMAN_RESOURCES = "human_resources", _("Human resources and social security bureau (人力社保局)")
    PLANNING = "planning", _("Planning and natural resources bureau (规划和自然资源局)")
    HOUSING = "housing", _("Housing and construction (住建委)")
    EMERGENCY = "emergency", _("Emergency management (应急局)")
    MARKET = "market", _("Market regulation bureau (市场监管局)")
    GOVERNMENT_SERVICES = "government_services", _("Government services office (政务服务办)")
    TAXATION = "taxation", _("Tax bureau (税务局)")
    FINANCIAL = "financial", _("Financial work bureau (金融局)")
    FIRE = "fire", _("Fire and rescue (消防救援支队)")
    HEALTH = "health", _("Health commission (卫健委)")
