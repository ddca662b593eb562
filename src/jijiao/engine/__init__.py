"""The engine: the rules of the notices as pure functions, the policy packs that parametrise them,
and the precheck that runs one over the other.

Nothing here imports Django or any other part of ``jijiao``: the web workflows build the same input
dataclasses from the ORM and call the same functions as ``jijiao precheck``, so the two cannot
disagree, and the command starts without setting up Django (contract.md).
"""
