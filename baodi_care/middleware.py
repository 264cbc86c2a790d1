"""Middleware of the portal: Chinese by default, whatever the browser asks for."""


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
