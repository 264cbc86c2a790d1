from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation

from baodi_care.accounts.models import Notification, User


@transaction.atomic
def update_profile(*, user: User, by: User, full_name: str, email: str, phone: str) -> User:
    """Update a user's own contact details."""
    user.full_name = full_name
    user.email = email
    user.phone = phone
    user._history_user = by
    user.full_clean(exclude=["password"])
    user.save(update_fields=["full_name", "email", "phone"])
    return user


def notify(*, recipients: Iterable[User], message: str, url: str = "") -> list[Notification]:
    """An inbox entry for each recipient, and an e-mail once the transaction has committed.

    `message` is a lazy translation; it is stored in Chinese, the language of the portal's users.
    """
    with translation.override(settings.LANGUAGE_CODE):
        text = str(message)
    rows = Notification.objects.bulk_create(
        Notification(recipient=user, message=text[:300], url=url) for user in {u.pk: u for u in recipients}.values()
    )
    emails = [n.recipient.email for n in rows if n.recipient.email]
    if emails:
        subject = text[:78]
        body = text + (f"\n\n{settings.PORTAL_BASE_URL.rstrip('/')}{url}" if url else "")

        def send():
            # Mail trouble must never undo or block the step that was just saved.
            send_mail(subject, body, None, emails, fail_silently=True)

        transaction.on_commit(send)
    return rows


@transaction.atomic
def mark_read(*, user: User, notification_ids: Iterable[int] | None = None) -> int:
    """Mark some (or all) of the user's notifications as read."""
    qs = Notification.objects.for_user(user).unread()
    if notification_ids is not None:
        qs = qs.filter(pk__in=list(notification_ids))
    return qs.update(read_at=timezone.now())
