"""Rows of the load balancer's health check and Prometheus' metrics (baodi_care/monitoring.py).

Both are open to everybody, signed in or not, with or without a second factor; the test client's address is
127.0.0.1, one of METRICS_ALLOWED_IPS, so /metrics answers (tests/deploy/test_monitoring.py: 404 from elsewhere).
A signed-in audit administrator is refused them, as every page outside its own (accounts/security_log/permissions.py:
separation of duties); the load balancer and Prometheus never sign in.
"""

from __future__ import annotations

from baodi_care.accounts.choices import Role
from tests.scoping_support import Row, at

AUDITOR_REFUSED = {Role.AUDITOR: 403}

ROWS = {
    "health": Row(url=at("health"), public=True, overrides=AUDITOR_REFUSED),
    "metrics": Row(url=at("metrics"), public=True, overrides=AUDITOR_REFUSED),
}
