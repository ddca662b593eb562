"""Policy pages."""
