"""Registration (备案) of remote providers with the city office (seed 003 第十二条 for Changsha;
what a city asks is its pack's ``remote`` table).

A provider files its registration with its qualification documents and both platforms (phone
and computer), then submits it; the city office approves or rejects it. A registered provider
can be suspended (and reinstated) or revoked; revocation for fraud lives in
``remote.domain.revocation`` because it also voids credits.
"""

from django.db import transaction

from jijiao.audit_log.log import record
from jijiao.common import clock, uploads
from jijiao.common.errors import DomainError, reason_given, require
from jijiao.common.transitions import transition
from jijiao.orgs.models import Unit
from jijiao.policy.access import get_policy, pack_ids_for_area
from jijiao.remote.models import Provider, ProviderDocument

FIELDS = (
    "recognised_by",
    "platform_web",
    "platform_mobile",
    "contact_name",
    "contact_phone",
    "description",
)
# How far up the supervisor links the city office is looked for.
MAX_DEPTH = 4


def city_office_above(unit: Unit) -> Unit:
    """The city office a provider registers with: the first city-level office above it."""
    current, depth = unit.supervisor, 0
    while current is not None and depth < MAX_DEPTH:
        if current.is_office and current.office_level == Unit.OfficeLevel.CITY:
            return current
        current, depth = current.supervisor, depth + 1
    raise DomainError(
        f"{unit.name}的上级主管部门中没有市级卫生健康行政部门，无法备案；请联系市继教办设置"
    )


def registration_rules(office: Unit | None) -> dict:
    """What the city's own pack asks of a provider's registration (``remote``: the platforms
    and its clause — seed 003 第十二条 for Changsha), from the packs of the office's area; an
    empty dict when its packs ask nothing, so no other city's clause is cited."""
    if office is None:
        return {}
    for pack_id in pack_ids_for_area(office.division_id):
        table = get_policy(pack_id).get("remote")
        if table is not None:
            return dict(table)
    return {}


def _clean(fields: dict, office: Unit | None = None) -> dict:
    cleaned = {key: (fields.get(key) or "").strip() for key in FIELDS}
    if cleaned["recognised_by"] not in Provider.Recognition.values:
        raise DomainError("请选择认可级别（国家级或省级认可）", field="recognised_by")
    if not cleaned["platform_web"] and not cleaned["platform_mobile"]:
        raise DomainError("请填写学习平台（电脑端网址或手机端）", field="platform_web")
    rules = registration_rules(office)
    cite = f"（{rules['cite']}）" if rules.get("cite") else ""
    platforms = rules.get("platforms", ())
    if "web" in platforms and not cleaned["platform_web"]:
        raise DomainError(f"请填写电脑端学习平台网址{cite}", field="platform_web")
    if "mobile" in platforms and not cleaned["platform_mobile"]:
        raise DomainError(
            f"请填写手机端学习平台（App、小程序或手机网页）{cite}", field="platform_mobile"
        )
    if not cleaned["contact_name"]:
        raise DomainError("请填写联系人", field="contact_name")
    if not cleaned["contact_phone"]:
        raise DomainError("请填写联系电话", field="contact_phone")
    return cleaned


@transaction.atomic
def provider_file(*, by, unit: Unit, **fields) -> Provider:
    """Start a provider unit's registration with the city office above it, as a draft.

    Side effects: a Provider in state draft; audit ``remote.provider_filed``.
    """
    require(by, "remote.file_registration", unit)
    if Provider.objects.filter(unit=unit).exists():
        raise DomainError(f"{unit.name}已有备案记录，请在原记录上修改")
    office = city_office_above(unit)
    provider = Provider.objects.create(unit=unit, office=office, **_clean(fields, office))
    record("remote.provider_filed", actor=by, obj=provider, data={"office": office.name})
    return provider


@transaction.atomic
def provider_update(*, by, provider: Provider, **fields) -> Provider:
    """Change a draft or rejected registration.

    Side effects: the fields saved; audit ``remote.provider_updated`` with before/after.
    """
    require(by, "remote.file_registration", provider.unit)
    if not provider.editable:
        raise DomainError(f"备案{provider.get_state_display()}，不能修改")
    cleaned = _clean(fields, provider.office)
    before = {key: getattr(provider, key) for key in FIELDS}
    for key, value in cleaned.items():
        setattr(provider, key, value)
    provider.save(update_fields=list(FIELDS))
    changed = {key: [before[key], cleaned[key]] for key in FIELDS if before[key] != cleaned[key]}
    record("remote.provider_updated", actor=by, obj=provider, data={"changed": changed})
    return provider


def store_document(*, by, provider: Provider, kind: str, uploaded) -> ProviderDocument:
    """Type, size-check and save one file of a registration (no permission check: callers
    check theirs)."""
    sniffed = uploads.accept(uploaded, uploads.DOCUMENT)
    document = ProviderDocument(
        provider=provider,
        kind=kind,
        original_name=sniffed.name,
        content_type=sniffed.content_type,
        size=sniffed.size,
        sha256=sniffed.sha256,
        uploaded_at=clock.now(),
        uploaded_by=by,
    )
    document.file.save(uploads.storage_name(sniffed), uploaded, save=False)
    document.save()
    return document


@transaction.atomic
def provider_document_add(*, by, provider: Provider, kind: str, uploaded) -> ProviderDocument:
    """Attach a qualification document (PDF, JPG or PNG ≤ 15 MB, typed by its content) to a
    draft or rejected registration.

    Side effects: the file stored under a generated name; a ProviderDocument; audit
    ``remote.provider_document_added``.
    """
    require(by, "remote.file_registration", provider.unit)
    if not provider.editable:
        raise DomainError(f"备案{provider.get_state_display()}，不能再添加材料")
    if kind not in ProviderDocument.Kind.values or kind == ProviderDocument.Kind.DECISION:
        raise DomainError("请选择材料类型", field="kind")
    document = store_document(by=by, provider=provider, kind=kind, uploaded=uploaded)
    record(
        "remote.provider_document_added",
        actor=by,
        obj=provider,
        data={"name": document.original_name, "kind": kind, "size": document.size},
    )
    return document


@transaction.atomic
def provider_document_remove(*, by, document: ProviderDocument) -> None:
    """Remove a document from a draft or rejected registration.

    Side effects: the row deleted and its file removed after commit; audit
    ``remote.provider_document_removed``.
    """
    provider = document.provider
    require(by, "remote.file_registration", provider.unit)
    if not provider.editable or document.kind == ProviderDocument.Kind.DECISION:
        raise DomainError("该材料不能删除")
    storage, path, name = document.file.storage, document.file.name, document.original_name
    document.delete()
    transaction.on_commit(lambda: storage.delete(path))
    record("remote.provider_document_removed", actor=by, obj=provider, data={"name": name})


@transaction.atomic
def provider_submit(*, by, provider: Provider) -> Provider:
    """Send a draft or rejected registration to the city office.

    Side effects: state submitted with the time; audit ``remote.provider_submitted``.
    """
    require(by, "remote.file_registration", provider.unit)
    if not provider.editable:
        raise DomainError(f"备案{provider.get_state_display()}，不能提交")
    if not provider.documents.exclude(kind=ProviderDocument.Kind.DECISION).exists():
        raise DomainError("请先上传资质证明材料（PDF、JPG 或 PNG）", field="file")
    transition(provider, Provider.State.SUBMITTED)
    provider.submitted_at = clock.now()
    provider.save(update_fields=["state", "submitted_at"])
    record("remote.provider_submitted", actor=by, obj=provider)
    return provider


def _decide(
    by, provider: Provider, *, allowed: tuple, to: str, note: str, action: str, field: str
) -> Provider:
    if provider.state not in allowed:
        raise DomainError(f"备案{provider.get_state_display()}，不能执行此操作")
    before = provider.state
    transition(provider, to)
    provider.decided_at = clock.now()
    provider.decided_by = by
    setattr(provider, field, note[:300])
    provider.save(update_fields=["state", "decided_at", "decided_by", field])
    record(action, actor=by, obj=provider, data={"from": before, "to": to, "reason": note})
    return provider


@transaction.atomic
def provider_approve(*, by, provider: Provider, note: str = "") -> Provider:
    """Register a submitted provider: its approved courses earn credit from now on.

    Side effects: state registered, decision time and office account; audit
    ``remote.provider_approved``.
    """
    require(by, "remote.decide_registration", provider)
    return _decide(
        by,
        provider,
        allowed=(Provider.State.SUBMITTED,),
        to=Provider.State.REGISTERED,
        note=(note or "").strip(),
        action="remote.provider_approved",
        field="decision_note",
    )


@transaction.atomic
def provider_reject(*, by, provider: Provider, reason: str) -> Provider:
    """Refuse a submitted registration with a reason; the provider may correct and resubmit.

    Side effects: state rejected with the reason; audit ``remote.provider_rejected``.
    """
    require(by, "remote.decide_registration", provider)
    return _decide(
        by,
        provider,
        allowed=(Provider.State.SUBMITTED,),
        to=Provider.State.REJECTED,
        note=reason_given(reason, "退回"),
        action="remote.provider_rejected",
        field="decision_note",
    )


@transaction.atomic
def provider_suspend(*, by, provider: Provider, reason: str) -> Provider:
    """Suspend a registered provider: its courses stop earning credit (heartbeats are refused,
    lists cannot be approved) until it is reinstated.

    Side effects: state suspended with the reason; audit ``remote.provider_suspended``.
    """
    require(by, "remote.decide_registration", provider)
    return _decide(
        by,
        provider,
        allowed=(Provider.State.REGISTERED,),
        to=Provider.State.SUSPENDED,
        note=reason_given(reason, "暂停"),
        action="remote.provider_suspended",
        field="status_reason",
    )


@transaction.atomic
def provider_reinstate(*, by, provider: Provider, reason: str) -> Provider:
    """Lift a suspension.

    Side effects: state registered with the reason; audit ``remote.provider_reinstated``.
    """
    require(by, "remote.decide_registration", provider)
    return _decide(
        by,
        provider,
        allowed=(Provider.State.SUSPENDED,),
        to=Provider.State.REGISTERED,
        note=reason_given(reason, "恢复"),
        action="remote.provider_reinstated",
        field="status_reason",
    )
