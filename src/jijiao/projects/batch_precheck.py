"""The batch precheck of an uploaded workbook: opened through the guarded reader (limits checked
before anything is parsed), then checked by the engine's :func:`~jijiao.engine.batch.batch_precheck`
— which imports no Django and reads no file itself."""

from jijiao.common import sheets
from jijiao.common.sheet_limits import limits
from jijiao.engine import batch
from jijiao.policy.access import resolver

# Drafts of one unit's call: a few hundred course rows at most.
MAX_ROWS = 2000


def batch_precheck_file(
    source: sheets.Source, *, policy_id: str, unit: dict, submitted_at: str
) -> batch.BatchOutcome:
    """The annotated workbook, or an outcome whose ``problem`` says why the file was refused."""
    try:
        with sheets.open_workbook(
            source, limits=limits(max_rows=MAX_ROWS), read_only=False
        ) as book:
            return batch.batch_precheck(
                book,
                policy_id=policy_id,
                unit=unit,
                submitted_at=submitted_at,
                resolver=resolver,
            )
    except sheets.WorkbookRefused as refused:
        return batch.BatchOutcome(b"", 0, 0, refused.problem.message)
