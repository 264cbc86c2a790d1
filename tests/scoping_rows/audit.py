"""Matrix rows of the audit administrator's pages (supervision/audit/): the audit administrator only; the system
administrator (a superuser) gets a 403 like everyone else."""

from tests.scoping_support import AUDITOR, Row, at

ROWS = {
    "audit:security_log": Row(url=at("audit:security_log"), allowed=AUDITOR),
    "audit:security_log_export": Row(url=at("audit:security_log_export"), allowed=AUDITOR),
    "audit:trail": Row(url=at("audit:trail", None, "filings"), allowed=AUDITOR),
    "audit:trail_export": Row(url=at("audit:trail_export", None, "register"), allowed=AUDITOR),
}
