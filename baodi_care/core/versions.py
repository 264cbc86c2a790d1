"""Versioned configuration (inspection checklists, quality indicators): a version's state beside the current one."""

from __future__ import annotations


def version_state(version, current_version: int) -> str:
    """ "current", "draft" (newer than the current version, never published) or "superseded"."""
    if version.is_current:
        return "current"
    return "draft" if version.version > current_version else "superseded"
