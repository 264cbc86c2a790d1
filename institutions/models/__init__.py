"""The models of institutions, one module per aggregate; app label and table names are unchanged."""

from .calendar import CalendarDay
from .designations import (
    DesignationApplication,
    DesignationApplicationQuerySet,
    DesignationEvent,
    DesignationEventQuerySet,
)
from .fees import FeeItem, FeeSchedule, FeeScheduleQuerySet
from .filings import (
    Document,
    DocumentQuerySet,
    DocumentType,
    Filing,
    FilingEvent,
    FilingEventQuerySet,
    FilingQuerySet,
    ReceiptCounter,
    SectionReview,
    document_upload_to,
)
from .imports import ColumnMapping, FollowUp, FollowUpQuerySet, RegisterImport, Registration, RegistrationQuerySet
from .members import InstitutionClaim, InstitutionClaimQuerySet, Invitation, InvitationQuerySet
from .register import (
    INVALID_USCC,
    ClassGroup,
    ClassGroupQuerySet,
    Institution,
    InstitutionQuerySet,
    Membership,
    MembershipQuerySet,
    StaffMember,
    StaffMemberQuerySet,
    validate_uscc,
)
from .reports import OperatingReport, OperatingReportQuerySet

__all__ = [
    "INVALID_USCC",
    "CalendarDay",
    "ClassGroup",
    "ClassGroupQuerySet",
    "ColumnMapping",
    "DesignationApplication",
    "DesignationApplicationQuerySet",
    "DesignationEvent",
    "DesignationEventQuerySet",
    "Document",
    "DocumentQuerySet",
    "DocumentType",
    "FeeItem",
    "FeeSchedule",
    "FeeScheduleQuerySet",
    "Filing",
    "FilingEvent",
    "FilingEventQuerySet",
    "FilingQuerySet",
    "FollowUp",
    "FollowUpQuerySet",
    "Institution",
    "InstitutionClaim",
    "InstitutionClaimQuerySet",
    "InstitutionQuerySet",
    "Invitation",
    "InvitationQuerySet",
    "Membership",
    "MembershipQuerySet",
    "OperatingReport",
    "OperatingReportQuerySet",
    "ReceiptCounter",
    "RegisterImport",
    "Registration",
    "RegistrationQuerySet",
    "SectionReview",
    "StaffMember",
    "StaffMemberQuerySet",
    "document_upload_to",
    "validate_uscc",
]
