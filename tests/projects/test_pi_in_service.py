"""项目负责人必须是申报单位在职（岗）人员 (seed 000 一.1): read from the person's record — a retired
PI still attached to the unit is refused at submission, and the PI's page says why."""

import pytest

from jijiao.common.errors import DomainError
from jijiao.orgs.models import Person
from jijiao.projects.domain.applications import application_submit, check

pytestmark = pytest.mark.django_db

RETIRED = (
    "项目负责人 张建华 不是申报单位在职（岗）人员（人员档案：退休）（温继委办发〔2025〕1号 一.1）"
)


def _codes(outcome):
    return {f["code"]: f["message"] for f in outcome["findings"]}


def test_an_active_pi_of_the_unit_passes(draft):
    assert "APP_PI_NOT_STAFF" not in _codes(check(draft))


def test_a_retired_pi_still_attached_to_the_unit_is_refused(draft, pi_zhang, pi_zhang_person):
    Person.objects.filter(pk=pi_zhang_person.pk).update(employment_status=Person.Employment.RETIRED)
    draft.refresh_from_db()
    assert pi_zhang_person.unit_id == draft.unit_id
    assert _codes(check(draft))["APP_PI_NOT_STAFF"] == RETIRED
    with pytest.raises(DomainError) as caught:
        application_submit(by=pi_zhang, application=draft)
    assert f"APP_PI_NOT_STAFF {RETIRED}" in caught.value.message
    draft.refresh_from_db()
    assert draft.state == "draft"


def test_the_pis_page_shows_the_finding(client, draft, pi_zhang, pi_zhang_person):
    Person.objects.filter(pk=pi_zhang_person.pk).update(employment_status=Person.Employment.RETIRED)
    client.force_login(pi_zhang)
    page = client.get(f"/projects/applications/{draft.pk}/").content.decode()
    assert "不是申报单位在职（岗）人员（人员档案：退休）" in page
