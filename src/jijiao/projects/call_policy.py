"""The policy a call's applications are checked under: the call's pack, with the call's own
window when the office set or moved it.

``APP_WINDOW`` reads its dates from the pack, but an office may open a call with other dates
or extend it (a logged decision). Rather than a second window check beside the rule, the call
becomes a one-table pack that extends the call's pack and sets the window — so the live
findings, the submission and the precheck all read the same rule with the call's dates.
"""

from jijiao.engine.packs.loader import PackSource, Resolver, chain_resolvers
from jijiao.engine.packs.toml_text import literal
from jijiao.policy.access import get_policy, resolver
from jijiao.projects.models import Call


def _declared(call: Call, code: str, key: str) -> list[dict]:
    rule = get_policy(call.policy_id).rule("application", call.level, code)
    return [dict(item) for item in rule.get(key, ())] if rule is not None else []


def declared_fields(call: Call) -> list[dict]:
    """The fields the call's pack asks for beyond the form's own (APP_FIELD_MISSING): each
    ``{"key", "label", "pattern"?}``; the form shows them and the precheck reads them."""
    return _declared(call, "APP_FIELD_MISSING", "fields")


def declared_attachments(call: Call) -> list[dict]:
    """The attachments the call's pack asks for (APP_ATTACHMENT_MISSING): ``{"key", "label"}``."""
    return _declared(call, "APP_ATTACHMENT_MISSING", "attachments")


def call_pack_id(call: Call) -> str:
    return f"call-{call.pk}"


def _window_differs(call: Call) -> bool:
    rule = get_policy(call.policy_id).rule("application", call.level, "APP_WINDOW")
    if rule is None:
        return True
    return (rule.get("start"), rule.get("end")) != (call.opens_at, call.closes_at)


def call_pack_text(call: Call) -> str:
    return "\n".join(
        [
            f"id = {literal(call_pack_id(call))}",
            f"title = {literal(call.title)}",
            f"extends = {literal(call.policy_id)}",
            "",
            f"[application.{call.level}.APP_WINDOW]",
            f"cite = {literal(call.title)}",
            'severity = "error"',
            f"start = {literal(call.opens_at)}",
            f"end = {literal(call.closes_at)}",
            "",
        ]
    )


def call_policy(call: Call) -> tuple[str, Resolver]:
    """``(pack id, resolver)`` to run the application rules of this call with."""
    if not _window_differs(call):
        return call.policy_id, resolver
    own_id = call_pack_id(call)

    def own(pack_id: str) -> PackSource | None:
        if pack_id == own_id:
            return PackSource(own_id, f"call:{call.pk}", call_pack_text(call))
        return None

    return own_id, chain_resolvers(own, resolver)
