"""/health/ for the load balancer and /metrics for Prometheus, as an operator and an outsider see them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from unittest import mock

import pytest
from django.conf import settings
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.urls import reverse
from kombu import Connection

from tests.builders.accounts import unverified_login

OUTSIDE = "203.0.113.9"  # an address of the internet (TEST-NET-3), not in METRICS_ALLOWED_IPS
DB_ERROR = 'connection to server at "db-primary.internal" (10.0.5.12), port 5432 failed'

pytestmark = pytest.mark.django_db


def _database_down():
    """Every new connection to the database fails, as when the database host is gone."""
    return mock.patch.object(BaseDatabaseWrapper, "temporary_connection", side_effect=OperationalError(DB_ERROR))


def test_health_answers_ok_to_an_anonymous_visitor_from_anywhere(client):
    response = client.get(reverse("health"), REMOTE_ADDR=OUTSIDE)
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert response["Content-Type"].startswith("text/plain")
    assert "no-store" in response["Cache-Control"]


def test_health_fails_with_503_when_the_database_is_down_and_tells_the_public_nothing_more(client):
    with _database_down():
        response = client.get(reverse("health"), REMOTE_ADDR=OUTSIDE, HTTP_ACCEPT="application/json")
    assert response.status_code == 503
    assert response.content == b"unavailable\n"


def test_health_shows_which_check_failed_only_to_the_monitoring_addresses(client):
    with _database_down():
        response = client.get(reverse("health"), REMOTE_ADDR="127.0.0.1")
    assert response.status_code == 503
    checks = json.loads(response.content)
    database = next(value for name, value in checks.items() if name.startswith("Database"))
    assert database != "OK"
    assert {value for name, value in checks.items() if not name.startswith("Database")} == {"OK"}


def test_health_with_every_check_passing_lists_them_for_the_monitoring_addresses(client):
    response = client.get(reverse("health"), {"format": "text"}, REMOTE_ADDR="::1")
    assert response.status_code == 200
    text = response.content.decode()
    for check in ("Database", "Cache", "Storage"):
        assert f"{check}(alias='default'): OK" in text


def test_health_is_served_over_plain_http_with_the_https_redirect_on(client, settings):
    """A load balancer probes over HTTP; the redirect (on with debug off) must not answer it with a 301."""
    settings.SECURE_SSL_REDIRECT = True
    assert not settings.DEBUG
    assert client.get(reverse("home")).status_code == 301  # everything else still goes to HTTPS
    response = client.get(reverse("health"), REMOTE_ADDR=OUTSIDE)
    assert response.status_code == 200
    assert client.get(reverse("metrics")).status_code == 200


def test_production_settings_exempt_only_health_and_metrics_from_the_https_redirect():
    """The real settings (debug off, no test overrides) in a fresh process."""
    env = {**os.environ, "DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "x" * 50, "DJANGO_ALLOWED_HOSTS": "portal.test"}
    env.pop("DJANGO_HTTPS", None)
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SECURE_SSL_REDIRECT, s.SECURE_REDIRECT_EXEMPT, s.METRICS_ALLOWED_IPS)"
    )
    out = subprocess.run(  # noqa: S603 (our own interpreter, fixed arguments)
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True, cwd=settings.BASE_DIR
    ).stdout.strip()
    assert out == "True ['^health/$', '^metrics$'] ['127.0.0.1', '::1']"


def test_health_is_open_to_staff_who_have_not_passed_the_second_factor(client, official):
    unverified_login(client, official)  # an official must pass the second factor before any page
    assert client.get(reverse("home")).status_code == 302
    assert client.get(reverse("health")).status_code == 200


def test_health_keeps_the_sites_security_headers(client):
    response = client.get(reverse("health"), REMOTE_ADDR=OUTSIDE)
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]


def test_the_broker_check_fails_health_when_the_broker_cannot_be_reached(client, settings):
    settings.HEALTH_CHECKS = [*settings.HEALTH_CHECKS, "baodi_care.monitoring.CeleryBroker"]
    from baodi_care.celery import app

    closed_port = Connection("redis://127.0.0.1:1/0", connect_timeout=1)
    with mock.patch.object(app, "connection_for_write", return_value=closed_port):
        assert client.get(reverse("health"), REMOTE_ADDR=OUTSIDE).status_code == 503
        checks = json.loads(client.get(reverse("health")).content)
    assert checks["CeleryBroker()"].endswith("Broker unreachable")


def test_the_broker_check_is_in_health_only_when_there_is_a_broker():
    env = {**os.environ, "DJANGO_SECRET_KEY": "t", "CELERY_BROKER_URL": "redis://127.0.0.1:6379/15"}
    code = "import django; django.setup(); from django.conf import settings as s; print(s.HEALTH_CHECKS[-1])"
    out = subprocess.run(  # noqa: S603 (our own interpreter, fixed arguments)
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True, cwd=settings.BASE_DIR
    ).stdout.strip()
    assert out == "baodi_care.monitoring.CeleryBroker"
    assert "baodi_care.monitoring.CeleryBroker" not in settings.HEALTH_CHECKS  # the suite has no broker


def test_metrics_answer_the_host_itself(client):
    client.get(reverse("health"))  # a request for the counters to count
    response = client.get(reverse("metrics"), REMOTE_ADDR="127.0.0.1")
    assert response.status_code == 200
    text = response.content.decode()
    assert "django_http_requests_total_by_view_transport_method_total" in text
    assert 'view="health"' in text


def test_metrics_are_a_404_for_any_other_address(client):
    assert client.get(reverse("metrics"), REMOTE_ADDR=OUTSIDE).status_code == 404
    assert client.get(reverse("metrics"), REMOTE_ADDR="10.0.5.20").status_code == 404


def test_metrics_open_to_a_monitoring_network(client, settings):
    settings.METRICS_ALLOWED_IPS = ["127.0.0.1", "10.0.5.0/24"]
    assert client.get(reverse("metrics"), REMOTE_ADDR="10.0.5.20").status_code == 200
    assert client.get(reverse("metrics"), REMOTE_ADDR="10.0.6.20").status_code == 404


def test_behind_the_proxy_the_client_is_who_nginx_says_not_who_the_request_claims(client, settings):
    """nginx (127.0.0.1) appends the real client to X-Forwarded-For; a forged first entry changes nothing."""
    settings.TRUSTED_PROXY_COUNT = 1
    forged = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": f"127.0.0.1, {OUTSIDE}"}
    assert client.get(reverse("metrics"), **forged).status_code == 404
    assert client.get(reverse("health"), **forged).content == b"ok\n"
    local = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "127.0.0.1"}
    assert client.get(reverse("metrics"), **local).status_code == 200


def test_metrics_keep_the_sites_security_headers_and_stay_out_of_caches(client, commission):
    client.force_login(commission)
    response = client.get(reverse("metrics"))
    assert response.status_code == 200
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
