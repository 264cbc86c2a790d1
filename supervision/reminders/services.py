"""Reminders before deadlines and expiries (DESIGN §2 Notifications). Safe to run every hour: each reminder
has a key, and a key already in ReminderLog is never sent again."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from baodi_care.accounts.models import ReminderLog, User
from baodi_care.accounts.selectors import commission_staff, officials_by_jurisdiction
from baodi_care.accounts.services import notify
from institutions.choices import UNDER_REVIEW_STATUSES, FilingKind, FilingStatus, InstitutionStatus
from institutions.models import FeeSchedule, Filing, StaffMember
from institutions.register.selectors import operators_by_institution
from institutions.reports.selectors import due_operating_reports, report_due_date
from institutions.unfiled.selectors import unfiled_in_district
from institutions.unfiled.services import REMINDER as UNFILED_REMINDER
from supervision.choices import RectificationStatus
from supervision.models import Rectification

OPERATING = (InstitutionStatus.FILED, InstitutionStatus.CHANGE_PENDING, InstitutionStatus.DRAFT)


@dataclass(frozen=True)
class Reminder:
    key: str
    recipients: tuple[User, ...]
    message: str  # a translation constant, stored untranslated with its params (see notify)
    params: dict
    url: str


def certificate_reminders(today: datetime.date) -> Iterator[Reminder]:
    """Staff qualification or health certificates that expire within CERTIFICATE_EXPIRY_REMINDER_DAYS."""
    horizon = today + datetime.timedelta(days=settings.CERTIFICATE_EXPIRY_REMINDER_DAYS)
    staff = (
        StaffMember.objects.filter(institution__status__in=OPERATING)
        .filter(Q(qualification_expiry__range=(today, horizon)) | Q(health_certificate_expiry__range=(today, horizon)))
        .select_related("institution")
    )
    staff = list(staff)
    operators = operators_by_institution({s.institution_id for s in staff})
    for member in staff:
        for field, label in (
            ("qualification_expiry", _("qualification certificate")),
            ("health_certificate_expiry", _("health certificate")),
        ):
            expiry = getattr(member, field)
            if expiry and today <= expiry <= horizon:
                yield Reminder(
                    key=f"cert:{member.pk}:{field}:{expiry.isoformat()}",
                    recipients=tuple(operators.get(member.institution_id, [])),
                    message=_("%(institution)s: the %(certificate)s of %(name)s expires on %(date)s."),
                    params={"institution": member.institution.name, "certificate": label, "name": member.name,
                            "date": expiry},
                    url=reverse("institutions:staff", args=[member.institution_id]),
                )  # fmt: skip


def fee_reminders(today: datetime.date) -> Iterator[Reminder]:
    """Published fee disclosures that are stale, or will be within 30 days."""
    schedules = list(FeeSchedule.objects.published().select_related("institution"))
    operators = operators_by_institution({s.institution_id for s in schedules})
    soon = today + datetime.timedelta(days=settings.FEE_STALE_REMINDER_DAYS)
    for schedule in schedules:
        if schedule.is_stale(today):
            key, message = (
                f"fee-stale:{schedule.pk}",
                _("%(institution)s: the fee disclosure (version %(version)s) is out of date; publish a new one."),
            )
        elif schedule.is_stale(soon):
            key, message = (
                f"fee-stale-soon:{schedule.pk}",
                _("%(institution)s: the fee disclosure (version %(version)s) goes out of date within 30 days."),
            )
        else:
            continue
        yield Reminder(
            key=key,
            recipients=tuple(operators.get(schedule.institution_id, [])),
            message=message,
            params={"institution": schedule.institution.name, "version": schedule.version},
            url=reverse("institutions:detail", args=[schedule.institution_id]),
        )


def operating_report_reminders(today: datetime.date) -> Iterator[Reminder]:
    """The previous month's report is due (from the 1st) and overdue (after the due day)."""
    missing = due_operating_reports(today)
    operators = operators_by_institution({inst.pk for inst, _period in missing})
    for institution, period in missing:
        due = report_due_date(period)
        overdue = today > due
        yield Reminder(
            key=f"report{'-overdue' if overdue else ''}:{institution.pk}:{period.isoformat()}",
            recipients=tuple(operators.get(institution.pk, [])),
            message=(
                _("%(institution)s: the operating report for %(month)s was due on %(due)s and is missing.")
                if overdue
                else _("%(institution)s: the operating report for %(month)s is due by %(due)s.")
            ),
            params={"institution": institution.name, "month": period.strftime("%Y-%m"), "due": due},
            url=reverse("institutions:detail", args=[institution.pk]),
        )


def rectification_reminders(today: datetime.date) -> Iterator[Reminder]:
    """Open rectifications near their deadline (to the operator) or past it (to the operator and officials)."""
    soon = today + datetime.timedelta(days=settings.DEADLINE_REMINDER_DAYS)
    rows = list(
        Rectification.objects.filter(status=RectificationStatus.OPEN, deadline__lte=soon).select_related(
            "institution", "item_check__item"
        )
    )
    operators = operators_by_institution({r.institution_id for r in rows})
    officials = officials_by_jurisdiction()
    for r in rows:
        params = {"institution": r.institution.name, "item": str(r.item_check.item), "date": r.deadline}
        url = reverse("supervision:rectification_detail", args=[r.pk])
        if r.deadline < today:
            yield Reminder(
                key=f"rect-overdue:{r.pk}:{r.deadline.isoformat()}",
                recipients=tuple(
                    operators.get(r.institution_id, []) + officials.get(r.institution.jurisdiction_id, [])
                ),
                message=_("%(institution)s: the rectification “%(item)s” was due on %(date)s and is overdue."),
                params=params,
                url=url,
            )
        else:
            yield Reminder(
                key=f"rect-soon:{r.pk}:{r.deadline.isoformat()}",
                recipients=tuple(operators.get(r.institution_id, [])),
                message=_("%(institution)s: the rectification “%(item)s” is due on %(date)s."),
                params=params,
                url=url,
            )


FILING_CLOCKS = {
    # clock: (its date's field, the soon message, the overdue message)
    "receipt": (
        "receipt_due",
        _("%(institution)s: the receipt for the %(kind)s is due on %(date)s (登记和备案办法 Art. 9)."),
        _("%(institution)s: the receipt for the %(kind)s was due on %(date)s and is overdue (登记和备案办法 Art. 9)."),
    ),
    "answer": (
        "answer_due",
        _("%(institution)s: if the %(kind)s does not meet the conditions, the reasons are due on %(date)s."),
        _(
            "%(institution)s: the %(kind)s is neither acknowledged nor answered with reasons, which were due on "
            "%(date)s (登记和备案办法 Art. 9)."
        ),
    ),
}


def filing_reminders(today: datetime.date) -> Iterator[Reminder]:
    """Each Art. 9 clock of a filing under review near its date (to whoever holds the filing) or past it (to the
    holder, escalated to the commission, which answers for both duties)."""
    soon = today + datetime.timedelta(days=settings.DEADLINE_REMINDER_DAYS)
    rows = list(
        Filing.objects.filter(status__in=UNDER_REVIEW_STATUSES, received_on__isnull=False)
        .filter(Q(receipt_due__lte=soon) | Q(answer_due__lte=soon))
        .select_related("institution")
    )
    officials = officials_by_jurisdiction()
    commission = tuple(commission_staff())
    for f in rows:
        holders = (
            tuple(officials.get(f.institution.jurisdiction_id, []))
            if f.status == FilingStatus.SUBMITTED
            else commission
        )
        for clock, (field, soon_message, late_message) in FILING_CLOCKS.items():
            due = getattr(f, field)
            if due is None or due > soon:
                continue
            late = due < today
            recipients = holders + tuple(u for u in commission if u not in holders) if late else holders
            yield Reminder(
                key=f"filing-{clock}-{'overdue' if late else 'soon'}:{f.pk}:{due.isoformat()}",  # once per reader
                recipients=recipients,
                message=late_message if late else soon_message,
                params={"institution": f.institution.name, "kind": FilingKind(f.kind).label, "date": due},
                url=reverse("supervision:filing_review", args=[f.pk]),
            )


def unfiled_reminders(today: datetime.date) -> Iterator[Reminder]:
    """Once a month, the officials of each 街镇 with institutions registered with 托育 in their business scope but
    not filed (登记和备案办法 Art. 6), some of them not yet followed up, hear how many: the commission's reminder
    button (institutions/unfiled/) sent on a schedule. Monthly is the portal's choice, not a rule of the texts."""
    officials = officials_by_jurisdiction()
    for row in unfiled_in_district():
        if row["followed"] >= row["total"]:
            continue
        place = row["jurisdiction"]
        yield Reminder(
            key=f"unfiled:{place.pk}:{today:%Y-%m}",
            recipients=tuple(officials.get(place.pk, [])),
            message=UNFILED_REMINDER,
            params={"count": row["total"], "jurisdiction": place.name},
            url=reverse("institutions:unfiled_list"),
        )


ALL_KINDS = {
    "certificates": certificate_reminders,
    "fees": fee_reminders,
    "reports": operating_report_reminders,
    "rectifications": rectification_reminders,
    "filings": filing_reminders,
    "unfiled": unfiled_reminders,
}


def send_reminders(today: datetime.date, kinds: Iterable[str] | None = None) -> dict[str, int]:
    """Send every reminder not sent before; returns how many notifications each kind sent."""
    sent: dict[str, int] = {}
    for kind in kinds or ALL_KINDS:
        count = 0
        for reminder in ALL_KINDS[kind](today):
            for user in reminder.recipients:
                key = f"{reminder.key}:u{user.pk}"
                try:
                    with transaction.atomic():
                        # The unique key is the guard: a second run, or two overlapping runs, cannot send twice.
                        ReminderLog.objects.create(key=key, recipient=user)
                        notify(recipients=[user], message=reminder.message, params=reminder.params, url=reminder.url)
                except IntegrityError:
                    continue
                count += 1
        sent[kind] = count
    return sent
