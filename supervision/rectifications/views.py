from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from baodi_care.accounts.choices import Role
from baodi_care.accounts.permissions import (
    OFFICIAL_ONLY,
    OPERATOR_ONLY,
    PORTAL_ROLES,
    RoleRequiredMixin,
)
from baodi_care.core.lists import ListPageView
from baodi_care.core.views import add_service_errors, error_messages
from institutions.models import Institution
from supervision import permissions as supervision_permissions
from supervision.choices import RectificationAction, RectificationStatus
from supervision.inspections import selectors as inspections_selectors
from supervision.inspections.forms import EVIDENCE_ACCEPT, upload_help
from supervision.models import Rectification
from supervision.plan import selectors as plan_selectors
from supervision.rectifications import selectors as rectifications_selectors
from supervision.rectifications import services as rectifications_services
from supervision.rectifications.filters import RectificationFilter
from supervision.rectifications.forms import SEND_BACK, VERIFY, RectificationAnswerForm, RectificationDecisionForm

ANSWER_SENT = _("Your answer was sent to %(jurisdiction)s for verification.")


DECISION_DONE = {
    VERIFY: _("Rectification verified and closed."),
    SEND_BACK: _("Rectification sent back to the operator."),
}


DECISION_UNREADABLE = _("Your decision could not be read; nothing was saved. Please try again.")


class RectificationLedgerView(RoleRequiredMixin, ListPageView):
    """整改台账: the rectifications of the user's scope, filtered, overdue ones highlighted."""

    allowed_roles = PORTAL_ROLES
    template_name = "supervision/rectifications/ledger.html"
    title = _("Rectification ledger")
    filterset_class = RectificationFilter
    context_object_name = "rectifications"
    tab_param = "status"
    tabs = [
        (RectificationStatus.OPEN, _("Awaiting the operator"), RectificationStatus.OPEN.label),
        (RectificationStatus.ANSWERED, _("Awaiting verification"), RectificationStatus.ANSWERED.label),
        (RectificationStatus.VERIFIED, _("Verified"), RectificationStatus.VERIFIED.label),
    ]

    def get_queryset(self):
        return rectifications_selectors.rectification_ledger(user=self.request.user)

    def get_count_conditions(self):
        return {"overdue": rectifications_selectors.overdue_q(self.today)}

    def decorate(self, rows):
        return rectifications_selectors.mark_overdue(rows, self.today)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["show_jurisdiction"] = self.request.user.role in (Role.COMMISSION, Role.DEPARTMENT)
        return ctx


class InstitutionLedgerView(RectificationLedgerView):
    """One institution's supervision record: coverage, inspections and rectifications."""

    template_name = "supervision/rectifications/institution_ledger.html"
    hidden_filters = ("q", "jurisdiction")

    @cached_property
    def institution(self) -> Institution:
        return get_object_or_404(
            Institution.objects.for_user(self.request.user).select_related("jurisdiction"), pk=self.kwargs["pk"]
        )

    def get_queryset(self):
        return super().get_queryset().filter(institution=self.institution)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user, institution = self.request.user, self.institution
        planned = plan_selectors.coverage(user=user, today=self.today, institution=institution)
        ctx.update(
            institution=institution,
            inspections=inspections_selectors.inspection_list(user=user).filter(institution=institution)[:50],
            plan=planned[0] if planned else None,
            can_inspect=supervision_permissions.can_inspect(user, institution),
            show_jurisdiction=False,
        )
        return ctx


def _rectification_for(request, pk: int) -> Rectification:
    return get_object_or_404(
        Rectification.objects.for_user(request.user).select_related(
            "institution__jurisdiction", "item_check__item", "item_check__inspection"
        ),
        pk=pk,
    )


EVENT_LABELS = {
    "open": _("Rectification ordered"),
    **{action.value: action.label for action in RectificationAction},
}


def rectification_context(request, rectification: Rectification, answer_form=None, decision_form=None) -> dict:
    user = request.user
    today = timezone.localdate()
    events = list(rectification.events.select_related("by"))
    for event in events:
        event.label = EVENT_LABELS.get(event.action, event.action)
    can_answer = supervision_permissions.can_answer_rectification(user, rectification)
    can_verify = supervision_permissions.can_verify_rectification(user, rectification)
    initial = {"version": rectification.version}
    return {
        "rectification": rectification,
        "institution": rectification.institution,
        "check": rectification.item_check,
        "inspection": rectification.item_check.inspection,
        "photos": list(rectification.item_check.photos.all()),
        "evidence": list(rectification.evidence.select_related("uploaded_by")),
        "events": events,
        "overdue": rectification.is_overdue(today),
        "days_overdue": (today - rectification.deadline).days,
        "can_answer": can_answer,
        "can_verify": can_verify,
        "answer_form": answer_form or (RectificationAnswerForm(initial=initial) if can_answer else None),
        "decision_form": decision_form or (RectificationDecisionForm(initial=initial) if can_verify else None),
        "accept": EVIDENCE_ACCEPT,
        "upload_help": upload_help(),
        "statuses": RectificationStatus,
    }


class RectificationDetailView(RoleRequiredMixin, TemplateView):
    """One rectification: the problem, photos, deadline, the operator's answer and evidence, history."""

    allowed_roles = PORTAL_ROLES
    template_name = "supervision/rectifications/rectification_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(rectification_context(self.request, _rectification_for(self.request, kwargs["pk"])))
        return ctx


class RectificationAnswerView(RoleRequiredMixin, View):
    """The operator answers with what was done and evidence files."""

    allowed_roles = OPERATOR_ONLY
    template_name = "supervision/rectifications/rectification_detail.html"

    def post(self, request, pk):
        rectification = _rectification_for(request, pk)
        form = RectificationAnswerForm(request.POST)
        if form.is_valid():
            try:
                rectifications_services.answer_rectification(
                    rectification=rectification,
                    by=request.user,
                    version=form.cleaned_data["version"],
                    response=form.cleaned_data["response"],
                    uploads=request.FILES.getlist("files"),
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, ANSWER_SENT % {"jurisdiction": rectification.institution.jurisdiction.name})
                return redirect(rectification)
        return render(request, self.template_name, rectification_context(request, rectification, answer_form=form))


class RectificationDecideView(RoleRequiredMixin, View):
    """The official verifies (closed) or sends back (open again) an answered rectification."""

    allowed_roles = OFFICIAL_ONLY
    template_name = "supervision/rectifications/rectification_detail.html"

    def post(self, request, pk):
        rectification = _rectification_for(request, pk)
        form = RectificationDecisionForm(request.POST)
        if not form.is_valid():
            messages.error(request, DECISION_UNREADABLE)
            return redirect(rectification)
        data = form.cleaned_data
        try:
            if data["action"] == VERIFY:
                rectifications_services.verify_rectification(
                    rectification=rectification, by=request.user, version=data["version"], note=data["note"]
                )
            else:
                rectifications_services.send_back_rectification(
                    rectification=rectification,
                    by=request.user,
                    version=data["version"],
                    note=data["note"],
                    deadline=data["deadline"],
                )
        except ValidationError as exc:
            error_messages(request, exc)
            return redirect(rectification)
        messages.success(request, DECISION_DONE[data["action"]])
        return redirect(rectification)
