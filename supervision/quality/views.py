"""The commission's indicator template for quality assessment (WS/T 821—2023): every version, one version's
indicators by area with the standard's points and what still needs confirmation, a draft's changes."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from baodi_care.accounts.permissions import COMMISSION_ONLY, REVIEWER_ROLES, RoleRequiredMixin
from baodi_care.core.views import ScopedObjectMixin, ServiceActionView, ServiceFormView
from supervision import permissions
from supervision.models import QualityIndicator, QualityTemplate
from supervision.quality import selectors, services
from supervision.quality.forms import PublishQualityTemplateForm, QualityIndicatorForm


class QualityTemplateListView(RoleRequiredMixin, TemplateView):
    """Every version of the indicators: the current one, a draft being prepared, earlier ones kept."""

    allowed_roles = REVIEWER_ROLES
    template_name = "supervision/quality/template_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(
            templates=selectors.quality_versions(),
            can_configure=permissions.can_configure_checklists(self.request.user),
        )
        return ctx


def _template_context(request, template: QualityTemplate, indicator_form=None, publish_form=None) -> dict:
    draft = selectors.is_draft(template)
    can_configure = permissions.can_configure_checklists(request.user)
    can_edit = draft and can_configure
    return {
        "template": template,
        **selectors.template_summary(template),
        "is_draft": draft,
        "can_edit": can_edit,
        "can_start_version": template.is_current and can_configure,
        "indicator_form": indicator_form or (QualityIndicatorForm(initial={"position": 0}) if can_edit else None),
        "publish_form": publish_form
        or (PublishQualityTemplateForm(initial={"notes": template.notes}) if can_edit else None),
    }


class QualityTemplateMixin(ScopedObjectMixin):
    """A version of the indicators: every staff role reads it, the commission changes it (the role checks)."""

    model = QualityTemplate

    def get_object_queryset(self):
        return QualityTemplate.objects.all()


class QualityIndicatorMixin(ScopedObjectMixin):
    model = QualityIndicator

    def get_object_queryset(self):
        return QualityIndicator.objects.select_related("template")

    def get_object_url(self) -> str:
        return self.object.template.get_absolute_url()


class QualityTemplateDetailView(RoleRequiredMixin, QualityTemplateMixin, TemplateView):
    allowed_roles = REVIEWER_ROLES
    template_name = "supervision/quality/template_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(_template_context(self.request, self.object))
        return ctx


class QualityTemplateNewVersionView(RoleRequiredMixin, QualityTemplateMixin, ServiceActionView):
    allowed_roles = COMMISSION_ONLY

    def perform(self):
        return services.start_quality_version(template=self.object, by=self.request.user)

    def get_success_message(self, draft) -> str:
        return _("Draft version %(version)s: change its indicators, then publish it.") % {"version": draft.version}

    def get_success_url(self, draft) -> str:
        return draft.get_absolute_url()


class QualityIndicatorAddView(RoleRequiredMixin, QualityTemplateMixin, ServiceFormView):
    allowed_roles = COMMISSION_ONLY
    http_method_names = ["post"]
    template_name = "supervision/quality/template_detail.html"
    form_class = QualityIndicatorForm
    success_message = _("Indicator added.")

    def perform(self, form):
        return services.add_indicator(template=self.object, by=self.request.user, **form.cleaned_data)

    def get_success_url(self) -> str:
        return self.get_object_url()

    def get_context_data(self, **kwargs):
        return _template_context(self.request, self.object, indicator_form=kwargs["form"])


class QualityIndicatorEditView(RoleRequiredMixin, QualityIndicatorMixin, ServiceFormView):
    allowed_roles = COMMISSION_ONLY
    template_name = "supervision/quality/indicator_form.html"
    form_class = QualityIndicatorForm
    success_message = _("Indicator saved.")

    def refusal(self) -> str:
        return "" if selectors.is_draft(self.object.template) else services.TEMPLATE_NOT_DRAFT

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.form_instance()}

    def perform(self, form):
        return services.update_indicator(indicator=self.object, by=self.request.user, **form.cleaned_data)

    def get_success_url(self) -> str:
        return self.get_object_url()

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "indicator": self.object}


class QualityIndicatorDeleteView(RoleRequiredMixin, QualityIndicatorMixin, ServiceActionView):
    allowed_roles = COMMISSION_ONLY
    success_message = _("Indicator deleted.")

    def perform(self):
        return services.delete_indicator(indicator=self.object, by=self.request.user)


class QualityTemplatePublishView(RoleRequiredMixin, QualityTemplateMixin, ServiceActionView):
    allowed_roles = COMMISSION_ONLY

    def perform(self):
        form = PublishQualityTemplateForm(self.request.POST)
        notes = form.cleaned_data["notes"] if form.is_valid() else ""
        return services.publish_quality_template(template=self.object, by=self.request.user, notes=notes)

    def get_success_message(self, result) -> str:
        return _("Version %(version)s of the indicators is now current; new assessments use it.") % {
            "version": self.object.version
        }


class QualityTemplateDiscardView(RoleRequiredMixin, QualityTemplateMixin, ServiceActionView):
    allowed_roles = COMMISSION_ONLY
    success_message = _("The draft version was discarded.")

    def perform(self):
        return services.discard_quality_draft(template=self.object, by=self.request.user)

    def get_success_url(self, result) -> str:
        return reverse("supervision:quality_template_list")
