"""Abstract models the apps' rows are made of: timestamps, a workflow's event rows, an uploaded file's row.

Each concrete model keeps its app label, its table and its own `AppendOnlyHistory()`; these bases only declare
the fields that were written the same way in several models, so the migrations see exactly the fields they had.
Event and upload rows are append-only (accounts/append_only.py): written once, never changed or deleted.
`in_reader_language` shows a row's text kept in Chinese and, optionally, English.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from baodi_care.accounts.append_only import AppendOnly, append_only_triggers
from baodi_care.core.files import StoredFile


def in_reader_language(text: str, text_en: str) -> str:
    """A row's own (Chinese) text, or its English version when the page is in English and the row has one."""
    if text_en and (get_language() or "").startswith("en"):
        return text_en
    return text


def assign(record: models.Model, values: dict, allowed) -> None:
    """Set the fields a service was given on the record it edits. A name outside `allowed` is the caller's bug (a
    form offers only those), so it raises ValueError rather than a message to the user."""
    for name, value in values.items():
        if name not in allowed:
            raise ValueError(name)
        setattr(record, name, value)


class Created(models.Model):
    """A row that remembers when it was made."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        abstract = True


class Timestamped(Created):
    """A row that remembers when it was made and when it last changed."""

    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


def status_fields(model: type[models.Model]) -> tuple[models.CharField, models.CharField]:
    """An event row's `from_status` and `to_status`: as wide as `model`'s own status and with its choices.

    ``from_status, to_status = status_fields(Filing)``; a step noted without a change of status has both equal,
    and the first event (the object's creation) may have no `from_status`.
    """
    status = model._meta.get_field("status")
    return (
        models.CharField(_("from"), max_length=status.max_length, choices=status.choices, blank=True),
        models.CharField(_("to"), max_length=status.max_length, choices=status.choices),
    )


class WorkflowEvent(AppendOnly):
    """One step of an object's workflow, or something noted about it: what was done, by whom, when and why.

    `Workflow.record` (core/transitions.py) writes these rows, once: they are append-only. A concrete event model
    adds its foreign key to the object (its only relation besides `by`, `on_delete=PROTECT`) and the two status
    fields from `status_fields`, and redeclares a field only where its label or nullability differs.
    """

    action = models.CharField(_("action"), max_length=20)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(_("note"), blank=True)

    # Declared by the concrete model through status_fields(); named here for __str__ and type checkers.
    from_status: str
    to_status: str

    class Meta:
        abstract = True
        ordering = ["at", "pk"]
        triggers = append_only_triggers()

    def __str__(self) -> str:
        return f"{self.subject_id} {self.from_status}→{self.to_status}"

    @classmethod
    def subject_field(cls) -> models.ForeignKey:
        """The foreign key to the object whose steps these rows are."""
        (field,) = (f for f in cls._meta.concrete_fields if f.many_to_one and f.name != "by")
        return field

    @property
    def subject_id(self):
        return getattr(self, self.subject_field().attname)


class Upload(StoredFile, AppendOnly):
    """The row of one uploaded file: what `store_upload` (core/files.py) describes and who sent it, when.

    The concrete model declares `file` itself (each has its own folder, so its own `upload_to`) and its
    append-only triggers (`append_only_triggers` in its Meta): the row and its file are never replaced.
    """

    extension = models.CharField(max_length=4)
    original_name = models.CharField(_("original file name"), max_length=200)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
