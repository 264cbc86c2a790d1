"""Open data: the page that describes the public register's files, and the files themselves."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.urls import reverse
from django.views.generic import TemplateView

from baodi_care.core import spreadsheets
from supervision.opendata.records import FIELDS, csv_table, json_chunks

# Labels are in the portal's language (Chinese) whatever the visitor chose: the files stay the same for all.


def _base_url(request) -> str:
    return f"{request.scheme}://{request.get_host()}"


@login_not_required
def register_csv(request):
    return spreadsheets.csv_response(
        csv_table(_base_url(request)), "baodi-childcare-register.csv", language=settings.LANGUAGE_CODE, public=True
    )


@login_not_required
def register_json(request):
    documentation = request.build_absolute_uri(reverse("open_data:index"))
    return spreadsheets.streamed_response(
        json_chunks(_base_url(request), documentation),
        content_type="application/json; charset=utf-8",
        filename="baodi-childcare-register.json",
        language=settings.LANGUAGE_CODE,
        public=True,
    )


class OpenDataView(TemplateView):
    """What the files hold, field by field, and where to get them."""

    template_name = "supervision/opendata/open_data.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(fields=FIELDS)
        return ctx
