"""The commission's versioned inspection checklists: every version, one version's items, a draft's changes."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from baodi_care.accounts.permissions import COMMISSION_ONLY, REVIEWER_ROLES, RoleRequiredMixin
from baodi_care.core.views import ScopedObjectMixin, ServiceActionView, ServiceFormView
from supervision import permissions
from supervision.checklists import selectors, services
from supervision.checklists.forms import ChecklistItemForm, PublishChecklistForm
from supervision.models import ChecklistItem, ChecklistTemplate


class ChecklistListView(RoleRequiredMixin, TemplateView):
    """Every checklist version: the current one, a draft being prepared, and earlier ones kept for old inspections."""

    # The checklists are the supervisors' tool; a member department reads them in the inspections it joins.
    allowed_roles = REVIEWER_ROLES
    template_name = "supervision/checklists/checklist_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(
            templates=selectors.checklist_versions(),
            can_configure=permissions.can_configure_checklists(self.request.user),
        )
        return ctx


def _checklist_context(request, template: ChecklistTemplate, item_form=None, publish_form=None) -> dict:
    draft = selectors.is_draft(template)
    can_configure = permissions.can_configure_checklists(request.user)
    can_edit = draft and can_configure
    items = list(template.items.all())
    return {
        "template": template,
        "groups": selectors.items_by_category(items),
        "item_count": len(items),
        "is_draft": draft,
        "can_edit": can_edit,
        "can_start_version": template.is_current and can_configure,
        "item_form": item_form or (ChecklistItemForm(initial={"position": 0}) if can_edit else None),
        "publish_form": publish_form or (PublishChecklistForm(initial={"notes": template.notes}) if can_edit else None),
        "inspection_count": template.inspection_set.count(),
    }


class ChecklistMixin(ScopedObjectMixin):
    """A checklist version: every staff role reads checklists, the commission changes them (the role checks)."""

    model = ChecklistTemplate

    def get_object_queryset(self):
        return ChecklistTemplate.objects.all()


class ChecklistItemMixin(ScopedObjectMixin):
    """An item of a checklist version; its steps go back to the version's page."""

    model = ChecklistItem

    def get_object_queryset(self):
        return ChecklistItem.objects.select_related("template")

    def get_object_url(self) -> str:
        return self.object.template.get_absolute_url()


class ChecklistDetailView(RoleRequiredMixin, ChecklistMixin, TemplateView):
    allowed_roles = REVIEWER_ROLES
    template_name = "supervision/checklists/checklist_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(_checklist_context(self.request, self.object))
        return ctx


class ChecklistNewVersionView(RoleRequiredMixin, ChecklistMixin, ServiceActionView):
    """Copy the current version into a new draft (or open the draft already started)."""

    allowed_roles = COMMISSION_ONLY

    def perform(self):
        return services.start_checklist_version(template=self.object, by=self.request.user)

    def get_success_message(self, draft) -> str:
        return _("Draft version %(version)s: change its items, then publish it.") % {"version": draft.version}

    def get_success_url(self, draft) -> str:
        return draft.get_absolute_url()


class ChecklistItemAddView(RoleRequiredMixin, ChecklistMixin, ServiceFormView):
    allowed_roles = COMMISSION_ONLY
    http_method_names = ["post"]
    template_name = "supervision/checklists/checklist_detail.html"
    form_class = ChecklistItemForm
    success_message = _("Item added.")

    def perform(self, form):
        return services.add_checklist_item(template=self.object, by=self.request.user, **form.cleaned_data)

    def get_success_url(self) -> str:
        return self.get_object_url()

    def get_context_data(self, **kwargs):
        return _checklist_context(self.request, self.object, item_form=kwargs["form"])


class ChecklistItemEditView(RoleRequiredMixin, ChecklistItemMixin, ServiceFormView):
    allowed_roles = COMMISSION_ONLY
    template_name = "supervision/checklists/checklist_item_form.html"
    form_class = ChecklistItemForm
    success_message = _("Item saved.")

    def refusal(self) -> str:
        return "" if selectors.is_draft(self.object.template) else services.CHECKLIST_NOT_DRAFT

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.form_instance()}

    def perform(self, form):
        return services.update_checklist_item(item=self.object, by=self.request.user, **form.cleaned_data)

    def get_success_url(self) -> str:
        return self.get_object_url()

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "item": self.object}


class ChecklistItemDeleteView(RoleRequiredMixin, ChecklistItemMixin, ServiceActionView):
    allowed_roles = COMMISSION_ONLY
    success_message = _("Item deleted.")

    def perform(self):
        return services.delete_checklist_item(item=self.object, by=self.request.user)


class ChecklistPublishView(RoleRequiredMixin, ChecklistMixin, ServiceActionView):
    allowed_roles = COMMISSION_ONLY

    def perform(self):
        form = PublishChecklistForm(self.request.POST)
        notes = form.cleaned_data["notes"] if form.is_valid() else ""
        return services.publish_checklist(template=self.object, by=self.request.user, notes=notes)

    def get_success_message(self, result) -> str:
        return _(
            "Version %(version)s is now the current checklist; new inspections use it. Earlier inspections keep theirs."
        ) % {"version": self.object.version}


class ChecklistDiscardView(RoleRequiredMixin, ChecklistMixin, ServiceActionView):
    allowed_roles = COMMISSION_ONLY
    success_message = _("The draft version was discarded.")

    def perform(self):
        return services.discard_checklist_draft(template=self.object, by=self.request.user)

    def get_success_url(self, result) -> str:
        return reverse("supervision:checklist_list")
