"""What the header of every page knows about the user."""

from baodi_care.accounts.choices import Role


def portal(request) -> dict:
    """What the header needs on every page: the user's role and jurisdiction."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from baodi_care.accounts.models import Notification

    return {
        "unread_notifications": Notification.objects.for_user(user).unread().count(),
        "user_role_label": Role(user.role).label if user.role in Role.values else "",
        "user_jurisdiction": user.jurisdiction if user.jurisdiction_id else None,
    }
