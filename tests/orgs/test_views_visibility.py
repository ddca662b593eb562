"""Detail pages and API answer 404 outside a user's visibility, and show only masked numbers."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import PersonFactory


def _as(client, account):
    client.force_login(account)
    return client


@pytest.mark.parametrize(
    ("persona", "target"),
    [
        ("lucheng_admin", "pi_zhang_person"),
        ("ruian_office", "pi_zhang_person"),
        ("dept_admin", "nurse_wang"),
        ("pi_zhang", "nurse_wang"),
        ("audit_admin", "pi_zhang_person"),
        ("system_admin", "pi_zhang_person"),
    ],
)
def test_person_pages_answer_404_outside_visibility(request, client, persona, target):
    person = request.getfixturevalue(target)
    _as(client, request.getfixturevalue(persona))
    assert client.get(f"/people/{person.pk}/").status_code == 404
    assert client.get(f"/people/{person.pk}/edit/").status_code == 404
    assert client.post(f"/people/{person.pk}/transfer-out/").status_code == 404
    assert client.get(f"/people/{person.pk}/account/").status_code == 404


def test_person_page_of_a_missing_person_looks_the_same_as_one_not_yours(
    client, hospital_admin, nurse_wang
):
    _as(client, hospital_admin)
    not_yours = client.get(f"/people/{nurse_wang.pk}/")
    missing = client.get("/people/999999/")
    assert not_yours.status_code == missing.status_code == 404
    assert not_yours.content == missing.content


@pytest.mark.parametrize("persona", ["hospital_admin", "dept_admin", "pi_zhang", "wenzhou_office"])
def test_person_page_inside_visibility_shows_the_masked_id_number_never_the_full_one(
    request, client, persona, pi_zhang_person
):
    _as(client, request.getfixturevalue(persona))
    response = client.get(f"/people/{pi_zhang_person.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    full = pi_zhang_person.reveal_id_number()
    assert "<h1>张建华 </h1>" in page
    assert pi_zhang_person.id_masked in page
    assert pi_zhang_person.id_masked == full[:6] + "********" + full[-4:]
    assert full not in page


@pytest.mark.parametrize("persona", ["lucheng_admin", "ruian_office", "dept_admin", "pi_zhang"])
def test_unit_page_answers_404_outside_visibility(request, client, persona, city_hospital):
    _as(client, request.getfixturevalue(persona))
    assert client.get(f"/units/{city_hospital.pk}/").status_code == 404


@pytest.mark.parametrize("persona", ["hospital_admin", "wenzhou_office"])
def test_unit_page_inside_visibility_lists_people_with_masked_numbers(
    request, client, persona, city_hospital, pi_zhang_person
):
    _as(client, request.getfixturevalue(persona))
    response = client.get(f"/units/{city_hospital.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>温州市第一人民医院</h1>" in page
    assert f"<td>张建华</td><td>{pi_zhang_person.id_masked}</td>" in page
    assert pi_zhang_person.reveal_id_number() not in page


@pytest.mark.parametrize("persona", ["lucheng_admin", "ruian_office", "audit_admin"])
def test_api_person_answers_404_outside_visibility(request, client, persona, pi_zhang_person):
    _as(client, request.getfixturevalue(persona))
    response = client.get(f"/api/v1/people/{pi_zhang_person.pk}")
    assert response.status_code == 404


def test_api_person_inside_visibility_gives_the_masked_number_only(
    client, hospital_admin, pi_zhang_person
):
    _as(client, hospital_admin)
    response = client.get(f"/api/v1/people/{pi_zhang_person.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "张建华"
    assert body["id_number_masked"] == pi_zhang_person.id_masked
    assert body["unit"] == "温州市第一人民医院"
    assert body["department"] == "心血管内科"
    assert pi_zhang_person.reveal_id_number() not in response.content.decode()


def test_api_person_without_login_is_refused(client, pi_zhang_person):
    assert client.get(f"/api/v1/people/{pi_zhang_person.pk}").status_code == 401


def test_api_people_lists_only_visible_people(client, lucheng_admin, nurse_wang, pi_zhang_person):
    _as(client, lucheng_admin)
    response = client.get("/api/v1/people")
    assert [p["name"] for p in response.json()] == ["王丽华"]


def _people_page_queries(client) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/people/")
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_people_list_query_count_does_not_grow_with_rows(
    client, hospital_admin, city_hospital, cardiology
):
    PersonFactory(name="甲一", unit=city_hospital, department=cardiology)
    _as(client, hospital_admin)
    client.get("/people/")  # the session's first request stamps it; count the steady state
    one, page = _people_page_queries(client)
    assert len(re.findall(r'href="/people/\d+/"', page)) == 1
    PersonFactory(name="乙二", unit=city_hospital, department=cardiology)
    PersonFactory(name="丙三", unit=city_hospital)
    three, page = _people_page_queries(client)
    assert len(re.findall(r'href="/people/\d+/"', page)) == 3
    assert three == one


def test_a_search_by_full_id_number_on_the_page_keeps_the_number_out_of_the_url(
    client, hospital_admin, city_hospital
):
    from jijiao.common import idnumbers
    from tests.factories import PersonFactory, next_id_number

    number = next_id_number()
    PersonFactory(name="赵查询", unit=city_hospital, id_number=number)
    PersonFactory(name="钱旁人", unit=city_hospital)
    client.force_login(hospital_admin)
    response = client.post("/people/", {"q": number, "title_level": ""})
    assert response.status_code == 302
    assert response["Location"] == f"/people/?idh={idnumbers.lookup_hash(number)}"
    assert number not in response["Location"]
    page = client.get(response["Location"]).content.decode()
    assert "赵查询" in page and "钱旁人" not in page
    assert number not in page
    by_name = client.post("/people/", {"q": "钱旁"})
    assert by_name["Location"] == "/people/?q=%E9%92%B1%E6%97%81"
