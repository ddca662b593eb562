"""Office-authored packs and the snapshots the decisions keep."""

from .packs import PolicySnapshot, StoredPack

__all__ = [
    "PolicySnapshot",
    "StoredPack",
]
