"""Writes of office-authored packs."""
