"""Recommending and deciding cannot be undone by the one who does them: each asks first, and a
POST that skips the question changes nothing."""

from jijiao.projects.models import Application


def test_recommending_asks_first_and_names_the_applications(
    client, submitted, hospital_admin, city_call
):
    client.force_login(hospital_admin)
    data = {"call": city_call.pk, "application": [submitted.pk]}
    asked = client.post("/projects/unit/recommend/", data).content.decode()
    assert "推荐本单位 1 个申报项目" in asked
    assert "推荐后本单位不能撤回" in asked
    assert submitted.name in asked
    assert Application.objects.get(pk=submitted.pk).state == "submitted"
    client.post("/projects/unit/recommend/", {**data, "confirmed": "yes"})
    assert Application.objects.get(pk=submitted.pk).state == "recommended"


def test_approving_and_numbering_asks_first(client, under_review, wenzhou_office):
    client.force_login(wenzhou_office)
    url = f"/projects/office/applications/{under_review.pk}/decide/"
    data = {"decision": "approve", "reason": "同意立项", "number": "2025-03-01-009"}
    asked = client.post(url, data).content.decode()
    assert f"将批准“{under_review.name}”立项并编号 2025-03-01-009" in asked
    assert "不能撤回" in asked
    under_review.refresh_from_db()
    assert (under_review.state, under_review.number) == ("under_review", "")
    client.post(url, {**data, "confirmed": "yes"})
    under_review.refresh_from_db()
    assert (under_review.state, under_review.number) == ("approved", "2025-03-01-009")
