from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from baodi_care.accounts.permissions import COMMISSION_ONLY, STAFF_ROLES, RoleRequiredMixin
from baodi_care.core.views import add_service_errors, error_messages
from supervision import permissions as supervision_permissions
from supervision.checklists import selectors
from supervision.checklists import selectors as checklists_selectors
from supervision.checklists import services as checklists_services
from supervision.checklists.forms import ChecklistItemForm, PublishChecklistForm
from supervision.models import ChecklistItem, ChecklistTemplate

CHECKLIST_DRAFT_OPENED = _("Draft version %(version)s: change its items, then publish it.")


CHECKLIST_ITEM_ADDED = _("Item added.")


CHECKLIST_ITEM_SAVED = _("Item saved.")


CHECKLIST_ITEM_DELETED = _("Item deleted.")


CHECKLIST_PUBLISHED = _(
    "Version %(version)s is now the current checklist; new inspections use it. Earlier inspections keep theirs."
)


CHECKLIST_DISCARDED = _("The draft version was discarded.")


class ChecklistListView(RoleRequiredMixin, TemplateView):
    """Every checklist version: the current one, a draft being prepared, and earlier ones kept for old inspections."""

    allowed_roles = STAFF_ROLES
    template_name = "supervision/checklists/checklist_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(
            templates=selectors.checklist_versions(),
            can_configure=supervision_permissions.can_configure_checklists(self.request.user),
        )
        return ctx


def _checklist_context(request, template: ChecklistTemplate, item_form=None, publish_form=None) -> dict:
    draft = checklists_selectors.is_draft(template)
    can_edit = draft and supervision_permissions.can_configure_checklists(request.user)
    items = list(template.items.all())
    return {
        "template": template,
        "groups": selectors.items_by_category(items),
        "item_count": len(items),
        "is_draft": draft,
        "can_edit": can_edit,
        "can_start_version": template.is_current and supervision_permissions.can_configure_checklists(request.user),
        "item_form": item_form or (ChecklistItemForm(initial={"position": 0}) if can_edit else None),
        "publish_form": publish_form or (PublishChecklistForm(initial={"notes": template.notes}) if can_edit else None),
        "inspection_count": template.inspection_set.count(),
    }


class ChecklistDetailView(RoleRequiredMixin, TemplateView):
    allowed_roles = STAFF_ROLES
    template_name = "supervision/checklists/checklist_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(_checklist_context(self.request, get_object_or_404(ChecklistTemplate, pk=kwargs["pk"])))
        return ctx


class ChecklistNewVersionView(RoleRequiredMixin, View):
    """Copy the current version into a new draft (or open the draft already started)."""

    allowed_roles = COMMISSION_ONLY

    def post(self, request, pk):
        template = get_object_or_404(ChecklistTemplate, pk=pk)
        draft = checklists_services.start_checklist_version(template=template, by=request.user)
        messages.success(request, CHECKLIST_DRAFT_OPENED % {"version": draft.version})
        return redirect("supervision:checklist_detail", draft.pk)


class ChecklistItemAddView(RoleRequiredMixin, View):
    allowed_roles = COMMISSION_ONLY
    template_name = "supervision/checklists/checklist_detail.html"

    def post(self, request, pk):
        template = get_object_or_404(ChecklistTemplate, pk=pk)
        form = ChecklistItemForm(request.POST)
        if form.is_valid():
            try:
                checklists_services.add_checklist_item(template=template, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, CHECKLIST_ITEM_ADDED)
                return redirect("supervision:checklist_detail", template.pk)
        return render(request, self.template_name, _checklist_context(request, template, item_form=form))


class ChecklistItemEditView(RoleRequiredMixin, View):
    allowed_roles = COMMISSION_ONLY
    template_name = "supervision/checklists/checklist_item_form.html"

    def _item(self, pk) -> ChecklistItem:
        return get_object_or_404(ChecklistItem.objects.select_related("template"), pk=pk)

    def get(self, request, pk):
        item = self._item(pk)
        if not checklists_selectors.is_draft(item.template):
            messages.error(request, checklists_services.CHECKLIST_NOT_DRAFT)
            return redirect("supervision:checklist_detail", item.template_id)
        return render(request, self.template_name, {"item": item, "form": ChecklistItemForm(instance=item)})

    def post(self, request, pk):
        item = self._item(pk)
        scratch = ChecklistItem.objects.get(pk=item.pk)
        form = ChecklistItemForm(request.POST, instance=scratch)
        if form.is_valid():
            try:
                checklists_services.update_checklist_item(item=item, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, CHECKLIST_ITEM_SAVED)
                return redirect("supervision:checklist_detail", item.template_id)
        return render(request, self.template_name, {"item": item, "form": form})


class ChecklistItemDeleteView(RoleRequiredMixin, View):
    allowed_roles = COMMISSION_ONLY

    def post(self, request, pk):
        item = get_object_or_404(ChecklistItem.objects.select_related("template"), pk=pk)
        try:
            checklists_services.delete_checklist_item(item=item, by=request.user)
        except ValidationError as exc:
            error_messages(request, exc)
        else:
            messages.success(request, CHECKLIST_ITEM_DELETED)
        return redirect("supervision:checklist_detail", item.template_id)


class ChecklistPublishView(RoleRequiredMixin, View):
    allowed_roles = COMMISSION_ONLY

    def post(self, request, pk):
        template = get_object_or_404(ChecklistTemplate, pk=pk)
        form = PublishChecklistForm(request.POST)
        notes = form.cleaned_data["notes"] if form.is_valid() else ""
        try:
            checklists_services.publish_checklist(template=template, by=request.user, notes=notes)
        except ValidationError as exc:
            error_messages(request, exc)
        else:
            messages.success(request, CHECKLIST_PUBLISHED % {"version": template.version})
        return redirect("supervision:checklist_detail", template.pk)


class ChecklistDiscardView(RoleRequiredMixin, View):
    allowed_roles = COMMISSION_ONLY

    def post(self, request, pk):
        template = get_object_or_404(ChecklistTemplate, pk=pk)
        try:
            checklists_services.discard_checklist_draft(template=template, by=request.user)
        except ValidationError as exc:
            error_messages(request, exc)
            return redirect("supervision:checklist_detail", template.pk)
        messages.success(request, CHECKLIST_DISCARDED)
        return redirect("supervision:checklist_list")
