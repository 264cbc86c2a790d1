"""The institutions app: the register, filings, fee disclosures, operating reports, imports and the calendar."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InstitutionsConfig(AppConfig):
    name = "institutions"
    verbose_name = _("Institutions")
