"""The load balancer's health check (/health/) and Prometheus' metrics (/metrics), both open without signing in.

/health/ runs django-health-check's checks (settings.HEALTH_CHECKS: database, cache, storage, and the Celery broker
when there is one) and answers 200 "ok" or 503 "unavailable": the status code is all a load balancer reads, and
anyone on the internet can ask. Which check failed and why (names of hosts, databases, queues) goes to the log
(logger `health_check`) and, in django-health-check's own JSON or text (`?format=json`), only to the addresses of
METRICS_ALLOWED_IPS: the host itself and the monitoring network, the same people who read /metrics.

/metrics is django-prometheus' page, for METRICS_ALLOWED_IPS only; anyone else gets a 404, as for a page that does
not exist. Both take the client's address from accounts.network.client_ip (the proxy's X-Forwarded-For when
DJANGO_TRUSTED_PROXY_COUNT says there is one), so a request from outside cannot pass for the host itself.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime
import ipaddress
from concurrent.futures import ThreadPoolExecutor
from functools import cache

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache
from django_prometheus.exports import ExportToDjangoView
from health_check.base import HealthCheck
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView

from baodi_care.accounts.network import client_ip


@cache
def _allowed_networks(addresses: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(address, strict=False) for address in addresses)


def is_monitoring_address(request) -> bool:
    """Whether the request comes from an address of METRICS_ALLOWED_IPS (single addresses or networks)."""
    try:
        address = ipaddress.ip_address(client_ip(request))
    except ValueError:
        return False
    return any(address in network for network in _allowed_networks(tuple(settings.METRICS_ALLOWED_IPS)))


@dataclasses.dataclass
class CeleryBroker(HealthCheck):
    """The Celery broker (CELERY_BROKER_URL) accepts a connection: jobs can be queued from this host.

    It does not ask for a worker (health_check.contrib.celery.Ping does, with HEALTH_CHECK_CELERY_WORKERS=1): a
    worker outage would take every app host out of the load balancer at once, though pages still work.
    """

    timeout: datetime.timedelta = dataclasses.field(default=datetime.timedelta(seconds=3), repr=False)

    def run(self) -> None:
        from baodi_care.celery import app

        try:
            with app.connection_for_write() as connection:
                connection.ensure_connection(max_retries=1, timeout=self.timeout.total_seconds())
        except Exception as error:
            raise ServiceUnavailable("Broker unreachable") from error


class HealthView(HealthCheckView):
    """200 "ok" when every check passes, 503 "unavailable" when one fails; the details only to monitoring addresses."""

    @property
    def checks(self):
        return settings.HEALTH_CHECKS

    # A sync view: gunicorn's sync workers (and the test client, in a thread that may already run an event loop)
    # call it directly; the checks still run concurrently, in an event loop of their own.
    @method_decorator(transaction.non_atomic_requests)
    def dispatch(self, request, *args, **kwargs):
        response = View.dispatch(self, request, *args, **kwargs)
        patch_vary_headers(response, ["Accept"])
        add_never_cache_headers(response)
        return response

    def get(self, request, *args, **kwargs):
        self.results = _in_own_loop(self._gather)
        status = 503 if any(result.error for result in self.results) else 200
        if is_monitoring_address(request):
            if request.GET.get("format") == "text":
                return self.render_to_response_text(status)
            return self.render_to_response_json(status)
        return HttpResponse(
            "ok\n" if status == 200 else "unavailable\n", status=status, content_type="text/plain; charset=utf-8"
        )

    async def _gather(self):
        with self.get_executor() as executor:
            return await asyncio.gather(*(check.get_result(executor) for check in self.get_checks()))


def _in_own_loop(coroutine_function):
    """Run the coroutine to its end: here if this thread runs no event loop, otherwise in a thread of its own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine_function())
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine_function()).result()


health = login_not_required(HealthView.as_view())


@login_not_required
@never_cache
def metrics(request):
    """django-prometheus' metrics page, for METRICS_ALLOWED_IPS only (404 for everyone else)."""
    if not is_monitoring_address(request):
        raise Http404
    return ExportToDjangoView(request)
