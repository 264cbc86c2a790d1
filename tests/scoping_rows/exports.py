"""Rows of the exports, the register import and the open data."""

from __future__ import annotations

from supervision.exports.views import EXPORTS
from tests.scoping_support import COMMISSION, REVIEWERS, STAFF, Row, at, posted

ROWS = {
    "supervision:export_list": Row(url=at("supervision:export_list"), allowed=STAFF),
    **{spec.url_name: Row(url=at(spec.url_name), allowed=frozenset(spec.roles)) for spec in EXPORTS.values()},
    "supervision:export_statistics": Row(url=at("supervision:export_statistics"), allowed=REVIEWERS),
    "institutions:import": Row(url=at("institutions:import"), allowed=COMMISSION),
    # Without a pending upload the preview sends the commission back to the upload form.
    "institutions:import_preview": Row(url=at("institutions:import_preview"), allowed=COMMISSION, ok=302),
    "institutions:import_mapping": posted("institutions:import_mapping", COMMISSION),
    # Without a pending upload the file of refused rows sends the commission back to the upload form.
    "institutions:import_refused": Row(url=at("institutions:import_refused"), allowed=COMMISSION, ok=302),
    "institutions:import_confirm": posted("institutions:import_confirm", COMMISSION),
    "institutions:import_cancel": posted("institutions:import_cancel", COMMISSION),
    "open_data:index": Row(url=at("open_data:index"), public=True),
    "open_data:register_csv": Row(url=at("open_data:register_csv"), public=True),
    "open_data:register_json": Row(url=at("open_data:register_json"), public=True),
}
