"""The credit documents as PDF: credit certificates and teaching proofs, the annual
qualification proof, and the late-entry pledge (seed 002 附件2). Rendering only — who may
print and what gets logged is decided by the callers (domain functions and views)."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import segno
from django.utils.safestring import mark_safe

from jijiao.common import clock
from jijiao.common.documents.pdf import render_pdf
from jijiao.credits.models import Certificate
from jijiao.orgs.models import Person

# 进修 and 援助 go to the pledge's first table (进修证书), everything else to the second
# (论文、课题), as the form of seed 002 附件2 lays them out.
STUDY_TYPES = ("进修", "援助")


def qr_svg(url: str) -> str:
    """The QR code of ``url`` as inline SVG: nothing for the PDF renderer to fetch."""
    return mark_safe(segno.make(url, error="m").svg_inline(scale=3, omitsize=True))  # noqa: S308


def certificate_pdf(certificate: Certificate, *, verify_url: str) -> bytes:
    """A credit certificate (学分证书) or teaching proof (授课证明) as issued."""
    return render_pdf(
        "credits/pdf/certificate.html",
        {
            "certificate": certificate,
            "snap": certificate.snapshot,
            "verify_url": verify_url,
            "qr": qr_svg(verify_url),
            "printed_at": clock.now(),
        },
    )


def annual_proof_pdf(certificate: Certificate, *, standing, verify_url: str) -> bytes:
    """The annual qualification proof (年度合格证明) of one person and year."""
    return render_pdf(
        "credits/pdf/annual_proof.html",
        {
            "certificate": certificate,
            "snap": certificate.snapshot,
            "standing": standing,
            "verify_url": verify_url,
            "qr": qr_svg(verify_url),
            "printed_at": clock.now(),
        },
    )


@dataclass(frozen=True)
class PledgeItem:
    """One activity the pledge asks to enter late."""

    activity_type: str
    title: str
    start: dt.date
    end: dt.date | None = None
    host: str = ""
    credits: Decimal | None = None
    note: str = ""


def pledge_pdf(person: Person, *, id_number: str, items: list[PledgeItem]) -> bytes:
    """The late-entry pledge (承诺书, seed 002 附件2) with the person's full ID number, for
    signature and the unit's stamp."""
    study = [i for i in items if i.activity_type in STUDY_TYPES]
    papers = [i for i in items if i.activity_type not in STUDY_TYPES]
    return render_pdf(
        "credits/pdf/pledge.html",
        {
            "person": person,
            "id_number": id_number,
            "unit_name": str(person.unit or person.declared_unit_name or ""),
            "study": study,
            "papers": papers,
            "year": clock.today().year,
            "printed_at": clock.now(),
        },
    )
