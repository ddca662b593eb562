"""Who is told what about credit rows and certificates: the person whose row it is, and (for a
return or a refusal) whoever entered it; nobody else."""

from django.urls import reverse

from jijiao.credits.models import Certificate, LedgerEntry
from jijiao.notifications.domain.messages import notify
from jijiao.notifications.kinds import Kind
from jijiao.orgs.models import Account


def _holders(person_ids) -> dict[int, Account]:
    return {a.person_id: a for a in Account.objects.filter(person_id__in=set(person_ids))}


def _row(entry: LedgerEntry) -> str:
    return f"{entry.year}年“{entry.title}”（{entry.credits}分）"


def tell_entry(entry: LedgerEntry, *, action: str, by, reason: str = "") -> None:
    """``approved`` (at the last stage), ``returned`` or ``rejected``."""
    said = f"原因：{reason}" if reason else ""
    if action == "approved":
        title, what = f"学分已审核通过：{entry.title}", f"您的学分记录{_row(entry)}已审核通过。"
        next_step = "可在“学分”中查看本年度学分和证书。"
        people = [_holders([entry.person_id]).get(entry.person_id)]
    elif action == "returned":
        title = f"学分记录被退回：{entry.title}"
        what = f"{by}退回了学分记录{_row(entry)}。{said}"
        next_step = "请按原因修改或补充证明材料后重新提交。"
        people = [_holders([entry.person_id]).get(entry.person_id), entry.entered_by]
    elif action == "rejected":
        title = f"学分记录未通过：{entry.title}"
        what = f"{by}不予认可学分记录{_row(entry)}。{said}"
        next_step = "该记录不计入学分；如有异议请联系审核单位。"
        people = [_holders([entry.person_id]).get(entry.person_id), entry.entered_by]
    elif action == "voided":
        title = f"学分记录已作废：{entry.title}"
        what = f"学分记录{_row(entry)}已作废，相应证书核验时显示为已撤销。{said}"
        next_step = "该记录不再计入学分；如有异议请联系市继教办。"
        people = [_holders([entry.person_id]).get(entry.person_id)]
    else:
        return
    notify(
        people,
        kind=Kind.CREDITS if action != "voided" else Kind.CERTIFICATE,
        title=title,
        what=what,
        next_step=next_step,
        url=reverse("credits:entry", args=[entry.pk]),
    )


def tell_certificates(certificates: list[Certificate]) -> None:
    """Each holder of a new certificate, about their own certificate."""
    holders = _holders(c.person_id for c in certificates)
    for certificate in certificates:
        account = holders.get(certificate.person_id)
        if account is None:
            continue
        entry = certificate.entry
        notify(
            [account],
            kind=Kind.CERTIFICATE,
            title=f"{certificate.get_kind_display()}已发放：{entry.title}",
            what=f"{_row(entry)}的{certificate.get_kind_display()}已发放。",
            next_step="可在学分记录中下载证书；证书上的核验码可供他人在线核验。",
            url=reverse("credits:entry", args=[entry.pk]),
        )


def tell_year_voided(person, *, year: int, count: int, reason: str) -> None:
    """The person whose whole credit year was voided: one message, not one per row."""
    notify(
        [_holders([person.pk]).get(person.pk)],
        kind=Kind.CERTIFICATE,
        title=f"{year}年度学分已作废",
        what=f"您{year}年度的 {count} 条学分记录已依处理决定作废，相应证书核验时显示为已撤销。"
        f"原因：{reason}",
        next_step="这些记录不再计入学分；如有异议请联系市继教办。",
        url=reverse("credits:my_transcript"),
    )
