"""Impact preview on the demo world (issue 22): the city office drafts next year's notice — PI
age limit 50, at most 2.0 credits a project — and previews it over 2024, the demo's last full
year; the per-rule counts equal a direct recomputation with run_precheck."""

from collections import Counter

import pytest
from django.urls import reverse

from jijiao.demo import load_demo
from jijiao.engine.precheck import run_precheck
from jijiao.jobs.models import Job
from jijiao.orgs.models import Account, Unit
from jijiao.overview.models import ImpactPreview
from jijiao.policy.access import get_policy
from jijiao.policy.domain.packs import pack_create
from jijiao.projects.facts import application_document
from jijiao.projects.models import Application

pytestmark = pytest.mark.django_db


def test_the_draft_previewed_over_the_demos_2024(client, django_capture_on_commit_callbacks):
    load_demo()
    office = Account.objects.get(username="wz_office")
    pack_create(
        by=office,
        office=Unit.objects.get(name="温州市继续医学教育委员会办公室"),
        pack_id="wenzhou-2026-draft",
        title="温州市2026年市级项目申报（草稿）",
        extends="wenzhou-2025",
        values=[("application.city.APP_PI_AGE.max", 50), ("credits.city.max_per_project", 2.0)],
    )
    client.force_login(office)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("overview:impact_start", args=["wenzhou-2026-draft"]), {"year": 2024})
    job = Job.objects.get(kind="impact_preview")
    assert job.state == "done", job.error
    preview = ImpactPreview.objects.get(job=job)

    draft, expected = get_policy("wenzhou-2026-draft"), Counter()
    applications = Application.objects.filter(call__year=2024).exclude(state="draft")
    assert applications.exists()
    for application in applications:
        base = get_policy(application.call.policy_id)
        at = application.submitted_at or application.call.closes_at
        document = application_document(application, policy=base, submitted_at=at)
        before = {f["code"] for f in run_precheck("application", base.id, document)["findings"]}
        after = run_precheck("application", draft.id, document, policy=draft)["findings"]
        expected.update(before ^ {f["code"] for f in after})
    counts = {r["code"]: r["changed"] for r in preview.rules if r["code"].startswith("APP_")}
    assert counts == dict(expected)
    assert counts.get("APP_PI_AGE", 0) > 0
    page = client.get(reverse("overview:impact", args=[preview.pk])).content.decode()
    assert "项目负责人年龄（周岁）不超过上限" in page
