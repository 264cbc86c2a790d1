"""Rows of the role × URL matrix, one module per app (see tests/test_scoping.py)."""
