"""Compliance summaries (issue 16): equal to the annual-compliance rule's standing as the
transcript computes it, on a generated sample; kept current by each event they depend on."""

import contextlib
import copy
import datetime as dt
import json
import random
from decimal import Decimal
from unittest import mock

import pytest
from django.db import connection

from jijiao.audit_log.models import AuditEntry
from jijiao.common import clock
from jijiao.credits import tasks as credit_tasks
from jijiao.credits.domain import summaries as domain_summaries
from jijiao.credits.domain.compliance import annual_facts_set
from jijiao.credits.domain.summaries import (
    FIELDS,
    summaries_fill,
    summaries_recompute_submit,
    summaries_refresh,
)
from jijiao.credits.domain.years import credit_year_set
from jijiao.credits.models import AnnualFacts, ComplianceSummary, LedgerEntry
from jijiao.credits.queries import compliance_counts, compliance_summaries
from jijiao.credits.summaries import COPY_COLUMNS, Run, compute, compute_copy, unit_listing
from jijiao.credits.tasks import task_summaries_recompute, task_summaries_recompute_piece
from jijiao.credits.transcript import person_year, unit_compliance
from jijiao.jobs.domain import INTERNAL_ERROR
from jijiao.jobs.models import Job
from jijiao.jobs.progress import job_progress
from jijiao.orgs.domain.people import person_transfer_out, person_update
from jijiao.orgs.domain.units import unit_set_category
from jijiao.orgs.models import Person, Unit
from jijiao.policy.domain.packs import pack_create
from tests.credits.conftest import at, pdf_upload
from tests.credits.helpers import approved_in_unit, national_grant
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

# Values chosen by the unit's category, the person's title and county level, so the sample
# exercises the facts as well as the sums.
PACK = """
id = "wenzhou-cases"
title = "温州市按类别与职称的年度学分要求（测试）"
extends = "wenzhou-2023"

[compliance.ANN_TOTAL]
cite = "测试通知 一"
severity = "error"
min = 25

[[compliance.ANN_TOTAL.cases]]
when = { "unit.category" = "township" }
min = 15

[[compliance.ANN_TOTAL.cases]]
when = { "person.title" = "正高" }
min = 30

[[compliance.ANN_TOTAL.cases]]
when = { "unit.county_level" = true }
min = 20

[compliance.ANN_PUBLIC_HOURS]
cite = "测试通知 二"
severity = "error"
min = 20
"""

STATUSES = ["approved"] * 6 + ["pending_unit", "rejected", "returned"]
LEVELS = ["national", "provincial", "provincial", "city"]


@pytest.fixture
def cases_pack(wenzhou_office, wenzhou_office_unit):
    pack_create(
        by=wenzhou_office,
        office=wenzhou_office_unit,
        pack_id="wenzhou-cases",
        title="温州市按类别与职称的年度学分要求（测试）",
        extends="wenzhou-2023",
        text=PACK,
    )


@pytest.fixture
def year_2019(wenzhou_office, wenzhou_office_unit, cases_pack):
    return credit_year_set(
        by=wenzhou_office, office=wenzhou_office_unit, year=2019, policy_id="wenzhou-cases"
    )


def _row(person: Person, year: int, rng: random.Random) -> LedgerEntry:
    return LedgerEntry(
        person=person,
        unit_id=person.unit_id,
        year=year,
        activity_date=dt.date(year, rng.randint(1, 12), rng.randint(1, 28)),
        credit_class=rng.choice(["I", "I", "II"]),
        credit_level=rng.choice(LEVELS),
        source=LedgerEntry.Source.IMPORT,
        activity_type=rng.choice(["项目", "远程", "学术会议", "院内学术讲座"]),
        title="生成的学分记录",
        credits=Decimal(rng.randint(1, 80)) / 10,
        entry_method=LedgerEntry.Method.IMPORT,
        remote=rng.random() < 0.3,
        status=rng.choice(STATUSES),
        valid=rng.random() > 0.1,
        policy_id="wenzhou-cases",
        policy_hash="x",
        entered_at=clock.now(),
    )


@pytest.fixture
def sample(year_2019, city_hospital, lucheng_hospital, ruian_hospital, hospital_admin):
    """Sixty people in three hospitals (one a township unit, one under a county office), with
    random titles, rows of every status and validity, exemptions and public-subject hours."""
    rng = random.Random(16)
    Unit.objects.filter(pk=ruian_hospital.pk).update(category=Unit.Category.TOWNSHIP)
    units = [city_hospital, lucheng_hospital, ruian_hospital]
    titles = ["", "初级", "中级", "副高", "正高"]
    people = [PersonFactory(unit=units[i % 3], title_level=rng.choice(titles)) for i in range(60)]
    rows, facts = [], []
    for person in people:
        rows += [_row(person, 2019, rng) for _ in range(rng.randint(0, 14))]
        rows += [_row(person, 2018, rng) for _ in range(rng.randint(0, 3))]
        if rng.random() < 0.4:
            facts.append(
                AnnualFacts(
                    person=person,
                    year=2019,
                    exemption=rng.choice(["", "", "long_study", "resident_training"]),
                    public_subject_hours=Decimal(rng.randint(0, 40)),
                    set_by=hospital_admin,
                    set_at=clock.now(),
                )
            )
    LedgerEntry.objects.bulk_create(rows)
    AnnualFacts.objects.bulk_create(facts)
    # One person left their unit: no pack applies.
    Person.objects.filter(pk=people[-1].pk).update(unit=None)
    return people


def _money(value) -> Decimal:
    return Decimal(value).quantize(Decimal("0.1"))


def test_summary_equals_the_rule_on_a_generated_sample(sample):
    written = summaries_refresh([(p.pk, y) for p in sample for y in (2018, 2019)])
    assert written == 120
    statuses = set()
    for person in Person.objects.filter(pk__in=[p.pk for p in sample]):
        for year in (2018, 2019):
            summary = ComplianceSummary.objects.get(person=person, year=year)
            transcript = person_year(person, year)
            assert summary.unit_id == person.unit_id
            assert summary.problem == transcript.problem
            if transcript.standing is None:
                assert summary.status == ""
                continue
            standing = transcript.standing
            statuses.add(standing.status)
            assert summary.status == standing.status, person
            assert summary.class1_national == _money(transcript.class1_national)
            assert summary.class1_provincial == _money(transcript.class1_provincial)
            assert summary.class2 == _money(transcript.class2)
            assert summary.total == _money(transcript.total)
            assert summary.short == [
                {"code": f.code, "message": f.message} for f in standing.failures
            ]
            counted = [e for e in transcript.rows if e.status == "approved" and e.valid]
            class1 = sum((e.credits for e in counted if e.credit_class == "I"), Decimal(0))
            remote = sum(
                (e.credits for e in counted if e.credit_class == "I" and e.remote), Decimal(0)
            )
            assert summary.remote_class1 == remote
            if class1:
                assert summary.remote_share == (remote / class1).quantize(Decimal("0.0001"))
            else:
                assert summary.remote_share is None
    # The sample reaches every outcome, the undecided included (2018 has no pack set).
    assert statuses == {"compliant", "noncompliant", "exempt"}
    assert ComplianceSummary.objects.filter(year=2018, status="").count() == 60


def test_refresh_is_idempotent(sample):
    pairs = [(p.pk, 2019) for p in sample[:10]]
    fields = [f for f in FIELDS if f != "computed_at"]

    def rows():
        return list(ComplianceSummary.objects.order_by("person_id").values("pk", *fields))

    summaries_refresh(pairs)
    first = rows()
    summaries_refresh(pairs)
    assert rows() == first
    assert len(first) == 10


def test_the_nightly_fill_computes_only_the_missing_summaries_in_batches(sample):
    ComplianceSummary.objects.all().delete()
    summaries_refresh([(sample[0].pk, 2019)])
    kept = ComplianceSummary.objects.get(person=sample[0], year=2019)
    fields = [f for f in FIELDS if f != "computed_at"]
    on_staff = [p for p in sample if p.pk != sample[-1].pk]  # the last one left their unit
    seen = []

    written = summaries_fill(year=2019, step=7, progress=lambda d, t: seen.append((d, t)))

    assert written == len(on_staff) - 1
    assert seen[-1] == (written, written) and len(seen) == -(-written // 7)
    stored = ComplianceSummary.objects.filter(year=2019)
    assert sorted(stored.values_list("person_id", flat=True)) == sorted(p.pk for p in on_staff)
    assert ComplianceSummary.objects.get(pk=kept.pk).computed_at == kept.computed_at
    # What the fill wrote is what a refresh of the same people writes.
    filled = list(stored.order_by("person_id").values("person_id", *fields))
    summaries_refresh([(p.pk, 2019) for p in on_staff])
    assert list(stored.order_by("person_id").values("person_id", *fields)) == filled
    assert summaries_fill(year=2019) == 0


def _summary(person, year=2019) -> ComplianceSummary:
    return ComplianceSummary.objects.get(person=person, year=year)


def test_an_approved_row_updates_the_summary(
    django_capture_on_commit_callbacks,
    year_2019,
    hospital_admin,
    wenzhou_office,
    city_hospital,
    zhao,
):
    with django_capture_on_commit_callbacks(execute=True):
        approved_in_unit(
            hospital_admin,
            wenzhou_office,
            city_hospital,
            [zhao],
            day="2019-03-01",
            credits="15",
            title="院内讲座",
        )
    summary = _summary(zhao)
    assert (summary.status, summary.class2, summary.total) == ("noncompliant", 15, 15)
    assert [s["code"] for s in summary.short] == ["ANN_TOTAL", "ANN_CLASS1"]
    with django_capture_on_commit_callbacks(execute=True):
        national_grant(wenzhou_office, [zhao], day="2019-05-10", credits="10", ref="N2019")
    summary = _summary(zhao)
    assert (summary.status, summary.class1_national, summary.total) == ("compliant", 10, 25)
    assert summary.short == []


def test_an_exemption_updates_the_summary(
    django_capture_on_commit_callbacks, year_2019, hospital_admin, zhao
):
    summaries_refresh([(zhao.pk, 2019)])
    assert _summary(zhao).status == "noncompliant"
    with django_capture_on_commit_callbacks(execute=True), at("2019-12-01"):
        annual_facts_set(
            by=hospital_admin,
            person=zhao,
            year=2019,
            exemption="long_study",
            reason="进修一年",
            evidence=pdf_upload(),
        )
    assert _summary(zhao).status == "exempt"
    assert _summary(zhao).short == []


def test_a_transfer_and_a_title_update_the_summary(
    django_capture_on_commit_callbacks, year_2019, hospital_admin, city_hospital, zhao
):
    summaries_refresh([(zhao.pk, 2019)])
    assert _summary(zhao).short[0]["message"].startswith("2019 年学分 0 分，低于 25 分")
    with django_capture_on_commit_callbacks(execute=True):
        person_update(by=hospital_admin, person=zhao, title_level="正高")
    assert "低于 30 分" in _summary(zhao).short[0]["message"]
    with django_capture_on_commit_callbacks(execute=True):
        person_transfer_out(by=hospital_admin, person=zhao, reason="调往外省")
    summary = _summary(zhao)
    assert (summary.unit_id, summary.status) == (None, "")
    assert summary.problem == "当前不属于任何单位，无法确定适用的政策包"
    assert compliance_summaries(2019, units=[city_hospital]).filter(person=zhao).count() == 0


def test_a_unit_category_updates_its_staffs_summaries(
    django_capture_on_commit_callbacks, year_2019, wenzhou_office, city_hospital, zhao
):
    summaries_refresh([(zhao.pk, 2019)])
    with django_capture_on_commit_callbacks(execute=True):
        unit_set_category(by=wenzhou_office, unit=city_hospital, category="township")
    assert "低于 15 分" in _summary(zhao).short[0]["message"]


def test_the_years_new_pack_recomputes_the_city_by_a_job(
    django_capture_on_commit_callbacks, year_2019, wenzhou_office, wenzhou_office_unit, staff
):
    summaries_refresh([(p.pk, 2019) for p in staff])
    assert set(ComplianceSummary.objects.values_list("policy_id", flat=True)) == {"wenzhou-cases"}
    with django_capture_on_commit_callbacks(execute=True):
        credit_year_set(
            by=wenzhou_office, office=wenzhou_office_unit, year=2019, policy_id="wenzhou-2023"
        )
    job = Job.objects.filter(kind="compliance_summaries").latest("pk")
    assert (job.state, job.counts) == ("done", {"year": 2019, "people": 5})
    assert job.summary == "已重算 温州市继教办 2019 年度 5 人的学分达标汇总。"
    assert set(ComplianceSummary.objects.values_list("policy_id", flat=True)) == {"wenzhou-2023"}
    # The same pack again is no change: no new job.
    with django_capture_on_commit_callbacks(execute=True):
        credit_year_set(
            by=wenzhou_office, office=wenzhou_office_unit, year=2019, policy_id="wenzhou-2023"
        )
    assert Job.objects.filter(kind="compliance_summaries").count() == 2


def test_a_unit_recompute_job_and_the_query_functions(
    django_capture_on_commit_callbacks, sample, hospital_admin, city_hospital, lucheng_hospital
):
    with django_capture_on_commit_callbacks(execute=True):
        job = summaries_recompute_submit(by=hospital_admin, organisation=city_hospital, year=2019)
    job.refresh_from_db()
    assert (job.state, job.counts["people"]) == ("done", 20)
    mine = compliance_summaries(2019, units=[city_hospital])
    assert mine.count() == 20
    assert not compliance_summaries(2019, units=[lucheng_hospital.pk]).exists()
    counts = compliance_counts(2019, units=[city_hospital])
    assert sum(counts[city_hospital.pk].values()) == 20
    for summary in mine:
        assert summary.status == person_year(summary.person, 2019).status


def test_the_compliance_page_reads_the_summaries_and_computes_the_missing(
    client, sample, hospital_admin, city_hospital
):
    """Half of the hospital summarised, half not: the page lists everyone with the rule's
    standing either way, the counts equal the live computation, and pages by 100."""
    members = list(Person.objects.filter(unit=city_hospital).order_by("pk"))
    summaries_refresh([(p.pk, 2019) for p in members[:10]])
    live = unit_compliance(city_hospital, 2019)
    for listing in (unit_listing(city_hospital, 2019), None):
        if listing is None:  # everyone summarised now: the fast path
            summaries_refresh([(p.pk, 2019) for p in members])
            listing = unit_listing(city_hospital, 2019)
        assert listing.counts == {
            s: live.count(s) for s in ("compliant", "noncompliant", "exempt") if live.count(s)
        }
        assert listing.rate == live.rate
        assert [(s.person.name, s.status) for s in listing.people] == [
            (t.person.name, t.status) for t in live.people
        ]
    client.force_login(hospital_admin)
    page = client.get("/credits/compliance/?year=2019").content.decode()
    first = live.people[0]
    assert f">{first.person.name}</a>" in page
    assert f"{live.count('compliant')}</div>达标" in page


# ---- a province's year at once: the rule judged once for people alike, COPY, pieces ----


def _stored(year=2019) -> list[dict]:
    fields = [f for f in FIELDS if f != "computed_at"]
    return list(
        ComplianceSummary.objects.filter(year=year)
        .order_by("person_id")
        .values("person_id", *fields)
    )


def test_the_copy_lines_are_the_summaries_and_people_alike_are_judged_once(sample):
    pairs = [(p.pk, y) for p in sample for y in (2018, 2019)]
    run = Run()
    lines = list(compute_copy(pairs, run))
    judged = run.judgements
    assert 0 < judged < len(pairs)  # 2018 has no pack: one 未判定 for all, not judged
    assert list(compute_copy(pairs, run)) == lines and run.judgements == judged
    summaries = {(s.person_id, s.year): s for s in compute(pairs)}
    assert len(lines) == len(summaries) == 120
    for line in lines:
        values = dict(zip(COPY_COLUMNS, line.rstrip("\n").split("\t"), strict=True))
        s = summaries[(int(values["person_id"]), int(values["year"]))]
        assert values["unit_id"] == (str(s.unit_id) if s.unit_id else "\\N")
        assert (values["status"], values["problem"]) == (s.status, s.problem)
        for name in ("class1_national", "class1_provincial", "class2", "total", "remote_class1"):
            assert Decimal(values[name]) == getattr(s, name)
        assert values["remote_share"] == ("\\N" if s.remote_share is None else str(s.remote_share))
        assert json.loads(values["short"]) == s.short


def test_people_with_equal_records_and_judged_facts_share_one_judgement(
    year_2019, city_hospital, hospital_admin
):
    rng = random.Random(3)
    alike = [PersonFactory(unit=city_hospital, title_level="中级") for _ in range(3)]
    senior = PersonFactory(unit=city_hospital, title_level="正高")  # the pack's cases read titles
    template = [_row(alike[0], 2019, rng) for _ in range(4)]
    rows = []
    for person in [*alike, senior]:
        for row in template:
            row.pk, row.person = None, person
            rows.append(copy.copy(row))
    LedgerEntry.objects.bulk_create(rows)
    run = Run()
    summaries = compute([(p.pk, 2019) for p in [*alike, senior]], run)
    assert run.judgements == 2
    alike_ids = {p.pk for p in alike}
    judged = {(s.status, s.total, str(s.short)) for s in summaries if s.person_id in alike_ids}
    assert len(judged) == 1  # in whatever order the summaries come
    for summary in summaries:
        assert summary.status == person_year(summary.person, 2019).status


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY needs PostgreSQL")
def test_the_copy_path_writes_what_the_model_path_writes(sample, monkeypatch):
    pairs = [(p.pk, 2019) for p in sample]
    monkeypatch.setattr(domain_summaries, "COPY_FROM", 10_000)
    summaries_refresh(pairs)
    by_models = _stored()
    ComplianceSummary.objects.all().delete()
    monkeypatch.setattr(domain_summaries, "COPY_FROM", 0)
    with at("2020-01-02"):
        summaries_refresh(pairs)  # inserted by COPY
    assert _stored() == by_models
    # Written again by COPY: the unchanged rows are left as they are, a changed one replaced.
    ComplianceSummary.objects.filter(person=sample[0]).update(status="x", total=999)
    with at("2020-02-03"):
        summaries_refresh(pairs)
    assert _stored() == by_models
    written = dict(ComplianceSummary.objects.values_list("person_id", "computed_at__month"))
    assert written.pop(sample[0].pk) == 2 and set(written.values()) == {1}


@contextlib.contextmanager
def monkeypatch_delay(sent: list):
    """The pieces' messages kept instead of run (a broker that has not delivered them yet)."""
    with mock.patch.object(
        task_summaries_recompute_piece, "delay", side_effect=lambda _job, index: sent.append(index)
    ):
        yield


@pytest.fixture
def pieces_of_seven(monkeypatch):
    monkeypatch.setattr(domain_summaries, "PIECE", 7)


def _recompute_job(capture, office, office_unit):
    with capture(execute=True):
        job = summaries_recompute_submit(by=office, organisation=office_unit, year=2019)
    job.refresh_from_db()
    return job


def test_a_recompute_job_runs_in_pieces_and_ends_once_with_their_sum(
    django_capture_on_commit_callbacks, sample, pieces_of_seven, wenzhou_office, wenzhou_office_unit
):
    summaries_refresh([(sample[-1].pk, 2019)])  # the one who left: no unit, not in the scope
    job = _recompute_job(django_capture_on_commit_callbacks, wenzhou_office, wenzhou_office_unit)
    assert (job.state, job.counts) == ("done", {"year": 2019, "people": 59})
    assert len(job.params["pieces"]) == 9 and sorted(job.params["pieces_done"]) == list(range(9))
    assert (job.done, job.total) == (59, 59)
    assert job.summary == "已重算 温州市继教办 2019 年度 59 人的学分达标汇总。"
    assert AuditEntry.objects.filter(action="job.finished", object_id=str(job.pk)).count() == 1
    pieced = _stored()
    ComplianceSummary.objects.all().delete()
    summaries_refresh([(p.pk, 2019) for p in sample])
    assert pieced == _stored()
    assert len(pieced) == 60  # the 59 on staff, and the one who left as it was
    # A piece delivered again, or the job, does nothing.
    task_summaries_recompute_piece(job.pk, 3)
    task_summaries_recompute(job.pk)
    job.refresh_from_db()
    assert (job.state, job.done, job.attempts) == ("done", 59, 1)
    assert AuditEntry.objects.filter(action="job.finished", object_id=str(job.pk)).count() == 1


def test_a_job_delivered_again_after_it_split_sends_only_the_pieces_not_done(
    django_capture_on_commit_callbacks, sample, pieces_of_seven, wenzhou_office, wenzhou_office_unit
):
    sent = []
    with monkeypatch_delay(sent):
        job = _recompute_job(
            django_capture_on_commit_callbacks, wenzhou_office, wenzhou_office_unit
        )
    assert job.state == "running" and sent == list(range(9))
    with django_capture_on_commit_callbacks(execute=True):
        for index in (0, 4):  # two pieces ran, then the worker died
            task_summaries_recompute_piece(job.pk, index)
    job.refresh_from_db()
    assert (job.state, sorted(job.params["pieces_done"]), job.done) == ("running", [0, 4], 14)
    assert job_progress(job)[:2] == (14, 59)
    sent.clear()
    with monkeypatch_delay(sent), django_capture_on_commit_callbacks(execute=True):
        task_summaries_recompute(job.pk)
    assert sent == [1, 2, 3, 5, 6, 7, 8]
    with django_capture_on_commit_callbacks(execute=True):
        for index in sent:
            task_summaries_recompute_piece(job.pk, index)
    job.refresh_from_db()
    assert (job.state, job.counts["people"], job.attempts) == ("done", 59, 2)
    assert ComplianceSummary.objects.filter(year=2019).count() == 59


def test_a_failing_piece_fails_the_job_and_the_later_pieces_do_nothing(
    django_capture_on_commit_callbacks,
    sample,
    pieces_of_seven,
    wenzhou_office,
    wenzhou_office_unit,
    monkeypatch,
):
    real = credit_tasks.summaries_recompute_piece

    def piece(**kwargs):
        if kwargs["low"] > sample[20].pk:
            raise RuntimeError("the database went away")
        return real(**kwargs)

    monkeypatch.setattr(credit_tasks, "summaries_recompute_piece", piece)
    job = _recompute_job(django_capture_on_commit_callbacks, wenzhou_office, wenzhou_office_unit)
    assert (job.state, job.error) == ("failed", INTERNAL_ERROR)
    assert AuditEntry.objects.filter(action="job.failed", object_id=str(job.pk)).count() == 1
    assert not AuditEntry.objects.filter(action="job.finished", object_id=str(job.pk)).exists()
    assert len(job.params["pieces_done"]) == 3  # committed before: derived rows, kept
    assert ComplianceSummary.objects.filter(year=2019).count() == 21


JOB_TYPE_PACK = """
id = "wenzhou-job-types"
title = "温州市按岗位类别的年度学分要求（测试）"
extends = "wenzhou-2023"

[compliance.ANN_TOTAL]
cite = "测试通知 三"
severity = "error"
min = 30

[[compliance.ANN_TOTAL.cases]]
when = { "person.job_type" = "管理" }
min = 20
"""


def test_the_summary_reads_the_job_type_and_follows_its_change(
    django_capture_on_commit_callbacks, wenzhou_office, wenzhou_office_unit, hospital_admin, staff
):
    pack_create(
        by=wenzhou_office,
        office=wenzhou_office_unit,
        pack_id="wenzhou-job-types",
        title="温州市按岗位类别的年度学分要求（测试）",
        extends="wenzhou-2023",
        text=JOB_TYPE_PACK,
    )
    credit_year_set(
        by=wenzhou_office, office=wenzhou_office_unit, year=2019, policy_id="wenzhou-job-types"
    )
    zhao, qian = staff[0], staff[1]
    Person.objects.filter(pk=qian.pk).update(job_type="管理")
    summaries_refresh([(zhao.pk, 2019), (qian.pk, 2019)])
    for person in (zhao, qian):
        person.refresh_from_db()
        assert _summary(person).short == [
            {"code": f.code, "message": f.message}
            for f in person_year(person, 2019).standing.failures
        ]
    assert "低于 30 分" in _summary(zhao).short[0]["message"]
    assert "低于 20 分" in _summary(qian).short[0]["message"]
    with django_capture_on_commit_callbacks(execute=True):
        person_update(by=hospital_admin, person=zhao, job_type="管理")
    assert "低于 20 分" in _summary(zhao).short[0]["message"]
