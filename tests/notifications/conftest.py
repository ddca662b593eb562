"""The application fixtures of tests/projects, for the reminders of a PI's draft."""

from tests.projects.conftest import city_call, colleague, draft, in_window  # noqa: F401
