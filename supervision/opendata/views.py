"""Open data: the page that describes the public register's files, and the files themselves."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.urls import reverse
from django.views.generic import TemplateView

from baodi_care.core.replica import reads_from_replica
from supervision.opendata import files
from supervision.opendata.records import FIELDS

# Labels are in the portal's language (Chinese) whatever the visitor chose: the files stay the same for all.


def _base_url(request) -> str:
    return f"{request.scheme}://{request.get_host()}"


def _file(request, kind: str):
    """The stored file while the register is unchanged, otherwise a new one, streamed (opendata/files.py)."""
    base = _base_url(request)
    return files.response(kind, base_url=base, documentation=base + reverse("open_data:index"))


@login_not_required
@reads_from_replica()
def register_csv(request):
    return _file(request, "csv")


@login_not_required
@reads_from_replica()
def register_json(request):
    return _file(request, "json")


class OpenDataView(TemplateView):
    """What the files hold, field by field, and where to get them."""

    template_name = "supervision/opendata/open_data.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(fields=FIELDS)
        return ctx
