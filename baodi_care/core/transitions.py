"""State transitions written once: the version check, the transition table and the event row, in one transaction.

Each aggregate with a workflow (filings, rectifications, complaints, inspections) describes it with a `Workflow`
in its services module and takes every step through `Workflow.advance`. The lock is a conditional
`UPDATE … WHERE version = n AND status = s`: of two people deciding the same object at once, exactly one matches
the row, on SQLite and PostgreSQL alike; the other is told the object changed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F
from django.utils.functional import Promise, lazy
from django.utils.translation import gettext_lazy as _

# The refusals every workflow shares, written once; %(object)s is the model's name (its verbose_name).
ILLEGAL_STEP = _("This %(object)s is “%(status)s”; “%(action)s” is not possible now.")
STALE_PAGE = _(
    "Someone else has changed this %(object)s since you opened it (it is now “%(status)s”). "
    "Nothing was saved; please look at it again."
)
NOT_ALLOWED = _("You are not allowed to do this to this %(object)s.")


def _naming(message, noun) -> str:
    return str(message).replace("%(object)s", str(noun))


_naming_lazy = lazy(_naming, str)


def about(message, model: type[models.Model]) -> Promise:
    """One of the shared refusals about `model`: translated when shown, its other placeholders left for later."""
    return _naming_lazy(message, model._meta.verbose_name)


class TransitionError(ValidationError):
    """A step that the transition table or the rules refuse."""


class StaleError(TransitionError):
    """Someone else changed the object first (or the page carried no readable version)."""


def same_version(posted, current: int) -> bool:
    """A tampered or missing hidden version field is as good as a stale page."""
    try:
        return int(posted) == current
    except (TypeError, ValueError):
        return False


@dataclass(frozen=True)
class Workflow:
    """One aggregate's transitions: the table, its two refusals, and where each step is written down.

    `illegal` is worded with %(status)s and %(action)s, `stale` with %(status)s (the status now stored); by default
    they are the shared ILLEGAL_STEP and STALE_PAGE about the model, and `not_allowed` NOT_ALLOWED.
    Without `events` no event row is written (the object's history records the step); `event_field` names the
    events' foreign key to the object, by default their one foreign key to `model`. Unversioned models are
    locked on their status alone.
    """

    model: type[models.Model]
    table: Mapping[tuple[str, str], str]
    illegal: str = ""
    stale: str = ""
    not_allowed: str = ""
    actions: type[models.TextChoices] | None = None
    events: type[models.Model] | None = None
    event_field: str = ""
    status_labels: Mapping[str, str] | None = None
    error: type[TransitionError] = TransitionError
    stale_error: type[StaleError] = StaleError
    versioned: bool = True

    def __post_init__(self):
        for name, shared in (("illegal", ILLEGAL_STEP), ("stale", STALE_PAGE), ("not_allowed", NOT_ALLOWED)):
            if not getattr(self, name):
                object.__setattr__(self, name, about(shared, self.model))

    @property
    def refusals(self) -> tuple:
        """(illegal, stale, not_allowed): the services' names for the three refusals."""
        return self.illegal, self.stale, self.not_allowed

    def status_label(self, status: str):
        labels = self.status_labels or dict(self.model._meta.get_field("status").flatchoices)
        return labels.get(status, status)

    def action_label(self, action: str):
        return self.actions(action).label if self.actions and action in self.actions.values else action

    def _event_field(self) -> str:
        if self.event_field:
            return self.event_field
        (name,) = (f.name for f in self.events._meta.fields if f.many_to_one and f.related_model is self.model)
        return name

    def _stale(self, status: str) -> StaleError:
        return self.stale_error(self.stale, code="stale", params={"status": self.status_label(status)})

    def check(self, obj: models.Model, *, action: str, version=None) -> str:
        """Refuse a stale page or a step the table does not allow from the current status; returns the target.

        Services call this before asking who is acting: a decision posted from a page opened before someone
        else's step is told the object changed, not that it lacks the right (its holder may have passed it on).
        """
        if self.versioned and not same_version(version, obj.version):
            raise self._stale(obj.status)
        target = self.table.get((obj.status, action))
        if target is None:
            raise self.error(
                self.illegal,
                code="illegal",
                params={"status": self.status_label(obj.status), "action": self.action_label(action)},
            )
        return target

    def advance(self, obj: models.Model, *, action: str, by, version=None, note: str = "") -> str:
        """Take one step of the table and write its event; `obj` then holds the new status and version.

        The caller saves the object's other fields afterwards (full_clean, save) in the same transaction.
        """
        target = self.check(obj, action=action, version=version)
        rows = self.model._default_manager.filter(pk=obj.pk, status=obj.status)
        changes: dict = {"status": target}
        if self.versioned:
            rows = rows.filter(version=obj.version)
            changes["version"] = F("version") + 1
        with transaction.atomic():
            # The conditional UPDATE is the lock: of two deciders holding the same version only one matches.
            if not rows.update(**changes):
                now = self.model._default_manager.filter(pk=obj.pk).values_list("status", flat=True).first()
                raise self._stale(now or obj.status)
            self.record(obj, action=action, by=by, to_status=target, note=note)
        obj.status = target
        if self.versioned:
            obj.version += 1
        obj._history_user = by
        return target

    def record(self, obj: models.Model, *, action: str, by, note: str = "", from_status=None, to_status=None):
        """Write an event row (a step, or something noted without a change of status such as an upload)."""
        if self.events is None:
            return None
        return self.events._default_manager.create(
            **{self._event_field(): obj},
            action=action,
            from_status=obj.status if from_status is None else from_status,
            to_status=obj.status if to_status is None else to_status,
            by=by,
            note=note,
        )
