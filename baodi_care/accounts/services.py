"""Every write of accounts: the user's profile, notifications (and their e-mails), marking them read."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils import timezone, translation

from baodi_care.accounts.models import Notification, User
from baodi_care.accounts.security_log.choices import SecurityAction
from baodi_care.accounts.security_log.recorder import record_account_change
from baodi_care.accounts.texts import freeze, freeze_params


@transaction.atomic
def update_profile(*, user: User, by: User, full_name: str, phone: str) -> User:
    """Update a user's own name and phone (the e-mail address changes through accounts/email_change.py)."""
    # As stored: a ModelForm has already put the new values on the instance it was given.
    stored = User.objects.filter(pk=user.pk).values("full_name", "phone").first() or {}
    changed = [name for name, value in (("full_name", full_name), ("phone", phone)) if stored.get(name) != value]
    user.full_name = full_name
    user.phone = phone
    user._history_user = by
    user.full_clean(exclude=["password"])
    user.save(update_fields=["full_name", "phone"])
    if changed:
        record_account_change(SecurityAction.PROFILE_CHANGED, account=user, by=by, detail=", ".join(changed))
    return user


def notify(*, recipients: Iterable[User], message, params: dict | None = None, url: str = "") -> list[Notification]:
    """An inbox entry for each recipient, and an e-mail to each once the transaction has committed.

    `message` is a translation constant (gettext_lazy) worded with %(name)s placeholders filled from `params`.
    It is stored untranslated and read in the recipient's language, whoever acted; the e-mail is written in the
    portal's language (zh-hans), the language of its users.
    """
    msgid, context = freeze(message)
    stored = freeze_params(params)
    rows = Notification.objects.bulk_create(
        Notification(recipient=user, message=msgid[:300], context=context, params=stored, url=url)
        for user in {u.pk: u for u in recipients}.values()
    )
    mails = _mails(rows, url)
    if mails:
        # Mail trouble must never undo or block the step that was just saved.
        transaction.on_commit(lambda: send_mass_mail(mails, fail_silently=True))
    return rows


def _mails(rows: list[Notification], url: str) -> list[tuple]:
    """One message per address: recipients never see each other's addresses."""
    link = f"\n\n{settings.PORTAL_BASE_URL.rstrip('/')}{url}" if url else ""
    mails, seen = [], set()
    for row in rows:
        address = row.recipient.email
        if not address or address in seen:
            continue
        seen.add(address)
        with translation.override(settings.LANGUAGE_CODE):
            text = row.text
        mails.append((" ".join(text.split())[:78], text + link, None, [address]))
    return mails


@transaction.atomic
def mark_read(*, user: User, notification_ids: Iterable[int] | None = None) -> int:
    """Mark some (or all) of the user's notifications as read."""
    qs = Notification.objects.for_user(user).unread()
    if notification_ids is not None:
        qs = qs.filter(pk__in=list(notification_ids))
    return qs.update(read_at=timezone.now())
