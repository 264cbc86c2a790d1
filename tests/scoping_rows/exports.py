"""Rows of the exports, the register import and the open data."""

from __future__ import annotations

from django.urls import reverse

from baodi_care.accounts.choices import Role
from supervision.exports.views import EXPORTS
from tests.scoping_support import REVIEWERS, STAFF, Row

COMMISSION = frozenset({Role.COMMISSION})


def _url(name: str, **params):
    def build(ctx):
        url = reverse(name)
        return f"{url}?{'&'.join(f'{k}={v}' for k, v in params.items())}" if params else url

    return build


ROWS = {
    "supervision:export_list": Row(url=_url("supervision:export_list"), allowed=STAFF),
    **{spec.url_name: Row(url=_url(spec.url_name), allowed=frozenset(spec.roles)) for spec in EXPORTS.values()},
    "supervision:export_statistics": Row(url=_url("supervision:export_statistics"), allowed=REVIEWERS),
    "institutions:import": Row(url=_url("institutions:import"), allowed=COMMISSION),
    # Without a pending upload the preview sends the commission back to the upload form.
    "institutions:import_preview": Row(url=_url("institutions:import_preview"), allowed=COMMISSION, ok=302),
    "institutions:import_confirm": Row(
        url=_url("institutions:import_confirm"), allowed=COMMISSION, method="post", ok=302
    ),
    "institutions:import_cancel": Row(
        url=_url("institutions:import_cancel"), allowed=COMMISSION, method="post", ok=302
    ),
    "open_data:index": Row(url=_url("open_data:index"), public=True),
    "open_data:register_csv": Row(url=_url("open_data:register_csv"), public=True),
    "open_data:register_json": Row(url=_url("open_data:register_json"), public=True),
}
