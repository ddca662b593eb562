"""People and accounts over the API, through the same visibility queries and predicates."""

import datetime as dt

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from jijiao.api.auth import token_or_session
from jijiao.api.errors import SIGNED_IN, WITH_BODY, RowId
from jijiao.orgs import roles
from jijiao.orgs.queries import people_for_user, people_search

router = Router(tags=["orgs"], auth=token_or_session)


class PersonOut(Schema):
    id: int
    name: str
    id_number_masked: str
    sex: str
    birth_date: dt.date
    unit: str | None
    department: str | None
    title_series: str
    title_level: str
    specialty: str
    employment_status: str


class MeOut(Schema):
    username: str
    display_name: str
    roles: list[str]
    person: PersonOut | None


def _person_out(person) -> PersonOut:
    return PersonOut(
        id=person.pk,
        name=person.name,
        id_number_masked=person.id_masked,
        sex=person.sex,
        birth_date=person.birth_date,
        unit=person.unit.name if person.unit_id else None,
        department=person.department.name if person.department_id else None,
        title_series=person.title_series,
        title_level=person.title_level,
        specialty=person.specialty,
        employment_status=person.employment_status,
    )


@router.get("/me", response={200: MeOut, **SIGNED_IN}, summary="当前账号")
def me(request):
    user = request.user
    return MeOut(
        username=user.username,
        display_name=str(user),
        roles=[a.role for a in roles.active_roles(user)],
        person=_person_out(user.person) if user.person_id else None,
    )


MAX_OFFSET = 1_000_000


@router.get(
    "/people",
    response={200: list[PersonOut], **SIGNED_IN},
    summary="可见人员（按姓名查询；按身份证号查询请用 POST /people/search）",
)
def people(
    request,
    q: str = Query("", max_length=40, description="姓名或完整身份证号"),
    limit: int = Query(100, ge=1, le=500, description="每页条数，1–500"),
    offset: int = Query(0, ge=0, le=MAX_OFFSET, description="跳过的条数"),
):
    queryset = people_search(people_for_user(request.user), q).order_by("name", "id")
    return [_person_out(p) for p in queryset[offset : offset + limit]]


class PeopleSearchIn(Schema):
    q: str = Field(..., max_length=40, description="姓名或完整身份证号")
    limit: int = Field(100, ge=1, le=500)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


@router.post(
    "/people/search",
    response={200: list[PersonOut], **WITH_BODY},
    summary="按姓名或完整身份证号查询人员（POST：身份证号不进入网址和访问日志）",
)
def people_search_post(request, body: PeopleSearchIn):
    queryset = people_search(people_for_user(request.user), body.q).order_by("name", "id")
    return [_person_out(p) for p in queryset[body.offset : body.offset + body.limit]]


@router.get("/people/{person_id}", response={200: PersonOut, **SIGNED_IN}, summary="人员详情")
def person(request, person_id: RowId):
    return _person_out(get_object_or_404(people_for_user(request.user), pk=person_id))
