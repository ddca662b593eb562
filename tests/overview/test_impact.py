"""Impact preview (issue 22, part 2): a draft that lowers the PI age limit to 50 and the credit
cap to 2.0, run over last year's applications, filings and ledger as a job — per-rule counts
equal to a direct recomputation with run_precheck, who is touched, the drill-down, the
workbook; nothing previewed changes."""

import datetime as dt
import io
from collections import Counter

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from jijiao.audit_log.models import AuditEntry
from jijiao.common import clock
from jijiao.credits.models import CreditYear
from jijiao.engine.precheck import run_precheck
from jijiao.jobs.models import Job
from jijiao.overview.models import ImpactPreview
from jijiao.policy.access import get_policy
from jijiao.policy.domain.packs import pack_create
from jijiao.projects.facts import application_document
from jijiao.projects.models import Application
from tests.factories import PersonFactory, next_id_number
from tests.factories.credits import LedgerEntryFactory
from tests.factories.hosting import FilingFactory, SessionFactory
from tests.factories.projects import ApplicationFactory, CallFactory, PublishedProjectFactory

pytestmark = pytest.mark.django_db


def _pi(unit, born: dt.date):
    return PersonFactory(unit=unit, title_level="正高", id_number=next_id_number(birth=born))


@pytest.fixture
def last_year(wenzhou_office, wenzhou_office_unit, city_hospital, lucheng_hospital):
    """2025 in Wenzhou: four applications to the city's call, a filed session, a person's
    ledger under the year's pack; and the draft wenzhou-2026 (PI ≤ 50, ≤ 2.0 credits)."""
    call = CallFactory(office=wenzhou_office_unit, year=2025)
    apps = {
        "52 岁": ApplicationFactory(
            call=call, unit=city_hospital, pi=_pi(city_hospital, dt.date(1972, 5, 1))
        ),
        "45 岁": ApplicationFactory(
            call=call, unit=city_hospital, pi=_pi(city_hospital, dt.date(1980, 1, 1))
        ),
        "53 岁申请 2.5 学分": ApplicationFactory(
            call=call,
            unit=lucheng_hospital,
            pi=_pi(lucheng_hospital, dt.date(1971, 6, 1)),
            requested_credits="2.5",
        ),
        "58 岁": ApplicationFactory(
            call=call, unit=lucheng_hospital, pi=_pi(lucheng_hospital, dt.date(1966, 6, 1))
        ),
    }
    project = PublishedProjectFactory(host=city_hospital, year=2025, name="基层急救培训班")
    FilingFactory(
        session=SessionFactory(project=project, policy_id="wenzhou-2025", scenic_area=True),
        state="filed",
    )
    CreditYear.objects.create(
        office=wenzhou_office_unit,
        year=2025,
        policy_id="wenzhou-2025",
        set_by=wenzhou_office,
        set_at=clock.now(),
    )
    LedgerEntryFactory(person=PersonFactory(unit=city_hospital), credits="3.0")
    pack_create(
        by=wenzhou_office,
        office=wenzhou_office_unit,
        pack_id="wenzhou-2026",
        title="温州市2026年市级项目申报（草稿）",
        extends="wenzhou-2025",
        values=[("application.city.APP_PI_AGE.max", 50), ("credits.city.max_per_project", 2.0)],
    )
    return apps


def _recomputed(draft_id: str) -> Counter:
    """Per rule, the applications whose findings differ: run_precheck directly, both packs."""
    draft = get_policy(draft_id)
    changed: Counter = Counter()
    for application in Application.objects.filter(call__year=2025):
        base = get_policy(application.call.policy_id)
        document = application_document(
            application, policy=base, submitted_at=application.submitted_at
        )
        before = {f["code"] for f in run_precheck("application", base.id, document)["findings"]}
        after = run_precheck("application", draft.id, document, policy=draft)["findings"]
        changed.update(before ^ {f["code"] for f in after})
    return changed


def _start(client, django_capture_on_commit_callbacks) -> ImpactPreview:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("overview:impact_start", args=["wenzhou-2026"]), {"year": 2025}
        )
    job = Job.objects.get(kind="impact_preview")
    assert response.url == reverse("jobs:detail", args=[job.pk])
    assert job.state == "done", job.error
    return ImpactPreview.objects.get(job=job)


def test_the_preview_counts_per_rule_what_run_precheck_gives(
    client, last_year, wenzhou_office, django_capture_on_commit_callbacks
):
    client.force_login(wenzhou_office)
    page = client.get("/policy/wenzhou-2026/").content.decode()
    assert f'href="{reverse("overview:impact_start", args=["wenzhou-2026"])}">影响预览</a>' in page
    before = list(Application.objects.values_list("pk", "state", "findings", "updated_at"))
    preview = _start(client, django_capture_on_commit_callbacks)
    counts = {r["code"]: r["changed"] for r in preview.rules}
    assert counts == dict(_recomputed("wenzhou-2026"))
    assert counts == {"APP_PI_AGE": 2, "APP_CREDIT_LIMIT": 1}
    age = next(r for r in preview.rules if r["code"] == "APP_PI_AGE")
    assert (age["newly"], age["no_longer"], age["units"], age["applications"], age["people"]) == (
        2,
        0,
        2,
        2,
        2,
    )
    assert sorted(age["sample"]) == sorted(
        [last_year["52 岁"].name, last_year["53 岁申请 2.5 学分"].name]
    )
    # 4 applications, 1 filing, 1 person's year: all re-checked, none changed.
    assert preview.subjects == 6
    assert list(Application.objects.values_list("pk", "state", "findings", "updated_at")) == before
    entry = AuditEntry.objects.get(action="overview.impact_previewed")
    assert entry.data["rules"] == {"APP_PI_AGE": 2, "APP_CREDIT_LIMIT": 1}


def test_the_page_drills_down_and_exports(
    client, last_year, wenzhou_office, django_capture_on_commit_callbacks
):
    client.force_login(wenzhou_office)
    preview = _start(client, django_capture_on_commit_callbacks)
    page = client.get(reverse("overview:impact", args=[preview.pk])).content.decode()
    rule_url = reverse("overview:impact_rule", args=[preview.pk, "APP_PI_AGE"])
    assert f'<a href="{rule_url}">项目负责人年龄（周岁）不超过上限</a>' in page
    assert "重新检查 6 项决定" in page
    page = client.get(rule_url).content.decode()
    assert "2 项决定的结果会变化：新触发 2，不再触发 0；涉及 2 个单位、2 项申报、2 人" in page
    assert last_year["52 岁"].name in page and last_year["45 岁"].name not in page
    assert "超过 50" in page or "50 周岁" in page
    result = client.get(reverse("jobs:result", args=[preview.job.pk]))
    book = load_workbook(io.BytesIO(b"".join(result.streaming_content)))
    summary = list(book["汇总"].iter_rows(values_only=True))
    assert summary[0][:3] == ("规则", "代码", "结果变化")
    assert {row[1]: row[2] for row in summary[1:]} == {"APP_PI_AGE": 2, "APP_CREDIT_LIMIT": 1}
    assert len(list(book["明细"].iter_rows(min_row=2))) == 3


def test_only_the_office_sees_its_preview(
    client,
    last_year,
    wenzhou_office,
    lucheng_office,
    hospital_admin,
    django_capture_on_commit_callbacks,
):
    client.force_login(wenzhou_office)
    preview = _start(client, django_capture_on_commit_callbacks)
    client.force_login(lucheng_office)
    assert client.get(reverse("overview:impact", args=[preview.pk])).status_code == 404
    client.force_login(hospital_admin)
    assert client.get(reverse("overview:impact_start", args=["wenzhou-2026"])).status_code == 403


def test_a_rules_list_is_paged(
    client, last_year, wenzhou_office, django_capture_on_commit_callbacks, monkeypatch
):
    from jijiao.overview import views_impact

    monkeypatch.setattr(views_impact, "LIST_PAGE", 1)
    client.force_login(wenzhou_office)
    preview = _start(client, django_capture_on_commit_callbacks)
    rule_url = reverse("overview:impact_rule", args=[preview.pk, "APP_PI_AGE"])
    first = client.get(rule_url).content.decode()
    assert "第 1 / 2 页，共 2 条" in first and "下一页" in first
    second = client.get(rule_url, {"page": 2}).content.decode()
    assert "第 2 / 2 页，共 2 条" in second
    names = {last_year["52 岁"].name in page for page in (first, second)}
    assert names == {True, False}  # the 52-year-old's application on one page of the two
