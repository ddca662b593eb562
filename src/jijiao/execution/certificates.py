"""A session's credit certificates as one zip (the host hands them out; an office files them)."""

import io
import zipfile
from collections.abc import Callable

from django.urls import reverse

from jijiao.common.errors import DomainError, require
from jijiao.credits.documents import certificate_pdf
from jijiao.credits.models import Certificate
from jijiao.execution.domain.review import session_ref
from jijiao.hosting.models import Session


def session_certificates_zip(
    *, by, session: Session, site_url: str, progress: Callable[[int, int], None] | None = None
) -> tuple[bytes, int]:
    """Every certificate issued for the session's valid rows (attendees' credit certificates,
    lecturers' teaching proofs), one PDF each in a zip, with the count. Writes nothing.

    ``site_url`` is the site's address the certificates' verification links and QR codes
    point at (``https://…/``).
    """
    require(by, "execution.view_report", session)
    certificates = list(
        Certificate.objects.filter(entry__source_id=session_ref(session), entry__valid=True)
        .select_related("entry")
        .order_by("kind", "snapshot__name", "pk")
    )
    if not certificates:
        raise DomainError(f"{session} 尚未出具学分证书（授予学分后才有证书）")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, certificate in enumerate(certificates, start=1):
            verify = site_url.rstrip("/") + reverse("credits:verify", args=[certificate.code])
            name = f"{index:03d}-{certificate.snapshot.get('name', '')}-"
            name += f"{certificate.get_kind_display()}-{certificate.code[:8]}.pdf"
            archive.writestr(name, certificate_pdf(certificate, verify_url=verify))
            if progress is not None:
                progress(index, len(certificates))
    return buffer.getvalue(), len(certificates)
