"""The overview's one write: the year's material for the level above, made and kept."""

import hashlib

from django.core.files.base import ContentFile
from django.db import transaction

from jijiao.audit_log.log import record
from jijiao.common import clock
from jijiao.common.errors import require
from jijiao.orgs import roles
from jijiao.orgs.models import Unit
from jijiao.overview.models import UpwardReport
from jijiao.overview.upward import upward_workbook


def upward_report_make(*, by, office: Unit, year: int) -> UpwardReport:
    """The qualified list and the figures of every unit in the office's area for ``year``, as
    the workbook sent to the level above. Side effects: an UpwardReport with the file as
    made, when and by whom; audit ``overview.upward_made`` with its counts (one entry)."""
    require(by, "overview.make_upward_report", office)
    units = (
        roles.units_in_jurisdiction({office.pk})
        .exclude(kind=Unit.Kind.OFFICE)
        .select_related("division")
        .order_by("name")
    )
    content, figures = upward_workbook(office, year, units)
    digest = hashlib.sha256(content).hexdigest()
    with transaction.atomic():
        report = UpwardReport(
            office=office,
            year=year,
            file_name=f"{office.name}{year}年度继续医学教育上报材料.xlsx",
            sha256=digest,
            units=figures["units"],
            people=figures["people"],
            qualified=figures["qualified"],
            figures=figures,
            made_at=clock.now(),
            made_by=by,
        )
        report.file.save("upward.xlsx", ContentFile(content), save=False)
        report.save()
        record(
            "overview.upward_made",
            actor=by,
            obj=report,
            data={"year": year, **{k: figures[k] for k in ("units", "people", "qualified")}},
        )
    return report
