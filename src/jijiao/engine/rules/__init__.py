"""Pure rule functions over plain data, one module per area.

Nothing here imports Django: the web workflows build the same input dataclasses from the ORM and
call the same functions as the precheck (contract.md), so the two cannot disagree.
"""
