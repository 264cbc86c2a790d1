"""The user's own pages: the profile and the inbox of notifications."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import TemplateView

from baodi_care.accounts.forms import ProfileForm
from baodi_care.accounts.models import Notification
from baodi_care.accounts.services import mark_read, update_profile
from baodi_care.accounts.sessions import ROW as SESSION_ROW
from baodi_care.accounts.sessions import active_sessions


class ProfileView(LoginRequiredMixin, TemplateView):
    template_name = "accounts/profile.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.setdefault("form", ProfileForm(instance=self.request.user))
        ctx["memberships"] = self.request.user.memberships.select_related("institution")
        ctx["signed_in_sessions"] = active_sessions(self.request.user)
        ctx["current_session"] = self.request.session.get(SESSION_ROW)
        return ctx

    def post(self, request):
        form = ProfileForm(request.POST, instance=request.user)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        update_profile(user=request.user, by=request.user, **form.cleaned_data)
        messages.success(request, _("Your profile has been saved."))
        return redirect("accounts:profile")


class InboxView(LoginRequiredMixin, TemplateView):
    """The user's notifications, newest first; unread ones stand out."""

    template_name = "accounts/inbox.html"
    paginate_by = 20

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        notifications = Notification.objects.for_user(self.request.user).order_by("-created_at", "-pk")
        page = Paginator(notifications, self.paginate_by).get_page(self.request.GET.get("page"))
        ctx.update(page_obj=page, notifications=page.object_list, query="")
        return ctx


class InboxMarkReadView(LoginRequiredMixin, View):
    """Mark the selected notifications (or all of them) as read; `open` marks one and follows its link."""

    def post(self, request):
        user = request.user
        opened = _ids(request.POST.getlist("open"))
        if opened:
            notification = Notification.objects.for_user(user).filter(pk=opened[0]).first()
            if notification is not None:
                mark_read(user=user, notification_ids=[notification.pk])
                if notification.url and url_has_allowed_host_and_scheme(
                    notification.url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
                ):
                    return redirect(notification.url)
            return redirect("accounts:inbox")
        if request.POST.get("all"):
            count = mark_read(user=user)
        else:
            ids = _ids(request.POST.getlist("ids"))
            if not ids:
                messages.info(request, _("Select the notifications to mark as read."))
                return redirect(_back(request))
            count = mark_read(user=user, notification_ids=ids)
        messages.success(
            request,
            ngettext("%(n)d notification marked as read.", "%(n)d notifications marked as read.", count) % {"n": count},
        )
        return redirect(_back(request))


def _ids(values: list[str]) -> list[int]:
    return [int(v) for v in values if v.isdigit()]


def _back(request) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "accounts:inbox"
