"""The reviewers' workbench: the work list, its export, the review page and the decisions taken on it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from baodi_care.accounts.choices import Role
from baodi_care.accounts.permissions import REVIEWER_ROLES, RoleRequiredMixin
from baodi_care.core import spreadsheets
from baodi_care.core.lists import ListPageView
from baodi_care.core.views import DECISION_UNREADABLE, error_messages, safe_next
from institutions.choices import FilingAction, FilingStatus
from institutions.filings import selectors, services
from institutions.filings.filters import FilingFilter, overdue_q
from institutions.filings.forms import AcknowledgeForm, ReviewForm
from institutions.filings.resources import FilingResource
from institutions.filings.review import filing_review
from institutions.filings.views import FilingMixin
from institutions.identity_numbers import sees_identity_numbers
from institutions.models import Document, Filing
from institutions.permissions import can_acknowledge_filing, can_review_filing

DECISION_INCOMPLETE = _("Your decision was not saved: see the items marked below.")
DECISION_DONE = {
    FilingAction.ACCEPT: _("%(institution)s: accepted and passed to the health commission."),
    FilingAction.RETURN: _("%(institution)s: returned to the operator for correction."),
    FilingAction.REJECT: _("%(institution)s: rejected; the operator has been told the reasons."),
    FilingAction.ACKNOWLEDGE: _("%(institution)s: filed. Receipt %(receipt)s is issued."),
}


# The commission's queue is what passed first review; that tab opens unless the user picks another.
DEFAULT_STATUS = {Role.COMMISSION: FilingStatus.ACCEPTED}


class FilingWorklistView(RoleRequiredMixin, ListPageView):
    """The filings of the reviewer's scope: by status, filtered, sorted, the most urgent first."""

    allowed_roles = REVIEWER_ROLES
    template_name = "institutions/filings/worklist.html"
    title = _("Filings to review")
    filterset_class = FilingFilter
    tab_param = "status"
    tabs = [(s, selectors.STATUS_SHORT[s], s.label) for s in selectors.TAB_STATUSES]
    export_url = "supervision:filing_export"
    filter_column = "col-6 col-md-4 col-lg-3 col-xl-2"
    selector = selectors.filing_worklist

    def get_default_tab(self) -> str:
        return DEFAULT_STATUS.get(self.request.user.role, "")

    def get_count_conditions(self):
        return {"overdue": overdue_q(self.today)}

    def decorate(self, rows):
        return selectors.for_display(rows, self.today)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["next_url"] = f"{reverse('supervision:filing_worklist')}?{self.request.GET.urlencode()}"
        return ctx


class FilingExportView(FilingWorklistView):
    """The filtered work list as a download: csv (UTF-8 with BOM, so Excel reads Chinese) or xlsx."""

    def get(self, request, *args, **kwargs):
        # Streamed csv / write-only xlsx: memory stays flat however many filings the filter selects.
        fmt = "xlsx" if request.GET.get("format") == "xlsx" else "csv"
        resource = FilingResource(today=self.today)
        return spreadsheets.export_response(resource, self.listing.rows, fmt=fmt, basename="filings")


class FilingReviewMixin(RoleRequiredMixin, FilingMixin):
    allowed_roles = REVIEWER_ROLES
    template_name = "institutions/filings/review.html"

    def decision_form(self, filing: Filing, documents, data=None):
        user = self.request.user
        initial = {"version": filing.version}
        if can_review_filing(user, filing):
            return ReviewForm(data, initial=initial, document_types=[d.document_type for d in documents])
        if can_acknowledge_filing(user, filing):
            return AcknowledgeForm(data, initial=initial)
        return None

    def page_context(self, filing: Filing, form=None) -> dict:
        today = timezone.localdate()
        review = filing_review(filing=filing, today=today, reveal=sees_identity_numbers(self.request.user))
        if form is None:
            form = self.decision_form(filing, review["documents"])
        selectors.for_display([filing], today)
        if isinstance(form, ReviewForm):
            # Each section and document carries its own verdict inputs, shown beside it.
            for section in review["sections"]:
                section["review"] = form.item(section["key"])
            for document in review["documents"]:
                document.review = form.item(f"doc_{document.document_type_id}")
        user = self.request.user
        return {
            "filing": filing,
            "institution": filing.institution,
            "today": today,
            "can_review": can_review_filing(user, filing),
            "can_acknowledge": can_acknowledge_filing(user, filing),
            "form": form,
            "next_url": safe_next(self.request, reverse("supervision:filing_worklist")),
            **review,
        }


class FilingReviewView(FilingReviewMixin, TemplateView):
    """One filing for a reviewer: snapshot, changes, documents, findings, history, and the decision form."""


class FilingDecideView(FilingReviewMixin, TemplateView):
    """POST a decision: parse it, call one service, redirect with a message."""

    http_method_names = ["post"]

    def post(self, request, pk):
        filing = self.object
        review_url = reverse("supervision:filing_review", args=[filing.pk])
        documents = Document.objects.current().filter(filing=filing).select_related("document_type")
        form = self.decision_form(filing, documents, data=request.POST)
        if form is None:
            # Not (or no longer) this user's to decide: say why in the services' words.
            form_check = (
                ReviewForm(request.POST) if request.user.role == Role.OFFICIAL else AcknowledgeForm(request.POST)
            )
            if form_check.unreadable:
                messages.error(request, DECISION_UNREADABLE)
            elif form_check.cleaned_data["version"] != filing.version:
                messages.error(request, services.FILING_CHANGED % {"status": filing.get_status_display()})
            else:
                messages.error(request, services.FILING_NOT_YOURS)
            return redirect(review_url)
        if form.unreadable:
            messages.error(request, DECISION_UNREADABLE)
            return redirect(review_url)
        if form.cleaned_data["version"] != filing.version:
            messages.error(request, services.FILING_CHANGED % {"status": filing.get_status_display()})
            return redirect(review_url)
        if not form.is_valid():
            messages.error(request, DECISION_INCOMPLETE)
            return self.render_to_response(self.page_context(filing, form=form))
        action = form.cleaned_data["action"]
        version = form.cleaned_data["version"]
        try:
            if action == FilingAction.ACCEPT:
                services.accept_filing(filing=filing, by=request.user, version=version, reviews=form.reviews())
            elif action == FilingAction.RETURN:
                services.return_filing(filing=filing, by=request.user, version=version, reviews=form.reviews())
            elif action == FilingAction.REJECT:
                services.reject_filing(
                    filing=filing, by=request.user, version=version, reason=form.cleaned_data["reason"]
                )
            else:
                services.acknowledge_filing(filing=filing, by=request.user, version=version)
        except ValidationError as exc:
            error_messages(request, exc)
            return redirect(review_url)
        messages.success(
            request,
            DECISION_DONE[action] % {"institution": filing.institution.name, "receipt": filing.receipt_number or ""},
        )
        if action == FilingAction.ACKNOWLEDGE:
            return redirect(review_url)
        return redirect(safe_next(request, reverse("supervision:filing_worklist")))
