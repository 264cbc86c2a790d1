"""Middleware of the portal: Chinese by default, whatever the browser asks for; responses kept out of caches."""

from django.conf import settings
from django.utils.cache import add_never_cache_headers


class ChineseUnlessAskedMiddleware:
    """Serve Chinese unless the user chose another language with the switch (stored in the language cookie).

    Government desktops often run English browsers; the browser's Accept-Language must not turn the portal
    English for them. Placed before LocaleMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class PrivateResponsesMiddleware:
    """Nothing a signed-in user sees, and no file, stays in a browser's or a proxy's cache; Permissions-Policy.

    Every response to a signed-in user and every file (a response with Content-Disposition: documents, evidence,
    exports) is sent `no-store`, so that the back button or the next user of a shared office computer finds
    nothing. Public pages for anonymous visitors may be cached, except those that opt out with never_cache.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or response.has_header("Content-Disposition"):
            add_never_cache_headers(response)
        if settings.PERMISSIONS_POLICY:
            response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
