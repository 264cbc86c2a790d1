"""Every write to a fee disclosure (收费公示) goes through here.

A fee disclosure is versioned per institution: the operator prepares a draft, publishes it, and the version
published before becomes superseded. Nothing published is ever edited; a change is a new version."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baodi_care.accounts.models import User
from baodi_care.core.records import assign
from institutions.choices import FeeScheduleStatus, FeeType
from institutions.models import FeeItem, FeeSchedule, Institution
from institutions.permissions import can_edit_institution, is_member
from institutions.register.services import INSTITUTION_CLOSED

FEE_NOT_EDITABLE = _(
    "Version %(version)s is “%(status)s”: a published fee disclosure is never changed. Start a new version instead."
)
FEE_NO_ITEMS = _("List at least one fee item before publishing.")
FEE_NO_CARE_ITEM = _("List the childcare fee (托育费/保育费): at least one item must be of that type.")
FEE_NEGATIVE_AMOUNT = _("An amount cannot be negative.")
FEE_VALID_TO_BEFORE_FROM = _("The end of validity cannot be before its start.")

FEE_SCHEDULE_FIELDS = ("valid_from", "valid_to", "review_months", "refund_rules", "advance_payment_rules")
FEE_ITEM_FIELDS = ("fee_type", "name", "class_type", "service_form", "amount", "unit", "note")


def can_edit_fee_schedule(user, schedule: FeeSchedule) -> bool:
    return schedule.status == FeeScheduleStatus.DRAFT and can_edit_institution(user, schedule.institution)


def _require_fee_editor(by: User, institution: Institution) -> None:
    """Members only (others have no business here); a deregistered institution's disclosure is frozen."""
    if not is_member(by, institution):
        raise PermissionDenied(_("Only the institution's own operators can change its fee disclosure."))
    if not can_edit_institution(by, institution):
        raise ValidationError(INSTITUTION_CLOSED, code="closed")


def _lock(institution: Institution) -> None:
    """Serialise writes per institution (version numbers, one published version, one report a month)."""
    Institution.objects.select_for_update().filter(pk=institution.pk).first()


@transaction.atomic
def start_fee_schedule(
    *, institution: Institution, by: User, copy_current: bool = True, today: datetime.date | None = None
) -> tuple[FeeSchedule, bool]:
    """Open the next version as a draft, prefilled from the published one (or empty).

    Returns (draft, created): an institution has at most one draft, and a second click finds the first.
    """
    _require_fee_editor(by, institution)
    _lock(institution)
    draft = institution.fee_schedules.filter(status=FeeScheduleStatus.DRAFT).first()
    if draft:
        return draft, False
    today = today or timezone.localdate()
    last = institution.fee_schedules.aggregate(n=Max("version"))["n"] or 0
    current = institution.fee_schedules.filter(status=FeeScheduleStatus.PUBLISHED).first()
    schedule = FeeSchedule(institution=institution, version=last + 1, valid_from=today, created_by=by)
    if copy_current and current:
        schedule.review_months = current.review_months
        schedule.refund_rules = current.refund_rules
        schedule.advance_payment_rules = current.advance_payment_rules
        if current.valid_to and current.valid_to >= today:
            schedule.valid_to = current.valid_to
    schedule._history_user = by
    # An empty draft has no rules yet; they are required when it is saved and published.
    schedule.full_clean(exclude=["refund_rules", "advance_payment_rules"])
    schedule.save()
    if copy_current and current:
        FeeItem.objects.bulk_create(
            FeeItem(schedule=schedule, **{name: getattr(item, name) for name in FEE_ITEM_FIELDS})
            for item in current.items.all()
        )
    return schedule, True


def _require_draft(schedule: FeeSchedule, by: User) -> None:
    """Refuse anyone but the operators, and any version that is no longer a draft (read under the lock)."""
    _require_fee_editor(by, schedule.institution)
    _lock(schedule.institution)
    status = FeeSchedule.objects.values_list("status", flat=True).get(pk=schedule.pk)
    if status != FeeScheduleStatus.DRAFT:
        raise ValidationError(
            FEE_NOT_EDITABLE,
            code="not_editable",
            params={"version": schedule.version, "status": FeeScheduleStatus(status).label},
        )


def _check_dates(schedule: FeeSchedule) -> None:
    if schedule.valid_to and schedule.valid_from and schedule.valid_to < schedule.valid_from:
        raise ValidationError({"valid_to": ValidationError(FEE_VALID_TO_BEFORE_FROM, code="valid_to_before_from")})


def _build_item(schedule: FeeSchedule, spec: dict) -> FeeItem:
    unknown = set(spec) - set(FEE_ITEM_FIELDS)
    if unknown:
        raise ValueError(sorted(unknown))
    item = FeeItem(schedule=schedule, **spec)
    if item.amount is not None and Decimal(item.amount) < 0:
        raise ValidationError({"amount": ValidationError(FEE_NEGATIVE_AMOUNT, code="negative_amount")})
    item.full_clean()
    return item


@transaction.atomic
def save_fee_schedule(
    *,
    schedule: FeeSchedule,
    by: User,
    items: list[dict],
    publish: bool = False,
    now: datetime.datetime | None = None,
    **fields,
) -> FeeSchedule:
    """Save a draft's rules, dates and items (the items replace the draft's), and publish it if asked.

    One transaction: if publishing is refused, nothing of this save is kept either.
    """
    _require_draft(schedule, by)
    assign(schedule, fields, FEE_SCHEDULE_FIELDS)
    _check_dates(schedule)
    schedule._history_user = by
    schedule.full_clean()
    built = [_build_item(schedule, spec) for spec in items]
    schedule.save()
    schedule.items.all().delete()
    FeeItem.objects.bulk_create(built)
    if publish:
        publish_fee_schedule(schedule=schedule, by=by, now=now)
    return schedule


def check_publishable(schedule: FeeSchedule) -> None:
    """Everything a published disclosure must have; raises one ValidationError naming the fields."""
    errors: dict[str, list] = {}
    try:
        schedule.full_clean()
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    for name in ("refund_rules", "advance_payment_rules"):
        if not (getattr(schedule, name) or "").strip():
            errors.setdefault(name, [_("State the rules before publishing.")])
    try:
        _check_dates(schedule)
    except ValidationError as exc:
        errors.setdefault("valid_to", []).extend(exc.message_dict["valid_to"])
    items = list(schedule.items.all())
    if not items:
        errors.setdefault("__all__", []).append(FEE_NO_ITEMS)
    elif not any(item.fee_type == FeeType.CARE for item in items):
        errors.setdefault("__all__", []).append(FEE_NO_CARE_ITEM)
    if any(item.amount < 0 for item in items):
        errors.setdefault("amount", []).append(FEE_NEGATIVE_AMOUNT)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def publish_fee_schedule(*, schedule: FeeSchedule, by: User, now: datetime.datetime | None = None) -> FeeSchedule:
    """Publish a draft: it becomes the current disclosure and the version published before is superseded."""
    _require_draft(schedule, by)
    institution = schedule.institution
    check_publishable(schedule)
    now = now or timezone.now()
    for previous in institution.fee_schedules.filter(status=FeeScheduleStatus.PUBLISHED).exclude(pk=schedule.pk):
        previous.status = FeeScheduleStatus.SUPERSEDED
        previous._history_user = by
        previous.save(update_fields=["status"])
    schedule.status = FeeScheduleStatus.PUBLISHED
    schedule.published_at = now
    schedule.published_by = by
    schedule._history_user = by
    schedule.save(update_fields=["status", "published_at", "published_by"])
    return schedule
