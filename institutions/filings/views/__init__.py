"""The filing views, by who uses them (operator.py, review.py, receipt.py, documents.py), and the lookup they share."""

from baodi_care.core.views import ScopedObjectMixin
from institutions.models import Filing


class FilingMixin(ScopedObjectMixin):
    """The URL's filing, in the user's scope, with its institution and jurisdiction."""

    model = Filing
    related = ("institution__jurisdiction",)
