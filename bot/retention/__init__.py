"""Retention: personal data that has aged out is pseudonymised or deleted, on its own schedule."""
