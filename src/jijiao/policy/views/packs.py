"""Policy pages: every office sees the packs and their effective values with provenance; the
city (and higher) offices author packs from an existing one, in a form or as TOML."""

import json

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from jijiao.common.decorators import permission_required
from jijiao.common.errors import DomainError
from jijiao.common.forms import form_error
from jijiao.engine.examples import run_examples
from jijiao.engine.packs.loader import UnknownPack
from jijiao.engine.packs.rule_names import rule_name
from jijiao.engine.packs.toml_text import LiteralError, literal, parse_literal, same_value
from jijiao.engine.rules.vocab import UNIT_CATEGORY_NAMES
from jijiao.orgs import roles
from jijiao.orgs.models import Unit
from jijiao.policy.access import all_pack_ids, get_policy, is_shipped, pack_choices
from jijiao.policy.domain import packs as domain
from jijiao.policy.forms import NewPackForm, PackTextForm
from jijiao.policy.models import StoredPack
from jijiao.policy.permissions import AUTHOR_ROLES


@permission_required("policy.view")
def pack_list(request):
    stored = {s.pack_id: s for s in StoredPack.objects.all()}
    packs = []
    for pack_id in all_pack_ids():
        policy = get_policy(pack_id)
        packs.append({"policy": policy, "stored": stored.get(pack_id)})
    return render(request, "policy/pack_list.html", {"packs": packs})


@permission_required("policy.view")
def pack_detail(request, pack_id: str, outcomes=None):
    try:
        policy = get_policy(pack_id)
    except UnknownPack:
        raise Http404 from None
    stored = StoredPack.objects.filter(pack_id=pack_id).first()
    prefix = request.GET.get("q", "").strip()
    leaves = [
        (key, literal(value), pack)
        for key, value, pack in policy.leaves()
        if not prefix or prefix in key
    ]
    return render(
        request,
        "policy/pack_detail.html",
        {
            "policy": policy,
            "case_tables": [shown_case_table(table) for table in policy.case_tables()],
            "stored": stored,
            "leaves": leaves,
            "shipped": is_shipped(pack_id),
            "can_edit": stored is not None and request.user.has_perm("policy.edit_pack", stored),
            "can_create": request.user.has_perm("policy.create_pack"),
            "examples": shown_examples(policy, outcomes),
            "tried": outcomes is not None,
            "failed": sum(not o.passed for o in outcomes or ()),
            "can_try": request.user.has_perm("policy.try_examples"),
            # An office previews what the pack would change in its area (overview, issue 22).
            "can_preview": bool(roles.office_ids(request.user)),
        },
    )


@require_POST
@permission_required("policy.try_examples")
def pack_examples(request, pack_id: str):
    """试算: every example of the pack run under it, shown on the pack's page (reads only)."""
    try:
        policy = get_policy(pack_id)
    except UnknownPack:
        raise Http404 from None
    return pack_detail(request, pack_id, outcomes=run_examples(policy))


def shown_examples(policy, outcomes) -> list[dict]:
    """The pack's examples as its page shows them: expectations with the rules' Chinese names,
    the document, and, after 试算, the outcome."""
    by_name = {o.example.name: o for o in outcomes or ()}
    rows = []
    for example in policy.examples:
        rows.append(
            {
                "example": example,
                "kind": EXAMPLE_KIND_NAMES.get(example.kind, example.kind),
                "fires": [(rule_name(code), code) for code in example.fires],
                "not_fires": [(rule_name(code), code) for code in example.not_fires],
                "result": [
                    (k, json.dumps(v, ensure_ascii=False)) for k, v in example.result.items()
                ],
                "changes": [
                    (k, json.dumps(v, ensure_ascii=False)) for k, v in example.changes.items()
                ],
                "document": json.dumps(example.document, ensure_ascii=False, indent=1),
                "outcome": by_name.get(example.name),
            }
        )
    return rows


EXAMPLE_KIND_NAMES = {
    "application": "项目申报",
    "filing": "举办报备",
    "attendance": "考勤",
    "execution-score": "执行情况评分",
    "credit-entry": "学分录入",
    "annual-compliance": "年度学分达标",
    "promotion-audit": "晋升学分审核",
}


def _shown_fact(name: str, value) -> str:
    values = value if isinstance(value, list | tuple) else [value]
    if name == "unit.category":
        return "、".join(UNIT_CATEGORY_NAMES.get(v, v) for v in values)
    if isinstance(value, bool):
        return "是" if value else "否"
    return "、".join(str(v) for v in values)


def shown_case_table(table: dict) -> dict:
    """A rule's cases as the pack page shows them: a row per case, then 其他（默认）."""
    rows = []
    for row in table["rows"]:
        when = [
            _shown_fact(name, row["when"][name]) if name in row["when"] else "—"
            for name, _label in table["facts"]
        ]
        values = [literal(v) if v is not None else "—" for v in row["values"].values()]
        rows.append({"default": not row["when"], "when": when, "values": values})
    return {**table, "rows": rows}


def _author_office(user) -> Unit:
    unit_ids = sorted(roles.role_unit_ids(user, *AUTHOR_ROLES))
    return Unit.objects.get(pk=unit_ids[0])


@permission_required("policy.create_pack")
def pack_create(request):
    """Step 1 chooses the base; the form then lists every effective value of the base, and
    only the values the office changed go into the new pack."""
    base_id = request.GET.get("base") or request.POST.get("extends") or "wenzhou-2025"
    pack_ids = all_pack_ids()
    form = NewPackForm(request.POST or None, pack_ids=pack_ids, initial={"extends": base_id})
    try:
        base = get_policy(base_id)
    except UnknownPack:
        raise Http404 from None
    rows = [(key, literal(value), pack) for key, value, pack in base.leaves()]
    if request.method == "POST" and form.is_valid():
        changed, problems = [], []
        for key, value, _pack in base.leaves():
            typed = request.POST.get(f"v:{key}")
            if typed is None or typed.strip() == literal(value):
                continue
            try:
                new_value = parse_literal(typed)
            except LiteralError as error:
                problems.append(f"{key}：{error}")
                continue
            if not same_value(new_value, value):
                changed.append((key, new_value))
        if problems:
            for problem in problems:
                form.add_error(None, problem)
        else:
            try:
                stored = domain.pack_create(
                    by=request.user,
                    office=_author_office(request.user),
                    pack_id=form.cleaned_data["pack_id"],
                    title=form.cleaned_data["title"],
                    extends=form.cleaned_data["extends"],
                    notice=form.cleaned_data["notice"],
                    values=changed,
                )
            except DomainError as error:
                form_error(form, error)
            else:
                messages.success(
                    request, f"已创建政策包 {stored.pack_id}（修改了 {len(changed)} 项）。"
                )
                return redirect("policy:detail", pack_id=stored.pack_id)
        posted = {k[2:]: v for k, v in request.POST.items() if k.startswith("v:")}
        rows = [(key, posted.get(key, shown), pack) for key, shown, pack in rows]
    return render(
        request,
        "policy/pack_create.html",
        {"form": form, "rows": rows, "base": base, "base_choices": pack_choices(pack_ids)},
    )


@permission_required("policy.view")
def pack_edit(request, pack_id: str):
    stored = get_object_or_404(StoredPack, pack_id=pack_id)
    if not request.user.has_perm("policy.edit_pack", stored):
        raise Http404
    form = PackTextForm(request.POST or None, initial={"text": stored.text})
    if request.method == "POST" and form.is_valid():
        try:
            domain.pack_update(by=request.user, stored=stored, text=form.cleaned_data["text"])
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, "已保存。")
            return redirect("policy:detail", pack_id=pack_id)
    return render(request, "policy/pack_edit.html", {"form": form, "stored": stored})
