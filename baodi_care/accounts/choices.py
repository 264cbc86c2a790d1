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
