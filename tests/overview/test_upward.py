"""The year's material for the level above: the qualified list and the figures, made by a
job, kept with when and by whom, and only for the office's own area."""

import io

from django.urls import reverse
from openpyxl import load_workbook

from jijiao.audit_log.models import AuditEntry
from jijiao.overview.models import UpwardReport


def test_the_city_makes_the_years_material_and_it_is_kept(
    client, world, wenzhou_office, django_capture_on_commit_callbacks, staff
):
    client.force_login(wenzhou_office)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("overview:upward"), {"year": 2023})
    assert response.status_code == 302
    report = UpwardReport.objects.get()
    assert (report.year, report.units, report.people, report.qualified) == (2023, 3, 7, 2)
    assert report.made_by == wenzhou_office
    page = client.get(reverse("overview:upward")).content.decode()
    assert "上报记录" in page and reverse("overview:upward_file", args=[report.pk]) in page
    stored = client.get(reverse("overview:upward_file", args=[report.pk]))
    book = load_workbook(io.BytesIO(b"".join(stored.streaming_content)))
    names = [row[3] for row in book["合格人员名单"].iter_rows(min_row=2, values_only=True)]
    assert sorted(names) == sorted(p.name for p in staff[:2])
    ids = [row[4] for row in book["合格人员名单"].iter_rows(min_row=2, values_only=True)]
    assert all("*" in i for i in ids), "ID numbers go masked"
    total = list(book["汇总"].iter_rows(values_only=True))[-1]
    assert total[:7] == ("合计", 7, 2, 0, 5, 0, 28.6)
    entry = AuditEntry.objects.filter(action="overview.upward_made").get()
    assert entry.data["qualified"] == 2


def test_only_an_office_makes_or_reads_it(
    client,
    world,
    wenzhou_office,
    lucheng_office,
    hospital_admin,
    django_capture_on_commit_callbacks,
):
    client.force_login(wenzhou_office)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("overview:upward"), {"year": 2023})
    report = UpwardReport.objects.get()
    client.force_login(lucheng_office)
    assert client.get(reverse("overview:upward_file", args=[report.pk])).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("overview:upward"), {"year": 2023})
    mine = UpwardReport.objects.exclude(pk=report.pk).get()
    assert (mine.units, mine.people) == (1, 1)
    client.force_login(hospital_admin)
    assert client.get(reverse("overview:upward")).status_code == 403
