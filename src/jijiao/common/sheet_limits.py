"""The workbook limits from the ``JIJIAO_SHEET_*`` settings (the thin Django side of
:mod:`jijiao.common.sheets`, which itself imports no Django)."""

from django.conf import settings

from jijiao.common.sheets import MB, SheetLimits


def limits(*, max_rows: int | None = None) -> SheetLimits:
    """The configured limits; ``max_rows`` lowers the row limit for an import that takes fewer."""
    configured = SheetLimits(
        max_bytes=settings.UPLOAD_WORKBOOK_MB * MB,
        max_part_bytes=settings.SHEET_MAX_PART_MB * MB,
        max_unpacked_bytes=settings.SHEET_MAX_UNPACKED_MB * MB,
        max_rows=settings.SHEET_MAX_ROWS,
        max_columns=settings.SHEET_MAX_COLUMNS,
    )
    return configured.with_rows(max_rows) if max_rows else configured
