"""The audit admin's pages."""
