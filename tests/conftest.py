"""Shared pytest set-up. Fixtures for real PostgreSQL/Redis servers live in tests/services."""

pytest_plugins = ["tests.services.fixtures"]
