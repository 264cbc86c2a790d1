"""The commission's pages for staff accounts (services in baodi_care/accounts/staff/): here, above core, because
the list is a core.lists list page and accounts may import nothing above it."""
