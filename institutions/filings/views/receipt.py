from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from baodi_care.accounts.permissions import RoleRequiredMixin
from institutions.choices import (
    Category,
    FilingStatus,
)
from institutions.filings.views.operator import _filing_for
from institutions.permissions import FILING_ROLES

# A proper name, printed as it appears on the commission's seal.
ISSUING_AUTHORITY = "天津市宝坻区卫生健康委员会"


# 托育机构基本条件告知书: printed with the 备案回执 (登记和备案办法 Art. 9). A summary of the 设置标准 and
# 管理规范 the institution has pledged to keep.
BASIC_CONDITIONS_NOTICE = (
    (
        gettext_lazy("Premises"),
        gettext_lazy(
            "The premises must be safe, suited to infants and toddlers and away from pollution and hazards. "
            "Rooms used by children are on the first to third floor and never underground. The premises are "
            "owned, or leased for at least 3 years, and meet the building, fire-safety and health requirements."
        ),
    ),
    (
        gettext_lazy("Staff and their qualifications"),
        gettext_lazy(
            "The person in charge holds a junior-college degree or higher, has at least 3 years of related "
            "management experience and has passed the job training. Caregivers are trained and qualified; "
            "health workers are trained by a maternal and child health institution; security guards hold a "
            "security guard certificate and come from a licensed security company. Every member of staff "
            "passes a health check before starting work and every year after, and keeps a valid health "
            "certificate."
        ),
    ),
    (
        gettext_lazy("Class sizes and staff ratios"),
        gettext_lazy(
            "Infant classes (6–12 months) take at most 10 children with at least one caregiver per 3 children; "
            "toddler classes (12–24 months) at most 15 children, one caregiver per 5; senior toddler classes "
            "(24–36 months) at most 20 children, one caregiver per 7; mixed-age classes (over 18 months) at "
            "most 18 children. There is at least one full-time health worker per 150 children. Children "
            "enrolled never exceed the filed seats."
        ),
    ),
    (
        gettext_lazy("Health, safety and food"),
        gettext_lazy(
            "The institution carries out morning and midday health checks, cleaning and disinfection, "
            "infectious-disease prevention and accident prevention. Video surveillance covers the areas "
            "children use and recordings are kept for at least 90 days; a one-button alarm is armed around the "
            "clock; emergency plans are drilled. Meals are served only with a food business licence, under "
            "food-safety rules and with balanced nutrition."
        ),
    ),
    (
        gettext_lazy("Fees and public disclosure"),
        gettext_lazy(
            "Fee items and amounts, care, meals and nutrition, health care and safety arrangements are "
            "disclosed to parents and the public; no fee is charged beyond the disclosed items."
        ),
    ),
    (
        gettext_lazy("Changes, stopping service and supervision"),
        gettext_lazy(
            "A change of name, address, person in charge, service form or seats is filed within 15 days of the "
            "change; before stopping service the institution files a deregistration and arranges the care of "
            "the enrolled children. The institution reports its enrolled children regularly and accepts the "
            "supervision of the health commission and the sub-district or town. This receipt records the "
            "filing; it is not a rating of quality."
        ),
    ),
)


class FilingReceiptView(RoleRequiredMixin, TemplateView):
    """The printable 备案回执 with the 托育机构基本条件告知书; it exists only once the filing is filed."""

    allowed_roles = FILING_ROLES
    template_name = "institutions/filings/receipt.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        filing = _filing_for(self.request, kwargs["pk"])
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
            notice=BASIC_CONDITIONS_NOTICE,
        )
        return ctx
