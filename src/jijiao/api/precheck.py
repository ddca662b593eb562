"""``POST /api/v1/precheck/{kind}?policy=PACK``: the precheck of contract.md over HTTP.

The same :func:`jijiao.engine.precheck.run_precheck` as ``jijiao precheck``, and the same
packs: shipped ones and those offices authored (the command line reads the database only for
an ID that is neither shipped nor a file). It needs no account
(integrators and offices try packs on their own data) and no CSRF token: it reads nothing from
the caller's session and changes nothing, so a forged cross-site request gains nothing.
"""

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from jijiao.api.errors import BodyInvalid, ErrorOut, parse_json
from jijiao.engine.precheck import KINDS, run_precheck
from jijiao.engine.rules.parse import InputInvalid
from jijiao.policy.access import resolver

router = Router(tags=["precheck"])


class FindingOut(Schema):
    code: str
    severity: str
    message: str
    subject: str


class PrecheckOut(Schema):
    kind: str
    policy: str
    ok: bool
    findings: list[FindingOut]
    result: dict[str, Any]


_BODY = {
    "requestBody": {
        "required": True,
        "description": "待检查的 JSON 文档，字段见 contract.md 对应的 kind。",
        "content": {"application/json": {"schema": {"type": "object"}}},
    }
}


@router.post(
    "/{kind}",
    auth=None,
    response={200: PrecheckOut, 400: ErrorOut},
    summary="按政策包检查一份文档（预检）",
    description="kind 取值："
    + "、".join(KINDS)
    + "。policy 为政策包标识：内置政策包（如 wenzhou-2025）或各级继教办编制的政策包"
    "（政策包页面所列标识）。命令行同一检查："
    "jijiao precheck KIND --policy 标识或 TOML 文件路径 文件。"
    "政策包的写法见 docs/packs.md。",
    openapi_extra=_BODY,
    operation_id="precheck",
)
def precheck(request: HttpRequest, kind: str, policy: str | None = None):
    """Check the raw JSON body as ``kind`` under pack ``policy``; 400 with the error object when
    the kind, the pack or the document is not valid."""
    try:
        if not policy:
            raise InputInvalid("缺少查询参数 policy（政策包标识）", "policy")
        if not request.body:
            raise InputInvalid("缺少请求体：请提交待检查的 JSON 文档", "$")
        try:
            document = parse_json(request.body)
        except BodyInvalid as error:
            raise InputInvalid(str(error), "$") from None
        return Status(200, run_precheck(kind, policy, document, resolver=resolver))
    except InputInvalid as error:
        return Status(400, error.as_dict())
