from django.db import transaction

from .models import User


@transaction.atomic
def update_profile(*, user: User, by: User, full_name: str, email: str, phone: str) -> User:
    """Update a user's own contact details."""
    user.full_name = full_name
    user.email = email
    user.phone = phone
    user._history_user = by
    user.full_clean(exclude=["password"])
    user.save(update_fields=["full_name", "email", "phone"])
    return user
