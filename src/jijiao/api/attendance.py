"""Attendance over the API: an offline device uploads the scans it kept.

Each scan carries the device's nonce; the same nonce uploaded again (a retry, or the same
batch from two connections) returns the stored outcome and records nothing twice.
"""

import datetime as dt

from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from pydantic import field_validator

from jijiao.api.auth import token_or_session
from jijiao.api.errors import WITH_BODY, RowId
from jijiao.attendance.domain.scans import OfflineScan, scans_upload
from jijiao.hosting.queries import sessions_for_user

router = Router(tags=["attendance"], auth=token_or_session)


class ScanIn(Schema):
    nonce: str = Field(..., min_length=1, max_length=64, description="设备为每次扫码生成的唯一编号")
    code: str = Field(..., max_length=2000, description="扫到的二维码内容")
    scanned_at: dt.datetime = Field(..., description="扫码时间（带时区，2000–2099 年）")

    @field_validator("scanned_at")
    @classmethod
    def _plausible(cls, value: dt.datetime) -> dt.datetime:
        # A device clock far off (year 959, say) is a broken device, not a scan: refused in
        # words, and never stored to be read back in a zone's pre-1900 local mean time.
        if not 2000 <= value.year <= 2099:
            raise ValueError("扫码时间须在 2000 至 2099 年之间，请检查设备时间")
        if value.tzinfo is None:
            raise ValueError("扫码时间须带时区，如 2025-05-20T09:05:00+08:00")
        return value


class ScanBatchIn(Schema):
    scans: list[ScanIn] = Field(..., max_length=1000, description="每次最多 1000 条")


class ScanOut(Schema):
    nonce: str
    outcome: str
    outcome_label: str
    kind: str
    reason_code: str
    reason: str
    person: str | None
    scanned_at: dt.datetime


class ScanBatchOut(Schema):
    results: list[ScanOut]


@router.post(
    "/sessions/{session_id}/scans",
    response={200: ScanBatchOut, **WITH_BODY},
    summary="上传离线扫码记录（按 nonce 去重）",
)
def upload_scans(request, session_id: RowId, payload: ScanBatchIn):
    session = get_object_or_404(sessions_for_user(request.user), pk=session_id)
    stored = scans_upload(
        by=request.user,
        session=session,
        scans=[OfflineScan(s.nonce, s.code, s.scanned_at) for s in payload.scans],
    )
    return ScanBatchOut(
        results=[
            ScanOut(
                nonce=scan.nonce or "",
                outcome=scan.outcome,
                outcome_label=scan.get_outcome_display(),
                kind=scan.kind,
                reason_code=scan.reason_code,
                reason=scan.reason,
                person=scan.person.name if scan.person_id else None,
                scanned_at=scan.scanned_at,
            )
            for scan in stored
        ]
    )
