"""The home pages and the demo command, above both apps."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    """The role home pages and the demo data: the one place allowed to use every app (no models)."""

    name = "baodi_care.home"
    label = "home"
    verbose_name = _("Home")
