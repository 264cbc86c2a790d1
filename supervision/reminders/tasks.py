"""The reminders on celery beat's schedule (hourly at minute 5), as `manage.py send_reminders` sends them."""

from celery import shared_task
from django.utils import timezone

from supervision.reminders.services import send_reminders as send_due_reminders


@shared_task(name="supervision.reminders.send_reminders")
def send_reminders() -> dict[str, int]:
    """The reminders due today (each is sent once, so an hourly run repeats nothing); how many of each kind."""
    return send_due_reminders(timezone.localdate())
