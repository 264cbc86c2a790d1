from __future__ import annotations

from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.clickjacking import xframe_options_sameorigin

from baodi_care.accounts.permissions import RoleRequiredMixin
from institutions.models import Document
from institutions.permissions import FILING_ROLES


def _document_for(request, pk: int) -> Document:
    return get_object_or_404(Document.objects.for_user(request.user).select_related("document_type"), pk=pk)


class DocumentDownloadView(RoleRequiredMixin, View):
    """The file as an attachment, under the name it was uploaded with."""

    allowed_roles = FILING_ROLES

    def get(self, request, pk):
        document = _document_for(request, pk)
        response = FileResponse(
            document.file.open("rb"),
            as_attachment=True,
            filename=document.original_name or f"{document.document_type.code}.{document.extension}",
            content_type=document.content_type,
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response


@method_decorator(xframe_options_sameorigin, name="dispatch")
class DocumentPreviewView(RoleRequiredMixin, View):
    """The file inline, for the review page's viewer; only the sniffed PDF/PNG/JPEG types are ever sent."""

    allowed_roles = FILING_ROLES

    def get(self, request, pk):
        document = _document_for(request, pk)
        response = FileResponse(
            document.file.open("rb"),
            filename=document.original_name or f"{document.document_type.code}.{document.extension}",
            content_type=document.content_type,
        )
        response["X-Content-Type-Options"] = "nosniff"
        if document.extension == "pdf":
            response["Content-Security-Policy"] = "sandbox"
        return response
