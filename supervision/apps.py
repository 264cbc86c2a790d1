"""The supervision app: checklists, inspections, rectifications, plan, complaints, public pages, statistics."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = _("Supervision")

    def ready(self):
        # The dashboard's snapshots go stale with every change of what they count (statistics/snapshots.py).
        from supervision.statistics import snapshots

        snapshots.connect()
