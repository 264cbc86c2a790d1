"""The scoping base: what each role may see is decided once per model, in its QuerySet, and fails closed."""

from __future__ import annotations

from collections.abc import Collection
from typing import Self

from django.db import models

from baodi_care.accounts.permissions import is_signed_in


class ScopedQuerySet(models.QuerySet):
    """The base of every scoped model's QuerySet (STYLE rule 1: scope once, fail closed).

    `for_user(user)` gives anonymous and inactive users nothing and asks `visible_to` for everyone else. A model
    scoped through a related object names its foreign key in `scope_through`: that object's own `for_user` decides,
    for the roles in `scope_roles` (None: every role it admits). A model that decides by role itself overrides
    `visible_to`; a role it does not name must get `none()`, which is also what the base gives by default.
    """

    scope_through: str = ""
    scope_roles: Collection[str] | None = None

    def for_user(self, user) -> Self:
        if not is_signed_in(user):
            return self.none()
        return self.visible_to(user)

    def visible_to(self, user) -> Self:
        """What a signed-in, active user sees."""
        if not self.scope_through or (self.scope_roles is not None and user.role not in self.scope_roles):
            return self.none()
        return self.through_related(user)

    def through_related(self, user) -> Self:
        """The rows whose `scope_through` object the user may see (resolved lazily: core knows no app's models)."""
        related = self.model._meta.get_field(self.scope_through).related_model
        return self.filter(**{f"{self.scope_through}__in": related._default_manager.for_user(user)})
