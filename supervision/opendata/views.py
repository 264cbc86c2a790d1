from __future__ import annotations

from collections.abc import Iterator

from django.contrib.auth.decorators import login_not_required
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.views.generic import TemplateView

from supervision.opendata.records import FIELDS, _in_chinese, csv_chunks, json_chunks


def _base_url(request) -> str:
    return f"{request.scheme}://{request.get_host()}"


def _streamed(chunks: Iterator[bytes], content_type: str, filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(_in_chinese(chunks), content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    # Anyone may fetch the files, from scripts and other sites too.
    response["Access-Control-Allow-Origin"] = "*"
    return response


@login_not_required
def register_csv(request):
    return _streamed(csv_chunks(_base_url(request)), "text/csv; charset=utf-8", "baodi-childcare-register.csv")


@login_not_required
def register_json(request):
    documentation = request.build_absolute_uri(reverse("open_data:index"))
    return _streamed(
        json_chunks(_base_url(request), documentation),
        "application/json; charset=utf-8",
        "baodi-childcare-register.json",
    )


class OpenDataView(TemplateView):
    """What the files hold, field by field, and where to get them."""

    template_name = "supervision/opendata/open_data.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(fields=FIELDS)
        return ctx
