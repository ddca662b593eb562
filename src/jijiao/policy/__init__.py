"""The Django app of policy packs: office-authored packs stored in the database, their pages and
the snapshots decisions keep. The packs themselves (schema, loader, model) are pure:
``jijiao.engine.packs``.
"""
