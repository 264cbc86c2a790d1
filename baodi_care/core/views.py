"""What every view does around a service: find the object in the user's scope, call one service, say how it went.

`ScopedObjectMixin` finds the URL's object through `for_user` (out of scope is a 404); `RefusalMixin` sends a user
who may not take a step on it now back to its page. `ServiceActionView` posts a step without a form (publish, delete,
start); `ServiceFormView` (Django's FormView) hands a valid form to one service and shows the service's refusal
beside the fields it names.
"""

from __future__ import annotations

from functools import cached_property

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import FormView

# What a page says when a posted form could not be used (the texts of every room's steps).
FORM_NOT_SAVED = _("Nothing was saved: see the fields marked below.")
DECISION_UNREADABLE = _("Your decision could not be read; nothing was saved. Please try again.")


def error_messages(request, exc: ValidationError) -> None:
    """A service's refusal, as error messages on the next page."""
    for message in exc.messages:
        messages.error(request, message)


def add_service_errors(form, exc: ValidationError) -> None:
    """Put a service's ValidationError beside the fields it names (or above the form)."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def safe_next(request, default: str) -> str:
    """The `next` address of the request if it stays on this site, else `default`."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


class ScopedObjectMixin:
    """The object the URL names, looked up in the user's scope: outside it is a 404, never a 403 (STYLE rule 1).

    `model` and `related` (the neighbours the page shows, for select_related) say what to look up; a view of a model
    without scope (the commission's own configuration, behind its role check) overrides `get_object_queryset`.
    """

    model = None
    related: tuple[str, ...] = ()

    def get_object_queryset(self):
        return self.model.objects.for_user(self.request.user).select_related(*self.related)

    @cached_property
    def object(self):
        return get_object_or_404(self.get_object_queryset(), pk=self.kwargs["pk"])

    def get_object_url(self) -> str:
        """The object's page: where a refused or failed step goes back to."""
        return self.object.get_absolute_url()

    def page_context(self, obj, **bound_forms) -> dict:
        """What the object's page shows. A step posted from it that fails renders the page again with its bound
        form (`self.render_to_response(self.page_context(obj, form=form))`), so nothing typed is lost."""
        return {}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **self.page_context(self.object)}

    def form_instance(self):
        """What a ModelForm edits: on POST a fresh copy, so that the object the service is given stays as it was."""
        if self.request.method == "POST":
            return type(self.object)._default_manager.get(pk=self.object.pk)
        return self.object


class RefusalMixin:
    """A step that may be refused before anything is shown or saved: `refusal()` says why (the object is closed, it
    is not the user's turn); the user is sent back to the object's page with that message."""

    def refusal(self) -> str:
        return ""

    def refuse(self):
        """None, or the response that sends a user who may not take this step back to the object's page."""
        reason = self.refusal()
        if not reason:
            return None
        messages.error(self.request, reason)
        return redirect(self.get_object_url())


class ServiceActionView(RefusalMixin, ScopedObjectMixin, View):
    """POST one step on the object without a form to fill in: one service call (STYLE rule 2), a message, a redirect.

    `perform()` calls the service; a ValidationError it raises is shown as error messages on `get_failure_url()` (the
    object's page). Otherwise `get_success_message(result)` is shown and the user goes on to `get_success_url(result)`.
    """

    http_method_names = ["post"]
    success_message = ""

    def perform(self):
        raise NotImplementedError

    def get_success_message(self, result) -> str:
        return self.success_message

    def get_success_url(self, result) -> str:
        return self.get_object_url()

    def get_failure_url(self) -> str:
        return self.get_object_url()

    def post(self, request, *args, **kwargs):
        refused = self.refuse()
        if refused:
            return refused
        try:
            result = self.perform()
        except ValidationError as exc:
            error_messages(request, exc)
            return redirect(self.get_failure_url())
        messages.success(request, self.get_success_message(result))
        return redirect(self.get_success_url(result))


class ServiceFormView(RefusalMixin, FormView):
    """A form whose valid data goes to one service (STYLE rule 2), on Django's FormView.

    `perform(form)` calls the service and returns what it made or changed (kept as `self.result`). A ValidationError
    it raises is put beside the fields it names and the page is shown again, with `invalid_message` above it when
    set; otherwise `get_success_message()` is shown and the user goes on to `get_success_url()`: by default the page
    of the result. A view about an object adds ScopedObjectMixin (before this class).
    """

    success_message = ""
    invalid_message = ""
    result = None

    def get(self, request, *args, **kwargs):
        return self.refuse() or super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return self.refuse() or super().post(request, *args, **kwargs)

    def perform(self, form):
        raise NotImplementedError

    def get_success_message(self) -> str:
        return self.success_message

    def get_invalid_message(self, form) -> str:
        return self.invalid_message

    def get_success_url(self) -> str:
        return str(self.success_url) if self.success_url else resolve_url(self.result)

    def form_valid(self, form):
        try:
            self.result = self.perform(form)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, self.get_success_message())
        return redirect(self.get_success_url())

    def form_invalid(self, form):
        message = self.get_invalid_message(form)
        if message:
            messages.error(self.request, message)
        return super().form_invalid(form)
