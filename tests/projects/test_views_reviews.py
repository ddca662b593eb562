"""The expert reviewer's pages: assigned applications only, scoring, conflicts."""

import pytest

from jijiao.projects.domain.intake import review_assign
from jijiao.projects.models import ReviewAssignment

pytestmark = pytest.mark.django_db


@pytest.fixture
def assignment(under_review, wenzhou_office, expert_a, criteria):
    return review_assign(by=wenzhou_office, application=under_review, reviewer=expert_a)


def _as(client, account):
    client.force_login(account)
    return client


def test_a_reviewer_gets_404_on_an_application_not_assigned_to_them(
    client, assignment, expert_b, under_review
):
    _as(client, expert_b)
    assert client.get(f"/projects/reviews/{assignment.pk}/").status_code == 404
    assert client.get(f"/projects/applications/{under_review.pk}/").status_code == 404
    assert (
        client.post(f"/projects/reviews/{assignment.pk}/", {"action": "score"}).status_code == 404
    )
    assert "暂无分配给您的评审任务。" in client.get("/projects/reviews/").content.decode()


def test_the_assigned_reviewer_sees_the_task_and_the_application(
    client, assignment, expert_a, under_review
):
    _as(client, expert_a)
    tasks = client.get("/projects/reviews/").content.decode()
    assert f'<a href="/projects/reviews/{assignment.pk}/">基层心血管病规范化诊疗培训班</a>' in tasks
    page = client.get(f"/projects/reviews/{assignment.pk}/").content.decode()
    assert "科学性与先进性（0–40 分）" in page
    assert "<td>冠心病二级预防</td>" in page
    detail = client.get(f"/projects/applications/{under_review.pk}/").content.decode()
    assert f'href="/projects/reviews/{assignment.pk}/">我的评审</a>' in detail


def test_scores_out_of_range_are_refused_and_a_good_form_is_stored(
    client, assignment, expert_a, criteria
):
    _as(client, expert_a)
    url = f"/projects/reviews/{assignment.pk}/"
    first, second, third = (f"score_{c.pk}" for c in criteria)
    page = client.post(
        url, {"action": "score", first: "45", second: "30", "opinion": "好"}
    ).content.decode()
    assert "确保该值小于或等于40。" in page
    assignment.refresh_from_db()
    assert assignment.state == "assigned"
    response = client.post(
        url, {"action": "score", first: "35", second: "30.5", third: "", "opinion": "内容实用"}
    )
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert (assignment.state, str(assignment.total), assignment.opinion) == (
        "submitted",
        "65.50",
        "内容实用",
    )
    assert sorted((s.criterion.name, str(s.score)) for s in assignment.scores.all()) == [
        ("实用性", "30.5"),
        ("科学性与先进性", "35.0"),
    ]


def test_a_reviewer_declares_a_conflict(client, assignment, expert_a):
    _as(client, expert_a).post(
        f"/projects/reviews/{assignment.pk}/", {"action": "conflict", "note": "曾在该科室进修"}
    )
    assignment.refresh_from_db()
    assert (assignment.state, assignment.conflict_note) == (
        ReviewAssignment.State.CONFLICT,
        "曾在该科室进修",
    )


def test_review_pages_are_for_experts(client, pi_zhang):
    assert _as(client, pi_zhang).get("/projects/reviews/").status_code == 403
