"""A filing's documents, as a download and inline for the review page's viewer."""

from __future__ import annotations

from baodi_care.core.files import StoredFileView
from institutions.models import Document
from institutions.permissions import FILING_ROLES


class DocumentDownloadView(StoredFileView):
    """The file as an attachment, under the name it was uploaded with."""

    allowed_roles = FILING_ROLES

    def get_queryset(self):
        return Document.objects.for_user(self.request.user).select_related("document_type")


class DocumentPreviewView(DocumentDownloadView):
    """The file inline, for the review page's viewer (PDFs sandboxed)."""

    inline = True
