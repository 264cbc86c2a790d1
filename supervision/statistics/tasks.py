"""The dashboard's refresh on celery beat's schedule (every DASHBOARD_REFRESH_MINUTES)."""

from celery import shared_task


@shared_task(name="supervision.statistics.refresh_dashboard")
def refresh_dashboard() -> int:
    """Recompute the stale dashboard snapshots (and open data files); returns how many were computed."""
    from supervision.statistics.snapshots import refresh_snapshots, refresh_started

    refresh_started()
    return refresh_snapshots()
