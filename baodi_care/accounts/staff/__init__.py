"""Staff accounts without the Django admin: the commission creates, deactivates, reactivates and moves officials and
member-department users, and resets a second factor; a new user sets their password through a one-time link.

The pages are a list page (core.lists), so they live above core, in baodi_care/home/staff/; the set-password page
is here (it needs nothing of core)."""
