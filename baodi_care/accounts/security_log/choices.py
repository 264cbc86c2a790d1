"""What the security log records: an action code per kind of event, and how it went."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SecurityAction(models.TextChoices):
    # Signing in and out (the Django admin's sign-in included), throttling and lockouts.
    SIGN_IN = "sign_in", _("Sign-in")
    ADMIN_SIGN_IN = "admin_sign_in", _("Sign-in to the Django admin")
    SIGN_IN_DELAYED = "sign_in_delayed", _("Sign-in refused: wait after failures")
    LOCKOUT = "lockout", _("Sign-in locked out")
    SIGN_OUT = "sign_out", _("Sign-out")
    # The second factor.
    SECOND_FACTOR = "second_factor", _("Second factor code")
    SECOND_FACTOR_ENROL = "second_factor_enrol", _("Second factor set up")
    RECOVERY_CODE_USED = "recovery_code_used", _("Recovery code used")
    RECOVERY_CODES_ISSUED = "recovery_codes_issued", _("Recovery codes issued")
    SECOND_FACTOR_OFF = "second_factor_off", _("Second factor turned off")
    SECOND_FACTOR_RESET = "second_factor_reset", _("Second factor reset")
    # Anti-automation: a limit per address or account reached (sign-up, complaints, the current password asked again).
    RATE_LIMITED = "rate_limited", _("Refused: too many attempts")
    PASSWORD_CHECK = "password_check", _("Current password asked again")
    # Refused access (a 403, or the 404 of an object outside the user's scope).
    ACCESS_REFUSED = "access_refused", _("Access refused")
    NOT_FOUND = "not_found", _("Object not found or out of scope")
    # Accounts, roles and memberships.
    ACCOUNT_CREATED = "account_created", _("Account created")
    ACCOUNT_ACTIVATED = "account_activated", _("Account activated")
    ACCOUNT_DEACTIVATED = "account_deactivated", _("Account deactivated")
    ACCOUNT_REACTIVATED = "account_reactivated", _("Account reactivated")
    OFFICIAL_MOVED = "official_moved", _("Official moved to another sub-district/town")
    PROFILE_CHANGED = "profile_changed", _("Profile changed")
    EMAIL_CHANGE_REQUESTED = "email_change_requested", _("E-mail change asked for")
    EMAIL_CHANGED = "email_changed", _("E-mail address changed")
    PASSWORD_CHANGED = "password_changed", _("Password changed")
    PASSWORD_RESET_REQUESTED = "password_reset_requested", _("Password reset asked for")
    PASSWORD_RESET = "password_reset", _("Password reset")
    PASSWORD_LINK_SENT = "password_link_sent", _("Set-password link sent")
    SESSIONS_ENDED = "sessions_ended", _("Sessions ended")
    MEMBER_ADDED = "member_added", _("Member added to an institution")
    MEMBER_MADE_OWNER = "member_made_owner", _("Member made owner")
    MEMBER_REMOVED = "member_removed", _("Member removed")
    MEMBER_INVITED = "member_invited", _("Colleague invited")
    INVITATION_WITHDRAWN = "invitation_withdrawn", _("Invitation withdrawn")
    CLAIM_CODE = "claim_code", _("Claim code entered")
    # Personal data and files.
    FILE_DOWNLOAD = "file_download", _("File downloaded")
    FILE_PREVIEW = "file_preview", _("File previewed")
    COMPLAINANT_VIEWED = "complainant_viewed", _("Complainant's name or phone viewed")
    # The virus scan of uploads: malware found (refused), or the scanner could not answer (refused, fail closed).
    UPLOAD_INFECTED = "upload_infected", _("Upload refused: malware found")
    UPLOAD_SCAN_FAILED = "upload_scan_failed", _("Upload refused: the virus scanner did not answer")
    # The administrators' own actions.
    ADMIN_ADDITION = "admin_addition", _("Django admin: added")
    ADMIN_CHANGE = "admin_change", _("Django admin: changed")
    ADMIN_DELETION = "admin_deletion", _("Django admin: deleted")
    AUDIT_VIEW = "audit_view", _("Audit page viewed")
    AUDIT_EXPORT = "audit_export", _("Audit export downloaded")
    LOG_PRUNED = "log_pruned", _("Security log pruned")


class SecurityOutcome(models.TextChoices):
    SUCCESS = "success", _("Success")
    FAILURE = "failure", _("Failure")
    REFUSED = "refused", _("Refused")
