"""Operators sign themselves up: an inactive account that the link in its verification e-mail activates."""
