"""The read replica: reports and exports read from it, everything else from the primary database.

With DATABASE_REPLICA_URL set, settings.py adds the database alias "replica" and installs `ReplicaRouter`. Reads go
to the replica only inside `reads_from_replica` (a decorator or context manager, which the export, dashboard and open
data views use); writes, and every read outside it, go to "default". A replica lags behind the primary, so an
operator's own pages (which must show what was just saved) never read from it, and neither does a read inside a
transaction on the primary (it must see that transaction's own writes, as a service's checks and a job's
select_for_update do). A streamed response's rows are read after the view has returned: the decorator carries the
context into the response's iterator, chunk by chunk.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
from collections.abc import Iterable, Iterator

from django.db import DEFAULT_DB_ALIAS, connections
from django.http import FileResponse, StreamingHttpResponse

REPLICA = "replica"

_reporting = contextvars.ContextVar("baodi_reads_from_replica", default=False)


def replica_configured() -> bool:
    return REPLICA in connections.settings


class ReplicaRouter:
    """Reads inside `reads_from_replica` on the replica; all else, and all writes and migrations, on default."""

    def db_for_read(self, model, **hints):
        if _reporting.get() and replica_configured() and not connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return REPLICA
        # Explicitly default, also for an object read from the replica (Django would otherwise stay on its alias).
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # The same data on both: an object read from the replica may be related to one read from default.
        if {obj1._state.db, obj2._state.db} <= {DEFAULT_DB_ALIAS, REPLICA, None}:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # The replica copies the primary's schema by replication; migrations run on the primary only.
        return db == DEFAULT_DB_ALIAS


def _streamed(chunks: Iterable) -> Iterator:
    """The chunks, each made with the replica's context on: the iterator runs after the view has returned."""
    iterator = iter(chunks)
    while True:
        with _reading():
            try:
                chunk = next(iterator)
            except StopIteration:
                return
        yield chunk


@contextlib.contextmanager
def _reading():
    token = _reporting.set(True)
    try:
        yield
    finally:
        _reporting.reset(token)


class reads_from_replica(contextlib.ContextDecorator):
    """Reads inside go to the replica (when there is one): `with reads_from_replica():`, or `@reads_from_replica()`
    on a view (a function or a method), where a streamed response it returns reads from the replica too while it is
    sent. Each use (each call of a decorated view) has its own state, so one decorator serves concurrent requests."""

    def _recreate_cm(self):
        return type(self)()

    def __enter__(self):
        self._token = _reporting.set(True)
        return self

    def __exit__(self, *exc):
        _reporting.reset(self._token)
        return False

    def __call__(self, view):
        @functools.wraps(view)
        def wrapped(*args, **kwargs):
            with self._recreate_cm():
                response = view(*args, **kwargs)
            if (
                isinstance(response, StreamingHttpResponse)
                and not isinstance(response, FileResponse)  # a file already made: nothing left to read
                and not response.is_async
            ):
                response.streaming_content = _streamed(response.streaming_content)
            return response

        return wrapped
