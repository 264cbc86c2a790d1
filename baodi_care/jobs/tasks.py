"""The jobs' own periodic task (on celery beat's schedule, settings.CELERY_BEAT_SCHEDULE)."""

from celery import shared_task

from baodi_care.jobs.services import delete_expired_results as delete_expired


@shared_task(name="baodi_care.jobs.delete_expired_results")
def delete_expired_results() -> int:
    """Result files past JOB_RESULT_HOURS deleted; the job rows stay."""
    return delete_expired()
