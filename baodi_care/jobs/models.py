"""A background job (Celery): who asked for what, how far it got, and its result file while it lasts."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baodi_care.core.scoping import ScopedQuerySet
from baodi_care.jobs.choices import FINISHED, JobKind, JobStatus


class JobQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """A user's own jobs only: an export holds what its maker may see, which need not be what others may."""
        return self.filter(requested_by=user)


class Job(models.Model):
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="jobs", verbose_name=_("requested by")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=JobKind.choices)
    # What is made, in the requester's language when it was asked for (e.g. "Institution register (CSV)").
    title = models.CharField(_("title"), max_length=200)
    # What the task needs to do the work again from scratch (the export's query string, the stashed upload …).
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    # The language the job was asked for in: its file's headers and its message are written in it.
    language = models.CharField(_("language"), max_length=10, default="zh-hans")
    status = models.CharField(_("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    done = models.PositiveIntegerField(_("rows done"), default=0)
    total = models.PositiveIntegerField(_("rows in all"), default=0)
    # The outcome (an import's counts) or why the job failed, in `language`; never a traceback.
    message = models.TextField(_("message"), blank=True)
    result = models.FileField(_("result file"), upload_to="jobs/", blank=True)
    result_name = models.CharField(_("file name"), max_length=200, blank=True)
    result_content_type = models.CharField(max_length=100, blank=True)
    # Where the page sends the user back to (the exports page, the import page).
    back_url = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    expires_at = models.DateTimeField(_("result expires"), null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["requested_by", "-created_at"]), models.Index(fields=["expires_at"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("jobs:detail", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def has_download(self) -> bool:
        """A result file that may still be downloaded."""
        return self.status == JobStatus.DONE and bool(self.result) and not self.is_expired

    @property
    def percent(self) -> int:
        if self.status == JobStatus.DONE:
            return 100
        return min(100, self.done * 100 // self.total) if self.total else 0
