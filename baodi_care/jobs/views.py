"""The user's background jobs: the list, a job's page (its progress polled by htmx), its result file."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import DetailView, ListView

from baodi_care.accounts.permissions import STAFF_ROLES, RoleRequiredMixin
from baodi_care.jobs.selectors import jobs_of, with_progress

JOB_RESULT_EXPIRED = _("This file has expired and was deleted; make it again.")
JOB_NO_RESULT = _("This job has no file to download.")


class JobListView(RoleRequiredMixin, ListView):
    """My jobs: what I asked for, newest first."""

    allowed_roles = STAFF_ROLES
    template_name = "jobs/job_list.html"
    context_object_name = "jobs"
    paginate_by = 25

    def get_queryset(self):
        return jobs_of(user=self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(job_result_hours=settings.JOB_RESULT_HOURS, **kwargs)


class JobDetailView(RoleRequiredMixin, DetailView):
    """One job: its status and progress, then its file or its message. Another user's job is a 404."""

    allowed_roles = STAFF_ROLES
    template_name = "jobs/job_detail.html"
    context_object_name = "job"

    def get_queryset(self):
        return jobs_of(user=self.request.user)

    def get_object(self, queryset=None):
        return with_progress(super().get_object(queryset))

    def get_template_names(self):
        # htmx polls the status part only.
        return ["jobs/_job_status.html"] if self.request.htmx else [self.template_name]


class JobDownloadView(RoleRequiredMixin, View):
    """The result file, as an attachment that is never cached, while it lasts (JOB_RESULT_HOURS)."""

    allowed_roles = STAFF_ROLES

    def get(self, request, pk):
        job = get_object_or_404(jobs_of(user=request.user), pk=pk)
        if not job.has_download:
            messages.error(request, JOB_RESULT_EXPIRED if job.expires_at else JOB_NO_RESULT)
            return redirect(job)
        response = FileResponse(
            job.result.open("rb"),
            as_attachment=True,
            filename=job.result_name,
            content_type=job.result_content_type or "application/octet-stream",
        )
        response["Cache-Control"] = "no-store"
        response["X-Content-Type-Options"] = "nosniff"
        return response
