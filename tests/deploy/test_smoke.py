"""The smoke test of deploy/: gunicorn and the Celery worker started with the systemd units' own ExecStart= lines.

Against the real services (marker `deploy`): a fresh PostgreSQL database (created with a unique name, migrated,
dropped at the end) and Redis (spare, empty database numbers as the broker and the cache). The install paths
of the units (/srv/baodi-care, its .venv) become this checkout and its venv, and their ${VARIABLES} come from the units'
Environment= lines overridden by the test's settings, as systemd does with /etc/baodi-care/env; nothing else of the
command lines is changed. Then: the public register and /health/ answer through gunicorn, and a task sent through
the broker is run by the worker.

Without PostgreSQL, Redis or gunicorn the test is skipped, loudly; BAODI_REQUIRE_REDIS=1 makes that a failure.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.deploy

ROOT = Path(settings.BASE_DIR)
UNITS = ROOT / "deploy" / "systemd"
INSTALL_DIR = "/srv/baodi-care"
VENV = Path(sys.prefix)  # the venv running the tests: its bin/ holds gunicorn and celery
PG = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}
REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
REQUIRE_ENV = "BAODI_REQUIRE_REDIS"
SPARE_REDIS_DBS = range(8, 14)  # two of these, empty, become the broker and the cache


class Unit:
    """The [Service] lines of a unit file that the smoke test uses."""

    def __init__(self, name: str):
        self.name = name
        self.lines = [line.strip() for line in (UNITS / name).read_text().splitlines()]

    def values(self, key: str) -> list[str]:
        return [line.split("=", 1)[1] for line in self.lines if line.startswith(f"{key}=")]

    def value(self, key: str) -> str:
        (value,) = self.values(key)
        return value

    def defaults(self) -> dict[str, str]:
        """Its Environment= assignments (before EnvironmentFile=, which may override them)."""
        pairs = (assignment.split("=", 1) for line in self.values("Environment") for assignment in shlex.split(line))
        return dict(pairs)

    def command(self, env: dict[str, str]) -> list[str]:
        """ExecStart= as this checkout runs it: install paths replaced, ${VAR} expanded as systemd does."""
        line = self.value("ExecStart").replace(f"{INSTALL_DIR}/.venv", str(VENV)).replace(INSTALL_DIR, str(ROOT))
        expanded = re.sub(r"\$\{(\w+)\}", lambda m: env[m.group(1)], line)
        return shlex.split(expanded)


def _fail_or_skip(why: str):
    if os.environ.get(REQUIRE_ENV, "").strip().lower() in {"1", "true", "yes", "on"}:
        pytest.fail(f"deploy smoke test: {why} and {REQUIRE_ENV} is set", pytrace=False)
    # Loud: the reason is printed in the summary line of every run (pytest -rs is the default of `make test`'s -n).
    pytest.skip(f"DEPLOY SMOKE TEST NOT RUN: {why} (set {REQUIRE_ENV}=1 to make this a failure)")


def _reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=2):
            return True
    except OSError:
        return False


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def services():
    """PostgreSQL and Redis, as the units would use them; skipped (loudly) without them."""
    for tool in ("createdb", "dropdb"):
        if not shutil.which(tool):
            _fail_or_skip(f"no {tool} (PostgreSQL client)")
    if not _reachable(PG["host"], PG["port"]):
        _fail_or_skip(f"no PostgreSQL at {PG['host']}:{PG['port']}")
    if not _reachable(REDIS_HOST, REDIS_PORT):
        _fail_or_skip(f"no Redis at {REDIS_HOST}:{REDIS_PORT}")
    for program in ("gunicorn", "celery"):
        if not (VENV / "bin" / program).exists():
            _fail_or_skip(f"no {program} in {VENV / 'bin'}")

    import redis

    empty = [n for n in SPARE_REDIS_DBS if redis.Redis(REDIS_HOST, REDIS_PORT, db=n).dbsize() == 0]
    if len(empty) < 2:
        _fail_or_skip(f"not two empty Redis databases among {list(SPARE_REDIS_DBS)}")
    db, cache_db = empty[:2]
    name = f"baodi_smoke_{uuid.uuid4().hex[:12]}"
    pg_args = ["-h", PG["host"], "-p", str(PG["port"]), "-U", PG["user"]]
    subprocess.run(["createdb", *pg_args, name], check=True)  # noqa: S603, S607 (PostgreSQL's own client)
    try:
        yield {
            "DATABASE_URL": f"postgres://{PG['user']}@{PG['host']}:{PG['port']}/{name}",
            "CELERY_BROKER_URL": f"redis://{REDIS_HOST}:{REDIS_PORT}/{db}",
            # The shared cache and sessions, as on a host of several (another database number).
            "REDIS_URL": f"redis://{REDIS_HOST}:{REDIS_PORT}/{cache_db}",
        }
    finally:
        subprocess.run(["dropdb", *pg_args, "--force", "--if-exists", name], check=False)  # noqa: S603, S607
        for n in (db, cache_db):
            redis.Redis(REDIS_HOST, REDIS_PORT, db=n).flushdb()


class Processes:
    """Programs started in their own process groups, each logging to a file; all stopped at the end, always."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.started: list[tuple[subprocess.Popen, Path]] = []

    def start(self, name: str, command: list[str], env: dict[str, str]) -> Path:
        log = self.folder / f"{name}.log"
        with log.open("wb") as out:
            process = subprocess.Popen(  # noqa: S603 (the unit's own command line)
                command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )
        self.started.append((process, log))
        return log

    def alive(self, log: Path) -> None:
        for process, its_log in self.started:
            if its_log == log and process.poll() is not None:
                raise AssertionError(f"{log.stem} exited with {process.returncode}:\n{log.read_text()[-3000:]}")

    def stop_all(self) -> None:
        for process, _ in self.started:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + 20
        for process, _ in self.started:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


@pytest.fixture
def processes(tmp_path):
    started = Processes(tmp_path)
    try:
        yield started
    finally:
        started.stop_all()


def _get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], str]:
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 (http://127.0.0.1 only)
    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def _wait_for(what: str, check, timeout: float, processes: Processes, log: Path):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        processes.alive(log)
        result = check()
        if result:
            return result
        time.sleep(0.5)
    raise AssertionError(f"{what}: not within {timeout} s; {log.stem}'s log:\n{log.read_text()[-3000:]}")


def test_the_units_serve_pages_and_run_a_job(services, processes, tmp_path):
    web, worker = Unit("baodi-care-web.service"), Unit("baodi-care-worker.service")
    for unit in (web, worker):
        assert unit.value("WorkingDirectory") == INSTALL_DIR
        assert unit.value("EnvironmentFile") == "/etc/baodi-care/env"
    port = _free_port()
    media = tmp_path / "media"
    media.mkdir()
    # /etc/baodi-care/env for this run (deploy/env.example's production settings, on this machine's services).
    env_file = {
        **services,
        "DJANGO_SECRET_KEY": "smoke-test-" + uuid.uuid4().hex,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_BEHIND_PROXY": "1",
        "DJANGO_TRUSTED_PROXY_COUNT": "1",
        "DJANGO_MEDIA_ROOT": str(media),
        # Static files from the finders: collectstatic is not what this test is about.
        "DJANGO_PLAIN_STATIC": "1",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "2",
    }
    base = {key: os.environ[key] for key in ("PATH", "HOME", "LANG", "CLAMD_SOCKET") if key in os.environ}
    env = {**base, **web.defaults(), **env_file}
    # RuntimeDirectory=baodi-care-web: a fresh folder for django-prometheus' per-worker files.
    env["PROMETHEUS_MULTIPROC_DIR"] = str(tmp_path / "prometheus")
    Path(env["PROMETHEUS_MULTIPROC_DIR"]).mkdir()
    assert web.defaults()["PROMETHEUS_MULTIPROC_DIR"] == "/run/" + web.value("RuntimeDirectory")

    migrate = subprocess.run(  # noqa: S603 (our own interpreter)
        [str(VENV / "bin" / "python"), "manage.py", "migrate", "--noinput"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert migrate.returncode == 0, migrate.stdout[-3000:] + migrate.stderr[-3000:]

    worker_log = processes.start("worker", worker.command(env), env)
    web_log = processes.start("web", web.command(env), env)
    base_url = f"http://127.0.0.1:{port}"

    # The load balancer's probe, over plain HTTP: every check passes, the broker's too; details from the host itself.
    status, _, body = _wait_for(
        "gunicorn answering /health/",
        lambda: _reachable("127.0.0.1", port) and _get(f"{base_url}/health/?format=text"),
        60,
        processes,
        web_log,
    )
    assert status == 200, body
    for check in ("Database(alias='default'): OK", "Cache(alias='default'): OK", "CeleryBroker(): OK"):
        assert check in body
    # From outside (nginx appends the client to X-Forwarded-For): only the word.
    assert _get(f"{base_url}/health/", {"X-Forwarded-For": "203.0.113.9"})[2] == "ok\n"

    # A page, as nginx passes it on over HTTPS; over plain HTTP the portal sends the browser to HTTPS.
    status, _, html = _get(f"{base_url}/public/", {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"})
    assert status == 200, html[-2000:]
    assert "托育" in html
    status, headers, _ = _get(f"{base_url}/public/")
    assert status == 301
    assert headers["Location"].startswith("https://")

    # Metrics from every gunicorn worker (multiprocess mode), only from the host.
    status, _, metrics = _get(f"{base_url}/metrics")
    assert status == 200
    assert "django_http_requests_total_by_view_transport_method_total" in metrics
    assert _get(f"{base_url}/metrics", {"X-Forwarded-For": "203.0.113.9"})[0] == 404

    # A job: baodi_care.ping sent through the broker, run by the worker.
    from celery import Celery

    client = Celery("smoke", broker=services["CELERY_BROKER_URL"])
    try:
        task_id = client.send_task("baodi_care.ping").id
    finally:
        client.close()
    finished = re.compile(rf"Task baodi_care\.ping\[{re.escape(task_id)}\] succeeded in [\d.]+s: 'pong'")
    _wait_for(
        "the worker finishing baodi_care.ping",
        lambda: finished.search(worker_log.read_text(errors="replace")),
        90,
        processes,
        worker_log,
    )
