"""Office-authored packs: create from an existing pack, edit until first use."""

import re
import tomllib
from typing import Any

from django.db import transaction

from jijiao.audit_log.log import record
from jijiao.common import clock
from jijiao.common.errors import DomainError, require
from jijiao.engine.packs.editing import text_with_table
from jijiao.engine.packs.loader import UnknownPack, load_pack_text
from jijiao.engine.packs.schema import PolicyError
from jijiao.engine.packs.toml_text import pack_text
from jijiao.policy.access import all_pack_ids, get_policy, resolver
from jijiao.policy.models import StoredPack

PACK_ID = re.compile(r"^[a-z0-9][a-z0-9-]{2,62}$")


def checked_text(pack_id: str, text: str):
    """The policy ``text`` gives as pack ``pack_id``, or :class:`DomainError` saying in Chinese
    which key is wrong and why (the editor's preview; nothing is stored)."""
    try:
        return load_pack_text(pack_id, text, resolver=resolver, origin=f"db:{pack_id}")
    except PolicyError as error:
        raise DomainError(f"政策包内容有误：{error}", field="text") from None


def _declared_extends(pack_id: str, text: str) -> str | None:
    try:
        return tomllib.loads(text).get("extends")
    except tomllib.TOMLDecodeError:
        checked_text(pack_id, text)  # names the syntax error with its line
        raise


@transaction.atomic
def pack_create(
    *,
    by,
    office,
    pack_id: str,
    title: str,
    extends: str,
    notice: str = "",
    text: str | None = None,
    values: list[tuple[str, object]] | None = None,
) -> StoredPack:
    """Store a new pack that extends an existing one, from TOML text or changed values.

    Checked by the same schema as the shipped packs. Side effects: a StoredPack, audit
    ``policy.pack_created`` with the content hash.
    """
    require(by, "policy.create_pack")
    if not PACK_ID.match(pack_id):
        raise DomainError(
            "政策包标识只能用小写字母、数字和连字符，3–63 位，如 wenzhou-2026", field="pack_id"
        )
    if pack_id in all_pack_ids():
        raise DomainError(f"政策包标识 {pack_id} 已存在", field="pack_id")
    try:
        get_policy(extends)
    except UnknownPack:
        raise DomainError(f"找不到被继承的政策包 {extends}", field="extends") from None
    if text is not None:
        declared = _declared_extends(pack_id, text)
        if declared != extends:
            raise DomainError(
                f"政策包内容有误：extends 为 {declared or '（未写）'}，"
                f"与所选的基础政策包 {extends} 不一致",
                field="text",
            )
    if text is None:
        text = pack_text(
            pack_id=pack_id, title=title, extends=extends, notice=notice, values=values or []
        )
    policy = checked_text(pack_id, text)
    now = clock.now()
    stored = StoredPack.objects.create(
        pack_id=pack_id,
        title=policy.title,
        extends=extends,
        text=text,
        content_hash=policy.content_hash,
        office=office,
        created_at=now,
        created_by=by,
        updated_at=now,
    )
    record(
        "policy.pack_created",
        actor=by,
        obj=stored,
        data={"extends": extends, "content_hash": policy.content_hash},
    )
    return stored


@transaction.atomic
def pack_update(*, by, stored: StoredPack, text: str, table: str = "") -> StoredPack:
    """Replace a stored pack's text while no decision has used it.

    Side effects: text and hash, audit ``policy.pack_updated`` with the hashes before/after
    (and the ``table`` the editor changed, when it was one).
    """
    require(by, "policy.edit_pack", stored)
    stored = StoredPack.objects.select_for_update().get(pk=stored.pk)
    if stored.is_locked:
        raise DomainError(
            f"政策包 {stored.pack_id} 已于 {stored.locked_at:%Y-%m-%d %H:%M} 被使用"
            f"（{stored.locked_by_use}），不能再修改；请以它为基础新建政策包"
        )
    policy = checked_text(stored.pack_id, text)
    before = stored.content_hash
    stored.text = text
    stored.title = policy.title
    stored.extends = policy.chain[1] if len(policy.chain) > 1 else ""
    stored.content_hash = policy.content_hash
    stored.updated_at = clock.now()
    stored.save()
    record(
        "policy.pack_updated",
        actor=by,
        obj=stored,
        data={
            "before": before,
            "after": policy.content_hash,
            **({"table": table} if table else {}),
        },
    )
    return stored


@transaction.atomic
def pack_set_table(
    *, by, stored: StoredPack, path: tuple[str, ...], values: dict[str, Any]
) -> StoredPack:
    """Add, change or (with no values) remove one table of an office's pack — a rule, a
    section's settings — as the web editor does; checked like any pack text.

    Side effects: as :func:`pack_update` (one audit entry naming the table).
    """
    require(by, "policy.edit_pack", stored)
    stored = StoredPack.objects.select_for_update().get(pk=stored.pk)
    text = text_with_table(stored.text, path, values)
    return pack_update(by=by, stored=stored, text=text, table=".".join(path))
