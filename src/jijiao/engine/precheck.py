"""The precheck (contract.md): any rule of rules.md run on one JSON document, without a database.

``run_precheck(kind, policy_id, document)`` is the one implementation behind the command line
(``jijiao precheck``) and the HTTP endpoint (``POST /api/v1/precheck/{kind}``). It raises
:class:`InputInvalid` — carrying the JSON path of the offending field — when the kind or pack is
unknown or the document does not fit the contract; otherwise it returns
``{"kind", "policy", "ok", "findings", "result"}``.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from jijiao.engine.packs.loader import Resolver, UnknownPack, is_shipped, load_policy, load_with
from jijiao.engine.packs.model import Policy
from jijiao.engine.rules.application import check_application
from jijiao.engine.rules.application_input import Application
from jijiao.engine.rules.attendance import Attendance, check_attendance
from jijiao.engine.rules.audit import PromotionAudit, check_audit
from jijiao.engine.rules.compliance import AnnualCompliance, check_annual
from jijiao.engine.rules.credits import CreditEntry, check_credit_entry
from jijiao.engine.rules.filing import Filing, check_filing
from jijiao.engine.rules.findings import Finding, has_errors, sort_findings
from jijiao.engine.rules.parse import InputInvalid, parse_document
from jijiao.engine.rules.scoring import ExecutionScore, score_execution

Check = Callable[[Any, Policy], tuple[list[Finding], dict[str, Any]]]


@dataclass(frozen=True)
class Kind:
    """A precheck kind: the document's dataclass and the function that checks it."""

    document: type
    check: Check
    # A field the rules cannot be chosen without (the project's level selects the pack's rules).
    selector: tuple[str, str] | None = None


KINDS: dict[str, Kind] = {
    "application": Kind(Application, check_application, ("project", "level")),
    "filing": Kind(Filing, check_filing, ("project", "level")),
    "attendance": Kind(Attendance, check_attendance),
    "execution-score": Kind(ExecutionScore, score_execution),
    "credit-entry": Kind(CreditEntry, check_credit_entry),
    "annual-compliance": Kind(AnnualCompliance, check_annual),
    "promotion-audit": Kind(PromotionAudit, check_audit),
}


def _policy(policy_id: str, resolver: Resolver | None) -> Policy:
    try:
        # Shipped packs are read-only files, loaded once per process; others come from resolver.
        if resolver is None or is_shipped(policy_id):
            return load_policy(policy_id)
        return load_with(policy_id, resolver)
    except UnknownPack:
        raise InputInvalid(f"未知的政策包：{policy_id}", "policy") from None


def run_precheck(
    kind: str,
    policy_id: str,
    document: Any,
    *,
    resolver: Resolver | None = None,
    policy: Policy | None = None,
) -> dict[str, Any]:
    """Check ``document`` as ``kind`` under pack ``policy_id`` (contract.md "Output").

    ``resolver`` finds packs other than the shipped ones (office-authored packs); by default
    only shipped packs are known. ``policy`` (an already loaded pack, e.g. from a file) is used
    as it is.
    """
    spec = KINDS.get(kind)
    if spec is None:
        raise InputInvalid(f"未知的检查类型：{kind}（可用：{'、'.join(KINDS)}）", "kind")
    if policy is None:
        policy = _policy(policy_id, resolver)
    if not isinstance(document, dict):
        raise InputInvalid("文档应为 JSON 对象（{…}），字段见 contract.md", "$")
    parsed = parse_document(spec.document, document)
    if spec.selector is not None:
        outer, inner = spec.selector
        container = getattr(parsed, outer)
        if container is None or getattr(container, inner) is None:
            path = f"{outer}.{inner}"
            raise InputInvalid(f"缺少字段 {path}：须据此选择政策包中该级别的规则", path)
    findings, result = spec.check(parsed, policy)
    findings = sort_findings(findings)
    return {
        "kind": kind,
        "policy": policy.id,
        "ok": not has_errors(findings),
        "findings": [f.as_dict() for f in findings],
        "result": result,
    }


__all__ = ["KINDS", "InputInvalid", "run_precheck"]
