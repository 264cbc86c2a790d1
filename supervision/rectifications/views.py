"""Rectifications (整改): the ledger (台账) of the user's scope, one institution's record, and one rectification with
the operator's answer and the official's decision."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from baodi_care.accounts.choices import Role
from baodi_care.accounts.permissions import OFFICIAL_ONLY, OPERATOR_ONLY, RECORD_ROLES, RoleRequiredMixin
from baodi_care.core.lists import ListPageView
from baodi_care.core.views import DECISION_UNREADABLE, ScopedObjectMixin, ServiceActionView, ServiceFormView
from institutions.register.views import InstitutionMixin
from supervision import permissions
from supervision.choices import RectificationAction, RectificationStatus
from supervision.inspections.forms import EVIDENCE_ACCEPT, upload_help
from supervision.inspections.selectors import inspection_list
from supervision.models import Rectification
from supervision.plan.selectors import coverage
from supervision.rectifications import selectors, services
from supervision.rectifications.filters import RectificationFilter
from supervision.rectifications.forms import SEND_BACK, VERIFY, RectificationAnswerForm, RectificationDecisionForm

ANSWER_SENT = _("Your answer was sent to %(jurisdiction)s for verification.")
DECISION_DONE = {
    VERIFY: _("Rectification verified and closed."),
    SEND_BACK: _("Rectification sent back to the operator."),
}
EVENT_LABELS = {
    "open": _("Rectification ordered"),
    **{action.value: action.label for action in RectificationAction},
}


class RectificationLedgerView(RoleRequiredMixin, ListPageView):
    """整改台账: the rectifications of the user's scope, filtered, overdue ones highlighted."""

    allowed_roles = RECORD_ROLES
    template_name = "supervision/rectifications/ledger.html"
    title = _("Rectification ledger")
    filterset_class = RectificationFilter
    tab_param = "status"
    tabs = [
        (RectificationStatus.OPEN, _("Awaiting the operator"), RectificationStatus.OPEN.label),
        (RectificationStatus.ANSWERED, _("Awaiting verification"), RectificationStatus.ANSWERED.label),
        (RectificationStatus.VERIFIED, _("Verified"), RectificationStatus.VERIFIED.label),
    ]
    selector = selectors.rectification_ledger

    def get_count_conditions(self):
        return {"overdue": selectors.overdue_q(self.today)}

    def decorate(self, rows):
        return selectors.mark_overdue(rows, self.today)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["show_jurisdiction"] = self.request.user.role == Role.COMMISSION
        return ctx


class InstitutionLedgerView(InstitutionMixin, RectificationLedgerView):
    """One institution's supervision record: coverage, inspections and rectifications."""

    template_name = "supervision/rectifications/institution_ledger.html"
    hidden_filters = ("q", "jurisdiction")

    def get_queryset(self):
        return super().get_queryset().filter(institution=self.object)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user, institution = self.request.user, self.object
        planned = coverage(user=user, today=self.today, institution=institution)
        ctx.update(
            institution=institution,
            inspections=inspection_list(user=user).filter(institution=institution)[:50],
            plan=planned[0] if planned else None,
            can_inspect=permissions.can_inspect(user, institution),
            show_jurisdiction=False,
        )
        return ctx


def rectification_context(request, rectification: Rectification, answer_form=None, decision_form=None) -> dict:
    user = request.user
    today = timezone.localdate()
    events = list(rectification.events.select_related("by"))
    for event in events:
        event.label = EVENT_LABELS.get(event.action, event.action)
    can_answer = permissions.can_answer_rectification(user, rectification)
    can_verify = permissions.can_verify_rectification(user, rectification)
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


class RectificationMixin(ScopedObjectMixin):
    model = Rectification
    related = ("institution__jurisdiction", "item_check__item", "item_check__inspection")
    template_name = "supervision/rectifications/rectification_detail.html"


class RectificationDetailView(RoleRequiredMixin, RectificationMixin, TemplateView):
    """One rectification: the problem, photos, deadline, the operator's answer and evidence, history."""

    allowed_roles = RECORD_ROLES

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(rectification_context(self.request, self.object))
        return ctx


class RectificationAnswerView(RoleRequiredMixin, RectificationMixin, ServiceFormView):
    """The operator answers with what was done and evidence files."""

    allowed_roles = OPERATOR_ONLY
    http_method_names = ["post"]
    form_class = RectificationAnswerForm

    def perform(self, form):
        return services.answer_rectification(
            rectification=self.object,
            by=self.request.user,
            version=form.cleaned_data["version"],
            response=form.cleaned_data["response"],
            uploads=self.request.FILES.getlist("files"),
        )

    def get_success_message(self) -> str:
        return ANSWER_SENT % {"jurisdiction": self.object.institution.jurisdiction.name}

    def get_context_data(self, **kwargs):
        return rectification_context(self.request, self.object, answer_form=kwargs["form"])


class RectificationDecideView(RoleRequiredMixin, RectificationMixin, ServiceActionView):
    """The official verifies (closed) or sends back (open again) an answered rectification."""

    allowed_roles = OFFICIAL_ONLY

    def perform(self):
        form = RectificationDecisionForm(self.request.POST)
        if not form.is_valid():
            raise ValidationError(DECISION_UNREADABLE)
        data, by = form.cleaned_data, self.request.user
        self.decision = data["action"]
        if self.decision == VERIFY:
            return services.verify_rectification(
                rectification=self.object, by=by, version=data["version"], note=data["note"]
            )
        return services.send_back_rectification(
            rectification=self.object, by=by, version=data["version"], note=data["note"], deadline=data["deadline"]
        )

    def get_success_message(self, result) -> str:
        return DECISION_DONE[self.decision]
