"""Audit rows are append-only: written once, then never changed or deleted, by anyone, the admin included.

What keeps them so, in three layers (README, "Audit trail is append-only"):

- **the ORM**, on every database: a model built on `AppendOnly` refuses `save()` of a row that exists and
  `delete()`; its `AppendOnlyQuerySet` refuses `update()` and `delete()`; the foreign key from a row to what it
  records is `PROTECT`, so deleting a parent cannot cascade into its trail;
- **the database**, on PostgreSQL: `append_only_triggers()` (django-pgtrigger, kept in the migrations like any
  other part of the schema) refuse UPDATE and DELETE whatever sends them: raw SQL, a `bulk_update`, a cascade;
- **the admin**: `accounts/audit_admin.py` shows these rows read-only and refuses simple-history's "revert".

Protecting a new table: build its model on `AppendOnly`, give it `objects = AppendOnlyQuerySet.as_manager()`
(or mix `AppendOnlyQuerySet` into its own QuerySet) and `triggers = append_only_triggers()` in its Meta, make
its foreign keys `PROTECT`, run `makemigrations`, and show it read-only in the admin (`AuditRecordAdmin`).
A history (`AppendOnlyHistory()` instead of `HistoricalRecords()`) is protected the same way.

The one sanctioned way around it is `exempt(Model)`: for a retention command that prunes rows past their
keeping period, and for test fixtures that back-date a trail. Nothing a user can reach calls it.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator

import pgtrigger
from django.conf import settings
from django.core import checks
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.manager import HistoricalQuerySet
from simple_history.models import HistoricalRecords

APPEND_ONLY_REFUSED = _("Audit records are kept as they were written: they cannot be changed or deleted.")

_exempt: contextvars.ContextVar[frozenset[str]] = contextvars.ContextVar("append_only_exempt", default=frozenset())


class AppendOnlyError(PermissionDenied):
    """Something tried to change or delete an audit row (a 403 should it ever reach a view)."""

    def __init__(self, model: type[models.Model]):
        super().__init__(APPEND_ONLY_REFUSED)
        self.model = model


def _is_exempt(model: type[models.Model]) -> bool:
    return model._meta.concrete_model._meta.label in _exempt.get()


def _refuse(model: type[models.Model]) -> None:
    if not _is_exempt(model):
        raise AppendOnlyError(model)


# --- The database: PostgreSQL triggers (django-pgtrigger; SQLite has none, the ORM layer still holds) ---


class _RefuseUpdate(pgtrigger.Protect):
    """Refuse an UPDATE, except of the `settable_once` columns while they are still empty (NULL)."""

    def __init__(self, *, settable_once: tuple[str, ...] = (), **kwargs):
        self.settable_once = tuple(settable_once)
        super().__init__(operation=pgtrigger.Update, **kwargs)

    def get_condition(self, model):
        changed = [
            pgtrigger.Q(**{f"old__{field.name}__df": pgtrigger.F(f"new__{field.name}")})
            for field in model._meta.concrete_fields
            if field.name not in self.settable_once
        ]
        overwritten = [
            pgtrigger.Q(**{f"old__{name}__isnull": False, f"old__{name}__df": pgtrigger.F(f"new__{name}")})
            for name in self.settable_once
        ]
        condition = changed[0]
        for clause in [*changed[1:], *overwritten]:
            condition |= clause
        return condition


class _RefuseDelete(pgtrigger.Trigger):
    """Refuse a DELETE, unless `deletable_while` (SQL over OLD) holds for the row."""

    when = pgtrigger.Before
    operation = pgtrigger.Delete

    def __init__(self, *, deletable_while: str = "", **kwargs):
        self.deletable_while = deletable_while
        super().__init__(**kwargs)

    def get_func(self, model):
        allowed = f"IF {self.deletable_while} THEN RETURN OLD; END IF;" if self.deletable_while else ""
        return self.format_sql(
            f"""
            {allowed}
            RAISE EXCEPTION 'pgtrigger: Cannot delete rows from % table', TG_TABLE_NAME;
            """
        )


def append_only_triggers(*, settable_once: tuple[str, ...] = (), deletable_while: str = "") -> list:
    """The Meta `triggers` that make a table append-only on PostgreSQL.

    With no arguments every UPDATE and DELETE is refused. `settable_once` names nullable columns that may be
    filled in once (a document's submission round, axes's logout time); `deletable_while` is an SQL condition
    over OLD under which a row may still go (a photo of an inspection that is still a draft).
    """
    if not settable_once and not deletable_while:
        return [pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete)]
    refuse_update = (
        _RefuseUpdate(name="append_only_update", settable_once=settable_once)
        if settable_once
        else pgtrigger.Protect(name="append_only_update", operation=pgtrigger.Update)  # even one that changes nothing
    )
    return [refuse_update, _RefuseDelete(name="append_only_delete", deletable_while=deletable_while)]


# --- The ORM, on every database ---


class AppendOnlyQuerySet(models.QuerySet):
    """No `update()` (but of the model's `settable_once` columns, while empty) and no `delete()`."""

    def update(self, **kwargs):
        settable = set(getattr(self.model, "settable_once", ()))
        if kwargs and set(kwargs) <= settable and not _is_exempt(self.model):
            return super(AppendOnlyQuerySet, self.filter(**{f"{name}__isnull": True for name in kwargs})).update(
                **kwargs
            )
        _refuse(self.model)
        return super().update(**kwargs)

    def delete(self):
        _refuse(self.model)
        return super().delete()

    delete.queryset_only = True


class AppendOnly(models.Model):
    """A row that is written once: saving it again or deleting it is refused."""

    # Nullable columns that may be filled in once, by AppendOnlyQuerySet.update(); the triggers name them too.
    settable_once: tuple[str, ...] = ()

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            _refuse(type(self))
        super().save(*args, **kwargs)

    def is_deletable(self) -> bool:
        """Whether this row may still be deleted (never, unless a model says when)."""
        return False

    def delete(self, *args, **kwargs):
        if not self.is_deletable():
            _refuse(type(self))
        return super().delete(*args, **kwargs)


class AppendOnlyHistoricalQuerySet(AppendOnlyQuerySet, HistoricalQuerySet):
    """`instance.history`: read it, add to it (simple-history does), never update or delete it."""


class AppendOnlyHistory(HistoricalRecords):
    """`HistoricalRecords()` whose rows are append-only: on the ORM, and by trigger on PostgreSQL."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("bases", (AppendOnly,))
        kwargs.setdefault("historical_queryset", AppendOnlyHistoricalQuerySet)
        super().__init__(*args, **kwargs)

    def get_meta_options(self, model):
        return {**super().get_meta_options(model), "triggers": append_only_triggers()}


# --- The one way around it ---


@contextlib.contextmanager
def exempt(*protected: type[models.Model]) -> Iterator[None]:
    """Let this thread change or delete rows of these models: only for pruning past retention and test fixtures."""
    uris = [f"{model._meta.label}:{trigger.name}" for model in protected for trigger in model._meta.triggers]
    if not uris:  # pgtrigger.ignore() with no names would ignore every trigger
        raise ValueError("exempt() needs models that have append-only triggers")
    token = _exempt.set(_exempt.get() | {model._meta.concrete_model._meta.label for model in protected})
    try:
        with pgtrigger.ignore(*uris):
            yield
    finally:
        _exempt.reset(token)


@checks.register()
def axes_failure_log_is_not_trimmed(app_configs, **kwargs):
    """axes trims its failure log per user (AXES_ACCESS_FAILURE_LOG_PER_USER_LIMIT) by deleting old rows: the
    trigger would refuse that and break the sign-in that caused it, so the failure log stays off."""
    if getattr(settings, "AXES_ENABLE_ACCESS_FAILURE_LOG", False):
        return [
            checks.Error(
                "AXES_ENABLE_ACCESS_FAILURE_LOG must stay False: axes deletes old failure-log rows, which are "
                "append-only.",
                id="baodi_care.E001",
            )
        ]
    return []
