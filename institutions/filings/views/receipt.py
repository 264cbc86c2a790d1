"""The 备案回执 of a filed filing, to print and as a PDF, and the 备案书 as a PDF."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.utils.cache import add_never_cache_headers
from django.utils.safestring import mark_safe
from django.views import View
from django.views.generic import TemplateView

from baodi_care.accounts.permissions import RoleRequiredMixin
from institutions.choices import Category, FilingStatus, StaffRole
from institutions.filings import pdf, receipts
from institutions.filings.selectors import filed_as_family_point
from institutions.filings.views import FilingMixin
from institutions.identity_numbers import sees_identity_numbers
from institutions.permissions import FILING_ROLES


def notice_context() -> dict:
    """The national 告知书 and the district's summary, as the templates print them."""
    return {
        "notice": {"intro": receipts.NOTICE_INTRO, "points": receipts.NOTICE_POINTS, "source": receipts.NOTICE_SOURCE},
        "summary": {
            "title": receipts.SUMMARY_TITLE,
            "note": receipts.SUMMARY_NOTE,
            "points": receipts.SUMMARY_POINTS,
        },
    }


class FiledMixin(RoleRequiredMixin, FilingMixin):
    """A filing in the user's scope (404 outside it) that has its receipt: it exists only once the filing is filed."""

    allowed_roles = FILING_ROLES

    def filed(self):
        if self.object.status != FilingStatus.FILED:
            raise Http404
        return self.object


class FilingReceiptView(FiledMixin, TemplateView):
    """The printable 备案回执 with the 托育机构基本条件告知书, its QR code and the district's summary as an annex. A
    family point's is the 家庭托育点备案回执 (家庭托育点管理办法（试行）附件3), a form of its own with no 告知书."""

    template_name = "institutions/filings/receipt.html"
    family_template_name = "institutions/filings/family_receipt.html"

    def get_template_names(self) -> list[str]:
        if filed_as_family_point(self.object):
            return [self.family_template_name]
        return super().get_template_names()

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        filing = self.filed()
        receipt = receipts.receipt_facts(filing)
        # segno's SVG: a path with presentation attributes only (no inline style, no script).
        qr = mark_safe(receipts.qr_svg(receipt.verify_url)) if receipt.verify_url else ""  # noqa: S308
        ctx.update(filing=filing, receipt=receipt, qr_svg=qr, **notice_context())
        if filed_as_family_point(filing):
            facts = filing.snapshot.get("institution", {})
            category = facts.get("category")
            ctx.update(
                facts=facts,
                category=Category(category).label if category in Category.values else category,
                seats=sum(c.get("seats", 0) for c in filing.snapshot.get("classes", [])),
                carers=sum(1 for s in filing.snapshot.get("staff", []) if s.get("role") == StaffRole.CAREGIVER),
                authority=receipts.ISSUING_AUTHORITY,
            )
        return ctx


def pdf_response(data: bytes, filename: str) -> HttpResponse:
    """A PDF shown in the browser's viewer, never cached (it carries the filing's data)."""
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    add_never_cache_headers(response)
    return response


class FilingReceiptPdfView(FiledMixin, View):
    """The 备案回执 as a PDF: the same facts, 告知书 and annex as the print view."""

    def get(self, request, pk):
        filing = self.filed()
        return pdf_response(pdf.receipt_pdf(filing), f"receipt-{filing.pk}.pdf")


class FilingFormPdfView(RoleRequiredMixin, FilingMixin, View):
    """The 备案书 (with the 承诺书 the operator accepted) as a PDF, for anyone who may see the filing."""

    allowed_roles = FILING_ROLES

    def get(self, request, pk):
        filing = self.object
        reveal = sees_identity_numbers(request.user)
        return pdf_response(pdf.filing_form_pdf(filing, reveal=reveal), f"filing-{filing.pk}.pdf")
