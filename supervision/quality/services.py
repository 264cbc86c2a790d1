"""Every write to the quality assessment's indicator template: a new draft version, its indicators, publishing or
discarding it. Only the health commission keeps it."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from baodi_care.accounts.models import User
from supervision.choices import QualityArea
from supervision.models import QualityIndicator, QualityTemplate
from supervision.permissions import can_configure_checklists
from supervision.quality.selectors import indicators_by_area, is_draft

TEMPLATE_NOT_DRAFT = _("Only a draft version of the indicators can be changed; start a new version first.")
TEMPLATE_EMPTY = _("A version needs its indicators before it can be published.")
TEMPLATE_UNCONFIRMED = _(
    "Confirm these indicators against the text of WS/T 821—2023 first (points, veto, clause), then untick “needs "
    "confirmation”: %(clauses)s."
)
TEMPLATE_AREA_POINTS = _("The indicators of each area must add up to the area's points in the standard: %(areas)s.")
AREA_POINTS_GAP = _("%(area)s %(summed)s of %(points)s")
FIRST_VERSION_KEPT = _("The first version cannot be discarded while no version is current: complete and publish it.")


class QualityTemplateError(ValidationError):
    """A step on the indicator template refused, with a message for the commission."""


def _require_commission(by: User) -> None:
    if not can_configure_checklists(by):  # the checklists' and the indicators' keeper is the commission
        raise PermissionDenied


def _require_draft(template: QualityTemplate) -> None:
    if not is_draft(template):
        raise QualityTemplateError(TEMPLATE_NOT_DRAFT)


@transaction.atomic
def start_quality_version(*, template: QualityTemplate, by: User) -> QualityTemplate:
    """Copy `template` (the current version) into a new draft, or return the draft already open."""
    _require_commission(by)
    versions = list(QualityTemplate.objects.select_for_update().order_by("-version"))  # one draft, not two
    for version in versions:
        if is_draft(version):
            return version
    draft = QualityTemplate(version=versions[0].version + 1, is_current=False, created_by=by)
    draft._history_user = by
    draft.full_clean()
    draft.save()
    QualityIndicator.objects.bulk_create(
        QualityIndicator(
            template=draft,
            **{
                f: getattr(i, f)
                for f in ("area", "clause", "position", "text", "text_en", "points", "is_veto", "evidence")
            },
            needs_confirmation=i.needs_confirmation,
            confirmation_note=i.confirmation_note,
        )
        for i in template.indicators.all()
    )
    return draft


def _clean(indicator: QualityIndicator) -> None:
    for name in ("clause", "text", "text_en", "confirmation_note"):
        setattr(indicator, name, (getattr(indicator, name) or "").strip())
    indicator.full_clean()


@transaction.atomic
def add_indicator(*, template: QualityTemplate, by: User, **fields) -> QualityIndicator:
    """Add an indicator to a draft version."""
    _require_commission(by)
    _require_draft(template)
    if not fields.get("position"):
        fields["position"] = (template.indicators.aggregate(p=Max("position"))["p"] or 0) + 10
    indicator = QualityIndicator(template=template, **fields)
    _clean(indicator)
    indicator.save()
    return indicator


@transaction.atomic
def update_indicator(*, indicator: QualityIndicator, by: User, **fields) -> QualityIndicator:
    """Change an indicator of a draft version."""
    _require_commission(by)
    _require_draft(indicator.template)
    if fields.get("position") is None:
        fields.pop("position", None)
    for name, value in fields.items():
        setattr(indicator, name, value)
    _clean(indicator)
    indicator.save()
    return indicator


@transaction.atomic
def delete_indicator(*, indicator: QualityIndicator, by: User) -> None:
    """Remove an indicator from a draft version."""
    _require_commission(by)
    _require_draft(indicator.template)
    indicator.delete()


@transaction.atomic
def publish_quality_template(*, template: QualityTemplate, by: User, notes: str = "") -> QualityTemplate:
    """The draft becomes the current version once every indicator is confirmed and each area adds up to the
    standard's points; the previous version stays with the assessments that used it."""
    _require_commission(by)
    list(QualityTemplate.objects.select_for_update())
    template.refresh_from_db()
    _require_draft(template)
    areas = indicators_by_area(template.indicators.all())
    if not any(a["indicators"] for a in areas):
        raise QualityTemplateError(TEMPLATE_EMPTY)
    unconfirmed = [i.clause for a in areas for i in a["unconfirmed"]]
    if unconfirmed:
        raise QualityTemplateError(TEMPLATE_UNCONFIRMED, params={"clauses": "、".join(unconfirmed)})
    gaps = [
        str(AREA_POINTS_GAP) % {"area": QualityArea(a["area"]).label, "summed": a["summed"], "points": a["points"]}
        for a in areas
        if not a["complete"]
    ]
    if gaps:
        raise QualityTemplateError(TEMPLATE_AREA_POINTS, params={"areas": "；".join(gaps)})
    for previous in QualityTemplate.objects.filter(is_current=True):
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
def discard_quality_draft(*, template: QualityTemplate, by: User) -> None:
    """Throw away a draft version that was never published (not the first one: there would be nothing to start from)."""
    _require_commission(by)
    _require_draft(template)
    if not QualityTemplate.objects.filter(is_current=True).exists():
        raise QualityTemplateError(FIRST_VERSION_KEPT)
    template.indicators.all().delete()
    template._history_user = by
    template.delete()
