"""Django-side access to policies: shipped packs plus the packs offices stored.

Everything that makes a decision (a call, findings, a score, compliance) loads its policy
through :func:`policy_for_decision`, which pins the content: the stored pack becomes read-only
and a snapshot of the effective values is kept under its hash.
"""

from django.db import transaction

from jijiao.common import clock
from jijiao.common.errors import DomainError
from jijiao.engine.examples import failing_examples
from jijiao.engine.packs.loader import (
    PackSource,
    UnknownPack,
    chain_resolvers,
    is_shipped,
    load_policy,
    load_with,
    shipped_pack_ids,
    shipped_resolver,
)
from jijiao.engine.packs.model import Policy, plain
from jijiao.policy.models import PolicySnapshot, StoredPack


def stored_resolver(pack_id: str) -> PackSource | None:
    stored = StoredPack.objects.filter(pack_id=pack_id).first()
    if stored is None:
        return None
    return PackSource(pack_id, f"db:{pack_id}", stored.text)


resolver = chain_resolvers(shipped_resolver, stored_resolver)


def all_pack_ids() -> list[str]:
    return sorted({*shipped_pack_ids(), *StoredPack.objects.values_list("pack_id", flat=True)})


def get_policy(pack_id: str) -> Policy:
    """The effective policy of a shipped (cached) or stored pack; :class:`UnknownPack`
    otherwise."""
    if is_shipped(pack_id):
        return load_policy(pack_id)
    return load_with(pack_id, resolver)


def pack_title(pack_id: str) -> str:
    """What a person reads for a pack: its title (the ID when the pack cannot be read)."""
    try:
        return get_policy(pack_id).title
    except Exception:  # an unknown or broken pack still needs a name on the page
        return pack_id


def area_table(division_code: str, key: str) -> dict:
    """The table ``key`` of the first of the area's packs (:func:`pack_ids_for_area`) that has
    it, as a plain dict; ``{}`` when none has."""
    for pack_id in pack_ids_for_area(division_code):  # a broken stored pack is not listed
        table = get_policy(pack_id).get(key)
        if table is not None:
            return plain(table)
    return {}


def _areas(division_code: str) -> list[str]:
    """The office's own area first, then the areas above it: county, city, province."""
    code = division_code or ""
    areas = [code, code[:4] + "00", code[:2] + "0000"] if len(code) == 6 else []
    return list(dict.fromkeys(areas))


def pack_ids_for_area(division_code: str | None, *, current: str | None = None) -> list[str]:
    """The packs written for the office's own area (its county, else its city, else its
    province: the nearest that has packs), newest first, and ``current`` when it is set."""
    by_area: dict[str, list[str]] = {}
    for pack_id in all_pack_ids():
        try:
            division = get_policy(pack_id).division or ""
        except Exception:  # a broken stored pack is not offered
            division = None
        if division is not None:
            by_area.setdefault(division, []).append(pack_id)
    chosen: list[str] = []
    for area in _areas(division_code or ""):
        if by_area.get(area):
            chosen = sorted(by_area[area], reverse=True)
            break
    if current and current not in chosen:
        chosen.insert(0, current)
    return chosen


def pack_choices(pack_ids) -> list[tuple[str, str]]:
    """Form choices: the pack's title shown, its ID sent."""
    return [(pack_id, pack_title(pack_id)) for pack_id in pack_ids]


@transaction.atomic
def policy_for_decision(pack_id: str, *, used_by: str) -> Policy:
    """The policy a decision is made with. Side effects: the stored pack (and the stored packs
    it extends) locked on first use; a snapshot of the effective values under its hash."""
    policy = get_policy(pack_id)
    now = clock.now()
    StoredPack.objects.filter(pack_id__in=policy.chain, locked_at__isnull=True).update(
        locked_at=now, locked_by_use=used_by[:120]
    )
    PolicySnapshot.objects.get_or_create(
        content_hash=policy.content_hash,
        defaults={"pack_id": policy.id, "values": plain(policy.values), "first_used_at": now},
    )
    return policy


__all__ = [
    "UnknownPack",
    "all_pack_ids",
    "examples_hold",
    "get_policy",
    "is_shipped",
    "pack_choices",
    "pack_ids_for_area",
    "pack_title",
    "policy_for_decision",
    "resolver",
    "stored_resolver",
]


def policy_memo():
    """``get_policy`` remembered for the length of one listing, so that a list of items reads
    each office pack from the database once, however many items share it; an unknown pack is
    ``None``."""
    cache: dict[str, Policy | None] = {}

    def policy(pack_id: str) -> Policy | None:
        if pack_id not in cache:
            try:
                cache[pack_id] = get_policy(pack_id) if pack_id else None
            except UnknownPack:
                cache[pack_id] = None
        return cache[pack_id]

    return policy


def examples_hold(policy: Policy, *, use: str) -> None:
    """Refuse (:class:`DomainError`) to make ``policy`` the policy of ``use`` (一次申报通知、
    一个学分年度) while any of its worked examples fails: the message names the examples and
    what differed. Reads only."""
    failing = failing_examples(policy)
    if failing:
        shown = "；".join(failing[:3]) + ("；等" if len(failing) > 3 else "")
        raise DomainError(
            f"政策包 {policy.id} 有 {len(failing)} 个例子试算未通过，不能用作{use}：{shown}。"
            "请先在政策包页面试算并修改",
            field="policy_id",
        )
