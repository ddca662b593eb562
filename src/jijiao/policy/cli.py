"""Subcommands of the policy area (filled in by the policy engine)."""

SUBCOMMANDS: dict = {}
