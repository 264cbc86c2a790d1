"""The Celery application (the standard Celery/Django layout): configured from Django's settings (CELERY_*).

Without CELERY_BROKER_URL the settings make tasks run eagerly, in the process that calls them, so `make run` and
the tests need no broker and no worker. The deployment runs `celery -A baodi_care worker` and
`celery -A baodi_care beat` (README, "Background jobs").
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baodi_care.settings")

app = Celery("baodi_care")
app.config_from_object("django.conf:settings", namespace="CELERY")
# tasks.py of every installed app, and of the packages listed here (apps' subpackages are not searched).
app.autodiscover_tasks()
app.autodiscover_tasks(
    ["institutions.imports", "supervision.exports", "supervision.statistics", "supervision.reminders"]
)


@app.task(name="baodi_care.ping")
def ping() -> str:
    """A task that only answers: a check that a worker is reachable (`celery -A baodi_care call baodi_care.ping`)."""
    return "pong"
