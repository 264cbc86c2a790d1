"""The models of supervision, one module per aggregate; app label and table names are unchanged."""

from .checklists import ChecklistItem, ChecklistTemplate
from .complaints import Complaint, ComplaintEvent, ComplaintQuerySet, new_tracking_code
from .inspections import EvidenceFile, Inspection, InspectionQuerySet, ItemCheck, evidence_upload_to
from .plan import InspectionFrequency
from .quality import QualityIndicator, QualityTemplate
from .rectifications import Rectification, RectificationEvent, RectificationQuerySet
from .statistics import DashboardSnapshot, OpenDataFile

__all__ = [
    "ChecklistItem",
    "ChecklistTemplate",
    "Complaint",
    "ComplaintEvent",
    "ComplaintQuerySet",
    "DashboardSnapshot",
    "EvidenceFile",
    "Inspection",
    "InspectionFrequency",
    "InspectionQuerySet",
    "ItemCheck",
    "OpenDataFile",
    "QualityIndicator",
    "QualityTemplate",
    "Rectification",
    "RectificationEvent",
    "RectificationQuerySet",
    "evidence_upload_to",
    "new_tracking_code",
]
