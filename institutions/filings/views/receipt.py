"""The printable 备案回执 of a filed filing."""

from __future__ import annotations

from django.http import Http404
from django.views.generic import TemplateView

from baodi_care.accounts.permissions import RoleRequiredMixin
from institutions.choices import Category, FilingStatus, StaffRole
from institutions.filings.selectors import filed_as_family_point
from institutions.filings.views import FilingMixin
from institutions.permissions import FILING_ROLES

# A proper name, printed as it appears on the commission's seal.
ISSUING_AUTHORITY = "天津市宝坻区卫生健康委员会"


class FilingReceiptView(RoleRequiredMixin, FilingMixin, TemplateView):
    """The printable 备案回执 with the 托育机构基本条件告知书; it exists only once the filing is filed. A family point's
    is the 家庭托育点备案回执 (家庭托育点管理办法（试行）附件3), a form of its own with no 告知书."""

    allowed_roles = FILING_ROLES
    template_name = "institutions/filings/receipt.html"
    family_template_name = "institutions/filings/family_receipt.html"

    def get_template_names(self) -> list[str]:
        if filed_as_family_point(self.object):
            return [self.family_template_name]
        return super().get_template_names()

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        filing = self.object
        if filing.status != FilingStatus.FILED:
            raise Http404
        facts = filing.snapshot.get("institution", {})
        category = facts.get("category")
        ctx.update(
            filing=filing,
            facts=facts,
            category=Category(category).label if category in Category.values else category,
            seats=sum(c.get("seats", 0) for c in filing.snapshot.get("classes", [])),
            carers=sum(1 for s in filing.snapshot.get("staff", []) if s.get("role") == StaffRole.CAREGIVER),
            authority=ISSUING_AUTHORITY,
        )
        return ctx
