"""Every write to a checklist goes through here: a new draft version, its items, publishing or discarding it."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from baodi_care.accounts.models import User
from supervision.checklists.selectors import is_draft
from supervision.inspections.services import InspectionError
from supervision.models import ChecklistItem, ChecklistTemplate
from supervision.permissions import can_configure_checklists

CHECKLIST_NOT_DRAFT = _("Only a draft version of a checklist can be changed; start a new version first.")
CHECKLIST_EMPTY = _("A checklist needs at least one item before it can be published.")


def _require_commission(by: User) -> None:
    if not can_configure_checklists(by):
        raise PermissionDenied


def _require_draft(template: ChecklistTemplate) -> None:
    if not is_draft(template):
        raise InspectionError(CHECKLIST_NOT_DRAFT)


@transaction.atomic
def start_checklist_version(*, template: ChecklistTemplate, by: User) -> ChecklistTemplate:
    """Copy the current version's items into a new draft version (or return the draft already open)."""
    _require_commission(by)
    # Lock the versions of this checklist: a double click must not open two drafts.
    versions = list(ChecklistTemplate.objects.select_for_update().filter(name=template.name).order_by("-version"))
    for version in versions:
        if is_draft(version):
            return version
    source = next((v for v in versions if v.is_current), versions[0])
    draft = ChecklistTemplate(name=template.name, version=versions[0].version + 1, is_current=False, created_by=by)
    draft._history_user = by
    draft.full_clean()
    draft.save()
    ChecklistItem.objects.bulk_create(
        ChecklistItem(
            template=draft,
            category=item.category,
            position=item.position,
            text=item.text,
            text_en=item.text_en,
            source=item.source,
            rectification_days=item.rectification_days,
        )
        for item in source.items.all()
    )
    return draft


def _clean_item(item: ChecklistItem) -> None:
    item.text = (item.text or "").strip()
    item.text_en = (item.text_en or "").strip()
    item.source = (item.source or "").strip()
    item.full_clean()


@transaction.atomic
def add_checklist_item(*, template: ChecklistTemplate, by: User, **fields) -> ChecklistItem:
    """Add an item to a draft version (at the end of its category unless a position is given)."""
    _require_commission(by)
    _require_draft(template)
    if not fields.get("position"):
        # After the last item of its category (items are shown grouped by category, in position order).
        last = template.items.filter(category=fields.get("category")).aggregate(p=Max("position"))["p"]
        if last is None:
            last = template.items.aggregate(p=Max("position"))["p"] or 0
        fields["position"] = last + 1
    item = ChecklistItem(template=template, **fields)
    _clean_item(item)
    item.save()
    return item


@transaction.atomic
def update_checklist_item(*, item: ChecklistItem, by: User, **fields) -> ChecklistItem:
    """Change an item of a draft version."""
    _require_commission(by)
    _require_draft(item.template)
    if fields.get("position") is None:
        fields.pop("position", None)  # left empty: the item keeps its place
    for name, value in fields.items():
        setattr(item, name, value)
    _clean_item(item)
    item.save()
    return item


@transaction.atomic
def delete_checklist_item(*, item: ChecklistItem, by: User) -> None:
    """Remove an item from a draft version."""
    _require_commission(by)
    _require_draft(item.template)
    item.delete()


@transaction.atomic
def publish_checklist(*, template: ChecklistTemplate, by: User, notes: str = "") -> ChecklistTemplate:
    """The draft becomes the current version; the previous one stays with the inspections that used it."""
    _require_commission(by)
    list(ChecklistTemplate.objects.select_for_update().filter(name=template.name))
    template.refresh_from_db()
    _require_draft(template)
    if not template.items.exists():
        raise InspectionError(CHECKLIST_EMPTY)
    for previous in ChecklistTemplate.objects.filter(name=template.name, is_current=True):
        previous.is_current = False
        previous._history_user = by
        previous.save(update_fields=["is_current"])
    template.is_current = True
    template.notes = (notes or template.notes or "").strip()
    template._history_user = by
    template.full_clean()
    template.save()
    return template


@transaction.atomic
def discard_checklist_draft(*, template: ChecklistTemplate, by: User) -> None:
    """Throw away a draft version that was never published."""
    _require_commission(by)
    _require_draft(template)
    template.items.all().delete()
    template._history_user = by
    template.delete()
