"""The printable 备案回执 of a filed filing."""

from __future__ import annotations

from django.http import Http404
from django.views.generic import TemplateView

from baodi_care.accounts.permissions import RoleRequiredMixin
from institutions.choices import Category, FilingStatus
from institutions.filings.views import FilingMixin
from institutions.permissions import FILING_ROLES

# A proper name, printed as it appears on the commission's seal.
ISSUING_AUTHORITY = "天津市宝坻区卫生健康委员会"


class FilingReceiptView(RoleRequiredMixin, FilingMixin, TemplateView):
    """The printable 备案回执 with the 托育机构基本条件告知书; it exists only once the filing is filed."""

    allowed_roles = FILING_ROLES
    template_name = "institutions/filings/receipt.html"

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
            authority=ISSUING_AUTHORITY,
        )
        return ctx
