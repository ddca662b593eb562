"""Signed codes: the rotating session QR code and a trainee's personal code.

The session code is an HMAC of the session id and a 15-second time step of the one clock
(:func:`jijiao.common.clock.now`); it is valid for ``MAX_STEPS`` steps (≤ 60 s), so a photo of the
screen forwarded later is useless. The personal code is a signed person id (never the ID
number) that staff scan from the trainee's phone.
"""

import hmac
from dataclasses import dataclass

from django.core import signing
from django.utils.crypto import salted_hmac

from jijiao.common import clock

STEP_SECONDS = 15
MAX_STEPS = 4  # the step shown and the three before it: 45–60 s
_SALT = "jijiao.attendance.checkin"
_PERSON_SALT = "jijiao.attendance.person"


def _step(moment=None) -> int:
    return int((moment or clock.now()).timestamp()) // STEP_SECONDS


def _mac(session_id: int, step: int) -> str:
    return salted_hmac(_SALT, f"{session_id}:{step}").hexdigest()[:24]


def session_token(session_id: int, moment=None) -> str:
    step = _step(moment)
    return f"{session_id}-{step}-{_mac(session_id, step)}"


@dataclass(frozen=True)
class TokenCheck:
    session_id: int | None
    valid: bool
    code: str = ""
    reason: str = ""


def check_session_token(token: str, moment=None) -> TokenCheck:
    """Is ``token`` a code of our own, shown at most ~60 s before ``moment``?"""
    parts = token.split("-")
    if len(parts) != 3 or not parts[0].isdigit() or not parts[1].isdigit():
        return TokenCheck(None, False, "SCAN_FORGED", "二维码无效：不是本系统生成的签到码")
    session_id, step, mac = int(parts[0]), int(parts[1]), parts[2]
    if not hmac.compare_digest(mac, _mac(session_id, step)):
        return TokenCheck(session_id, False, "SCAN_FORGED", "二维码无效：签名不符")
    age = _step(moment) - step
    if age < 0:
        return TokenCheck(session_id, False, "SCAN_FORGED", "二维码无效：时间不符")
    if age >= MAX_STEPS:
        seconds = age * STEP_SECONDS
        text = f"二维码已过期（约 {seconds} 秒前生成，有效期 1 分钟），请扫描现场屏幕上的最新二维码"
        return TokenCheck(session_id, False, "SCAN_EXPIRED", text)
    return TokenCheck(session_id, True)


def person_code(person_id: int) -> str:
    return signing.Signer(salt=_PERSON_SALT).sign(str(person_id))


def person_from_code(code: str) -> int | None:
    try:
        value = signing.Signer(salt=_PERSON_SALT).unsign(code.strip())
    except signing.BadSignature:
        return None
    return int(value) if value.isdigit() else None
