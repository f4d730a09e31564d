"""The GraphQL API's tests run on a real database (SQLite and PostgreSQL)."""

from tests.db_fixtures import *  # noqa: F403
