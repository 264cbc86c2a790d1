"""Redis through django-redis (REDIS_URL): the cache, sessions and rate limits on the real Redis at 127.0.0.1:6379,
database 15, under a key prefix of each test's own (so parallel test processes never see each other's keys).

The in-process tests switch the settings to what REDIS_URL sets (tests/redis_server.py). The last one starts two
gunicorn servers (one worker each, so it is known which one answers) with REDIS_URL set, on the test database, and
shows that they share the complaint limit. Without Redis these tests are skipped, loudly; BAODI_REQUIRE_REDIS=1 (CI)
makes that a failure. The LocMem test at the end runs everywhere.
"""

from __future__ import annotations

import http.cookiejar
import multiprocessing
import os
import re
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache, caches
from django.db import connection
from django.urls import reverse

from baodi_care.accounts import ratelimit, sessions
from baodi_care.accounts.models import UserSession
from supervision.choices import ComplaintCategory
from supervision.models import Complaint
from tests.accounts.test_sessions import WECHAT_IPHONE, browser, is_signed_in
from tests.builders.accounts import PASSWORD, jurisdiction
from tests.pages import zh
from tests.redis_server import REDIS_URL, free_port, redis_settings, require_redis

ROOT = Path(__file__).resolve().parents[2]
VENV = Path(sys.prefix)


@pytest.fixture
def on_redis(settings):
    """The settings REDIS_URL gives (the cache and sessions in Redis), under a fresh key prefix; its keys are
    deleted afterwards."""
    client = require_redis()
    prefix = redis_settings(settings)
    yield client
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)


# --- The cache ---------------------------------------------------------------------------------------------------


@pytest.mark.redis
def test_the_cache_is_redis_and_every_process_sees_the_same_values(on_redis):
    from django_redis.cache import RedisCache

    assert isinstance(caches["default"], RedisCache)
    cache.set("greeting", "你好", 60)
    assert cache.get("greeting") == "你好"
    # Stored in Redis itself under the prefix, where any other process (here: a connection of its own) finds it.
    stored = [key.decode() for key in on_redis.scan_iter(f"{caches['default'].key_prefix}:*")]
    assert stored == [caches["default"].make_key("greeting")]
    assert on_redis.ttl(stored[0]) in range(55, 61)
    cache.delete("greeting")
    assert cache.get("greeting") is None


# --- Sessions ----------------------------------------------------------------------------------------------------


@pytest.mark.redis
@pytest.mark.django_db
def test_a_session_lives_in_redis_and_can_be_ended_from_the_profile(on_redis, operator):
    desk = browser(operator)
    phone = browser(operator, agent=WECHAT_IPHONE)
    assert is_signed_in(desk)  # the next request is still signed in
    assert is_signed_in(phone)
    assert not Session.objects.exists()  # nothing in the session table: the sessions are Redis keys
    session_keys = [key for key in on_redis.scan_iter(f"{caches['default'].key_prefix}:*") if b"session" in key]
    assert len(session_keys) == 2
    # The profile lists both and ends the phone's (baodi_care/accounts/sessions.py): the phone is signed out.
    html = desk.get(reverse("accounts:profile")).content.decode()
    assert "WeChat Browser · iOS (iPhone)" in html
    other = UserSession.objects.get(user=operator, device__startswith="WeChat")
    response = desk.post(reverse("accounts:session_end"), {"session": other.pk, "password": PASSWORD}, follow=True)
    assert zh(sessions.SESSION_ENDED_THERE) in response.content.decode()
    assert not is_signed_in(phone)
    assert is_signed_in(desk)


# --- Counts ------------------------------------------------------------------------------------------------------


def _all_at_once(workers: int, attempt) -> list:
    """Run attempt() in `workers` threads released together; what each returned."""
    start, results = threading.Barrier(workers), []
    lock = threading.Lock()

    def run():
        start.wait()
        outcome = attempt()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=run) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.mark.redis
def test_many_threads_counting_at_once_reach_exactly_the_limit(on_redis):
    results = _all_at_once(40, lambda: ratelimit.allow("complaint", "203.0.113.5", 7))
    assert results.count(True) == 7
    assert ratelimit.is_limited("complaint", "203.0.113.5", 7)
    assert not ratelimit.is_limited("complaint", "203.0.113.6", 7)  # another address has its own count


def _count_in_a_process(start, tries: int, outcome) -> None:
    """A process of its own (forked, with the parent's settings): allow() `tries` times once all are ready."""
    start.wait()
    outcome.put(sum(ratelimit.allow("password-reset-address", "198.51.100.1", 10) for _ in range(tries)))


@pytest.mark.redis
def test_many_processes_counting_at_once_reach_exactly_the_limit(on_redis):
    context = multiprocessing.get_context("fork")
    start, outcome = context.Barrier(6), context.Queue()
    caches["default"].close()  # each child opens connections of its own
    children = [context.Process(target=_count_in_a_process, args=(start, 5, outcome)) for _ in range(6)]
    for child in children:
        child.start()
    allowed = sum(outcome.get(timeout=30) for _ in children)
    for child in children:
        child.join(timeout=30)
        assert child.exitcode == 0
    assert allowed == 10  # 30 tries in 6 processes, a limit of 10
    assert ratelimit.is_limited("password-reset-address", "198.51.100.1", 10)


@pytest.mark.redis
def test_a_use_given_back_no_longer_counts_and_the_window_slides(on_redis, monkeypatch):
    now = 1_800_000_000.0
    monkeypatch.setattr(ratelimit.time, "time", lambda: now)
    token = ratelimit.take("signup", "203.0.113.7", 1)
    assert token is not None
    assert ratelimit.take("signup", "203.0.113.7", 1) is None
    ratelimit.give_back("signup", "203.0.113.7", token)
    assert ratelimit.allow("signup", "203.0.113.7", 1)
    monkeypatch.setattr(ratelimit.time, "time", lambda: now + 3599)
    assert ratelimit.is_limited("signup", "203.0.113.7", 1)
    monkeypatch.setattr(ratelimit.time, "time", lambda: now + 3601)
    assert not ratelimit.is_limited("signup", "203.0.113.7", 1)


def test_without_redis_threads_of_one_process_also_reach_exactly_the_limit():
    from django.core.cache.backends.locmem import LocMemCache

    assert isinstance(caches["default"], LocMemCache)  # make run / make test: no REDIS_URL
    results = _all_at_once(40, lambda: ratelimit.allow("complaint", "203.0.113.5", 7))
    assert results.count(True) == 7


# --- Two gunicorn servers share the complaint limit ----------------------------------------------------------------

LIMIT = 3


def _database_url(tmp_path: Path) -> str:
    """A DATABASE_URL both servers open: on PostgreSQL the test database itself; on SQLite (an in-memory test
    database) a file copy of it."""
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        user = db["USER"] or "postgres"
        return f"postgres://{user}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    copy = tmp_path / "servers.sqlite3"
    target = sqlite3.connect(copy)
    connection.ensure_connection()
    connection.connection.backup(target)
    target.close()
    return f"sqlite:///{copy}"


class Browser:
    """One visitor (one address, one cookie jar) sending complaints to whichever server it is pointed at."""

    def __init__(self):
        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies), NoRedirect)

    def open(self, url: str, data: dict | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(url, data=body, headers={"Referer": url})  # noqa: S310 (127.0.0.1 only)
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def complain(self, base: str, place) -> int:
        url = base + reverse("public:complaint_create")
        status, html = self.open(url)
        assert status == 200, html[:500]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        data = {
            "csrfmiddlewaretoken": token,
            "institution_name": "某无证托育点",
            "jurisdiction": place.pk,
            "category": ComplaintCategory.CARE,
            "description": "孩子多次午睡后身上有淤青，老师说不清原因。",
            "contact_name": "陈家长",
            "contact_phone": "137 0000 1111",
        }
        return self.open(url, data)[0]


def _answers(base: str) -> bool:
    try:
        return Browser().open(base + reverse("public:complaint_create"))[0] == 200
    except urllib.error.URLError:  # not listening yet
        return False


@pytest.fixture
def two_servers(on_redis, tmp_path, settings):
    """Two gunicorn servers (-w 1 each) on two ports, REDIS_URL and the complaint limit set, one test database."""
    place = jurisdiction()
    env = {
        **{key: os.environ[key] for key in ("PATH", "HOME", "LANG") if key in os.environ},
        "DATABASE_URL": _database_url(tmp_path),
        "REDIS_URL": REDIS_URL,
        "REDIS_KEY_PREFIX": settings.CACHES["default"]["KEY_PREFIX"],
        "COMPLAINT_RATE_LIMIT_PER_HOUR": str(LIMIT),
        "DJANGO_SECRET_KEY": "test-only-not-secret",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_HTTPS": "0",
        "DJANGO_PLAIN_STATIC": "1",
        "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
    }
    started = []
    try:
        for name in ("a", "b"):
            port, log = free_port(), tmp_path / f"gunicorn-{name}.log"
            with log.open("wb") as out:
                process = subprocess.Popen(  # noqa: S603 (our own gunicorn)
                    [VENV / "bin" / "gunicorn", "baodi_care.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
                    cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
                )  # fmt: skip
            started.append((process, log, f"http://127.0.0.1:{port}"))
        deadline = time.monotonic() + 30
        for process, log, base in started:
            while not _answers(base):
                assert process.poll() is None, log.read_text()[-3000:]
                assert time.monotonic() < deadline, log.read_text()[-3000:]
                time.sleep(0.2)
        yield [base for _, _, base in started], place
    finally:
        for process, _, _ in started:
            process.terminate()
        for process, _, _ in started:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_two_gunicorn_servers_share_the_complaint_limit(two_servers):
    (first, second), place = two_servers
    visitor = Browser()
    answers = [visitor.complain((first, second)[n % 2], place) for n in range(LIMIT)]
    assert answers == [302] * LIMIT  # a, b, a: each received
    # The limit is used up for this address on both servers, whichever gets the next one.
    assert visitor.complain(second, place) == 429
    assert visitor.complain(first, place) == 429
    if connection.vendor == "postgresql":  # the servers wrote into the test database itself
        assert Complaint.objects.count() == LIMIT
