"""Complaints, the officials' side: the list of their jurisdiction's complaints (the commission: all) and one
complaint with its triage, handling, closing and linked inspections.

Views parse input, call one service, and redirect with a message. Complaints are looked up through
`for_user()`, so one outside the user's jurisdiction is a 404.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from baodi_care.accounts.choices import Role
from baodi_care.accounts.permissions import REVIEWER_ROLES, RoleRequiredMixin
from baodi_care.accounts.security_log.choices import SecurityAction
from baodi_care.accounts.security_log.recorder import record
from baodi_care.core.lists import ListPageView
from baodi_care.core.views import FORM_NOT_SAVED, ScopedObjectMixin, error_messages
from supervision.choices import COMPLAINT_STATUS_LABELS, COMPLAINT_TRANSITIONS, ComplaintAction, ComplaintStatus
from supervision.complaints import selectors, services
from supervision.complaints.filters import ComplaintFilter
from supervision.complaints.forms import CloseForm, HandleForm, LinkInspectionForm, TriageForm
from supervision.models import Complaint
from supervision.permissions import can_handle_complaint

STEP_INCOMPLETE = FORM_NOT_SAVED
STEP_UNREADABLE = _("Your entry could not be read (the page may be out of date); nothing was saved. Please try again.")
STEP_DONE = {
    ComplaintAction.TRIAGE: _("Complaint %(code)s: triaged."),
    ComplaintAction.HANDLE: _("Complaint %(code)s: handling recorded."),
    ComplaintAction.CLOSE: _("Complaint %(code)s: closed. The complainant can read the outcome with the code."),
    services.LINK_INSPECTION: _("Complaint %(code)s: the inspection is linked."),
}
EVENT_LABELS = {
    services.SUBMIT: _("Received from the public"),
    services.LINK_INSPECTION: _("Inspection linked"),
    **{action.value: action.label for action in ComplaintAction},
}
TRIAGE_STATUSES = {s for (s, a) in COMPLAINT_TRANSITIONS if a == ComplaintAction.TRIAGE}
HANDLE_STATUSES = {s for (s, a) in COMPLAINT_TRANSITIONS if a == ComplaintAction.HANDLE}
CLOSE_STATUSES = {s for (s, a) in COMPLAINT_TRANSITIONS if a == ComplaintAction.CLOSE}


class ComplaintListView(RoleRequiredMixin, ListPageView):
    """Complaints of the official's jurisdiction (the commission: all, with a jurisdiction filter)."""

    allowed_roles = REVIEWER_ROLES
    template_name = "supervision/complaints/complaint_list.html"
    title = _("Complaints")
    filterset_class = ComplaintFilter
    selector = selectors.complaint_list

    def count_rows(self, rows):
        # The badges count the open complaints of the whole scope, whatever the filters.
        return selectors.open_counts(user=self.request.user, today=self.today)

    def decorate(self, rows):
        return selectors.for_display(rows, self.today)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["limit_days"] = settings.COMPLAINT_HANDLING_WORKING_DAYS
        return ctx


def _inspection_create_url(complaint: Complaint) -> str:
    """The inspections' create page, with the institution and this complaint filled in (if that page exists)."""
    try:
        url = reverse("supervision:inspection_create")
    except NoReverseMatch:
        return ""
    return f"{url}?institution={complaint.institution_id}&complaint={complaint.pk}"


class ComplaintMixin(RoleRequiredMixin, ScopedObjectMixin):
    allowed_roles = REVIEWER_ROLES
    template_name = "supervision/complaints/complaint_detail.html"
    model = Complaint
    related = ("institution", "jurisdiction")

    def page_context(self, complaint: Complaint, **bound_forms) -> dict:
        user = self.request.user
        today = timezone.localdate()
        shown = [name for name in ("contact_name", "contact_phone") if getattr(complaint, name)]
        if shown:  # the page shows who complained: every such view is in the security log
            record(SecurityAction.COMPLAINANT_VIEWED, obj=complaint, detail=", ".join(shown))
        selectors.for_display([complaint], today)
        can_handle = can_handle_complaint(user, complaint)
        initial = {"version": complaint.version}
        linkable = selectors.linkable_inspections(user=user, complaint=complaint)
        forms = {}
        if can_handle:
            if complaint.status in TRIAGE_STATUSES:
                forms["triage_form"] = TriageForm(initial={**initial, "risk_level": complaint.risk_level or None})
            if complaint.status in HANDLE_STATUSES:
                forms["handle_form"] = HandleForm(initial=initial)
            if complaint.status in CLOSE_STATUSES:
                forms["close_form"] = CloseForm(initial=initial)
            if complaint.status != ComplaintStatus.CLOSED and complaint.institution_id:
                forms["link_form"] = LinkInspectionForm(initial=initial, inspections=linkable)
        forms.update(bound_forms)
        events = list(complaint.events.select_related("by").order_by("at", "pk"))
        for event in events:
            event.label = EVENT_LABELS.get(event.action, event.action)
        open_inspection_url = ""
        if (
            can_handle
            and user.role == Role.OFFICIAL
            and complaint.institution_id
            and complaint.status != ComplaintStatus.CLOSED
        ):
            open_inspection_url = _inspection_create_url(complaint)
        return {
            "complaint": complaint,
            "can_handle": can_handle,
            "events": events,
            "inspections": selectors.linked_inspections(user=user, complaint=complaint).select_related("institution"),
            "has_linkable": "link_form" in forms and linkable.exists(),
            "open_inspection_url": open_inspection_url,
            "status_url": f"{reverse('public:complaint_status')}?code={complaint.tracking_code}",
            "limit_days": settings.COMPLAINT_HANDLING_WORKING_DAYS,
            **forms,
        }


class ComplaintDetailView(ComplaintMixin, TemplateView):
    """One complaint: what was reported, by whom (officials only), its history and the forms of the next step."""


class ComplaintStepView(ComplaintMixin, TemplateView):
    """POST one step: parse it, call one service, redirect with a message.

    A step names its form and its service; the form's fields are the service's arguments besides the complaint
    and who acts."""

    http_method_names = ["post"]
    action: str = ""
    form_class = None
    form_name: str = ""
    service = None

    def make_form(self, complaint: Complaint, data):
        return self.form_class(data)

    def post(self, request, pk):
        complaint = self.object
        detail_url = complaint.get_absolute_url()
        form = self.make_form(complaint, request.POST)
        if not form.is_valid():
            if "version" in form.errors:
                messages.error(request, STEP_UNREADABLE)
                return redirect(detail_url)
            if form.cleaned_data["version"] != complaint.version:
                messages.error(
                    request, services.COMPLAINT_CHANGED % {"status": COMPLAINT_STATUS_LABELS[complaint.status]}
                )
                return redirect(detail_url)
            messages.error(request, STEP_INCOMPLETE)
            return self.render_to_response(self.page_context(complaint, **{self.form_name: form}))
        try:
            self.service(complaint=complaint, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            error_messages(request, exc)
            return redirect(detail_url)
        messages.success(request, STEP_DONE[self.action] % {"code": complaint.tracking_code})
        return redirect(detail_url)


class ComplaintTriageView(ComplaintStepView):
    action = ComplaintAction.TRIAGE
    form_class = TriageForm
    form_name = "triage_form"
    service = staticmethod(services.triage_complaint)


class ComplaintHandleView(ComplaintStepView):
    action = ComplaintAction.HANDLE
    form_class = HandleForm
    form_name = "handle_form"
    service = staticmethod(services.record_handling)


class ComplaintCloseView(ComplaintStepView):
    action = ComplaintAction.CLOSE
    form_class = CloseForm
    form_name = "close_form"
    service = staticmethod(services.close_complaint)


class ComplaintLinkView(ComplaintStepView):
    action = services.LINK_INSPECTION
    form_class = LinkInspectionForm
    form_name = "link_form"
    service = staticmethod(services.link_inspection)

    def make_form(self, complaint, data):
        return LinkInspectionForm(
            data, inspections=selectors.linkable_inspections(user=self.request.user, complaint=complaint)
        )
