"""The pack editor: an office adds, changes or removes any rule or settings table the schema
allows in its own pack, key by key, with the reference for that table beside the form and the
TOML the pack will have shown before it is saved. And two packs compared key by key."""

import tomllib

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from jijiao.common import clock
from jijiao.common.decorators import permission_required
from jijiao.common.errors import DomainError
from jijiao.engine.packs import editing
from jijiao.engine.packs.diff import diff_values
from jijiao.engine.packs.loader import UnknownPack
from jijiao.engine.packs.schema import ListOf, Table
from jijiao.engine.packs.toml_text import LiteralError, literal
from jijiao.policy.access import all_pack_ids, get_policy, pack_choices, pack_title
from jijiao.policy.domain import packs as domain
from jijiao.policy.models import PolicySnapshot, StoredPack


def _place_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The places grouped by section, for the editor's select."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for place in editing.places():
        groups.setdefault(place.section, []).append((place.key, place.title))
    return [(f"{editing.section_title(s)}（{s}）", items) for s, items in groups.items()]


def _rows(place, own: dict, inherited: dict, posted) -> list[dict]:
    rows = []
    for name, node in place.fields():
        if posted is not None:
            value = posted.get(f"k:{name}", "")
        else:
            value = editing.shown_value(own[name]) if name in own else ""
        rows.append(
            {
                "name": name,
                "value": value,
                "options": editing.options(node),
                "hint": editing.hint(name, node),
                "inherited": editing.shown_value(inherited[name]) if name in inherited else "",
                "long": name in ("cases", "note") or isinstance(node, ListOf | Table),
            }
        )
    return rows


def _read(place, posted) -> tuple[dict, list[str]]:
    """The values typed into the form (empty keys left out) and the problems, by key."""
    values, problems = {}, []
    for name, node in place.fields():
        text = posted.get(f"k:{name}", "").strip()
        if not text:
            continue
        try:
            values[name] = editing.read_value(node, text)
        except LiteralError as error:
            problems.append(f"{name}：{error}")
    return values, problems


@permission_required("policy.view")
def pack_editor(request, pack_id: str):
    stored = get_object_or_404(StoredPack, pack_id=pack_id)
    if not request.user.has_perm("policy.edit_pack", stored):
        raise Http404
    data = request.POST if request.method == "POST" else request.GET
    place = editing.find_place(data.get("place", ""))
    name = data.get("name", "").strip()
    context = {
        "stored": stored,
        "place_choices": _place_choices(),
        "place": place,
        "name": name,
        "has_comments": editing.has_comments(stored.text),
        "text": stored.text,
    }
    if place is None or (place.named and not name):
        return render(request, "policy/pack_editor.html", context)
    path = editing.concrete_path(place, name)
    own = editing.table_at(tomllib.loads(stored.text), path)
    inherited = _inherited(stored, path)
    posted = request.POST if request.method == "POST" else None
    problems: list[str] = []
    if posted is not None and not stored.is_locked:
        action = posted.get("action", "preview")
        values, problems = ({}, []) if action == "remove" else _read(place, posted)
        if not problems:
            text = editing.text_with_table(stored.text, path, values)
            if action in ("save", "remove"):
                try:
                    domain.pack_set_table(by=request.user, stored=stored, path=path, values=values)
                except DomainError as error:
                    problems.append(error.message)
                else:
                    done = "已删除" if not values else "已保存"
                    messages.success(request, f"{done} {'.'.join(path)}。")
                    return redirect("policy:detail", pack_id=pack_id)
            else:
                try:
                    domain.checked_text(stored.pack_id, text)
                except DomainError as error:
                    problems.append(error.message)
            context["text"] = text
            context["previewed"] = True
    context.update(
        {
            "path": ".".join(path),
            "rows": _rows(place, own, inherited, posted),
            "exists": bool(own),
            "problems": problems,
            "reference": editing.place_reference(place),
        }
    )
    return render(request, "policy/pack_editor.html", context)


def _inherited(stored: StoredPack, path: tuple[str, ...]) -> dict:
    """The values the pack's base gives this table (shown as what applies when left empty)."""
    if not stored.extends:
        return {}
    try:
        table = get_policy(stored.extends).get(*path)
    except Exception:  # a base that cannot be read shows nothing inherited
        return {}
    return editing.thaw(table) if table else {}


def _diff_choices() -> list[tuple[str, str]]:
    """Every pack by title, then every version a decision used (``ID@hash``)."""
    choices = pack_choices(all_pack_ids())
    for snapshot in PolicySnapshot.objects.order_by("pack_id", "first_used_at"):
        short = snapshot.content_hash[:12]
        used = f"{clock.local(snapshot.first_used_at):%Y-%m-%d}"
        label = f"{pack_title(snapshot.pack_id)}（版本 {short}，{used} 首次使用）"
        choices.append((f"{snapshot.pack_id}@{short}", label))
    return choices


def _side(choice: str):
    """The effective values of a pack, or of a version a decision used; ``None`` if unknown."""
    pack_id, _, short = choice.partition("@")
    if short:
        snapshot = PolicySnapshot.objects.filter(
            pack_id=pack_id, content_hash__startswith=short
        ).first()
        return snapshot.values if snapshot else None
    try:
        return get_policy(pack_id).values
    except UnknownPack:
        return None


@permission_required("policy.view")
def pack_diff(request):
    """Two packs, or two versions of one, key by key: each side's value and cite."""
    left_id = request.GET.get("a", "")
    right_id = request.GET.get("b", "")
    context = {"choices": _diff_choices(), "left_id": left_id, "right_id": right_id}
    if left_id and right_id:
        left, right = _side(left_id), _side(right_id)
        if left is None or right is None:
            raise Http404
        context["rows"] = [
            {
                "key": row.key,
                "change": row.change,
                "left": "—" if row.left is None else literal(row.left),
                "right": "—" if row.right is None else literal(row.right),
                "left_cite": row.left_cite,
                "right_cite": row.right_cite,
            }
            for row in diff_values(left, right)
        ]
    return render(request, "policy/pack_diff.html", context)
