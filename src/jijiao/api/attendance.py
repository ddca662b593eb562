"""Attendance over the API: an offline device uploads the scans it kept.

Each scan carries the device's nonce; the same nonce uploaded again (a retry, or the same
batch from two connections) returns the stored outcome and records nothing twice.
"""

import datetime as dt

from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.errors import HttpError

from jijiao.api.auth import token_or_session
from jijiao.attendance.domain.scans import OfflineScan, scans_upload
from jijiao.common.errors import DomainError
from jijiao.hosting.queries import sessions_for_user

router = Router(tags=["attendance"], auth=token_or_session)


class ScanIn(Schema):
    nonce: str
    code: str
    scanned_at: dt.datetime


class ScanBatchIn(Schema):
    scans: list[ScanIn]


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
    response=ScanBatchOut,
    summary="上传离线扫码记录（按 nonce 去重）",
)
def upload_scans(request, session_id: int, payload: ScanBatchIn):
    session = get_object_or_404(sessions_for_user(request.user), pk=session_id)
    if len(payload.scans) > 1000:
        raise HttpError(400, "每次最多上传 1000 条")
    try:
        stored = scans_upload(
            by=request.user,
            session=session,
            scans=[OfflineScan(s.nonce, s.code, s.scanned_at) for s in payload.scans],
        )
    except DomainError as error:
        raise HttpError(400, error.message) from None
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
