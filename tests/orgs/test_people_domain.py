"""People: creation, updates, transfers between units, deregistration, self-registration."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from jijiao.audit_log.models import AuditEntry
from jijiao.common import clock
from jijiao.common.errors import DomainError
from jijiao.orgs import roles
from jijiao.orgs.domain import people, units
from jijiao.orgs.models import Employment, Person, Role, Transfer, Unit
from jijiao.orgs.synthetic import synthetic_id_number
from tests.factories import AccountFactory, PersonFactory, grant, next_id_number
from tests.refusals import refused

SHANGHAI = clock.SHANGHAI
MORNING = dt.datetime(2025, 3, 3, 9, 0, tzinfo=SHANGHAI)


def _entries(action: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=action).order_by("id"))


def test_create_adds_the_person_with_an_open_employment_and_an_audit_entry(
    hospital_admin, city_hospital, cardiology
):
    number = synthetic_id_number("330302", dt.date(1988, 6, 15), 21, female=True)
    with time_machine.travel(MORNING, tick=False):
        person = people.person_create(
            by=hospital_admin,
            unit=city_hospital,
            id_number=number,
            department=cardiology,
            name="吴佳",
            title_level="中级",
        )
    person.refresh_from_db()
    assert (person.name, person.unit, person.department) == ("吴佳", city_hospital, cardiology)
    assert (person.birth_date, person.sex) == (dt.date(1988, 6, 15), "F")
    assert person.id_masked == number[:6] + "********" + number[-4:]
    assert number not in person.id_encrypted
    assert [(e.unit, e.started_on, e.ended_on) for e in person.employments.all()] == [
        (city_hospital, dt.date(2025, 3, 3), None)
    ]
    [entry] = _entries("person.created")
    assert entry.actor == hospital_admin
    assert entry.data["after"]["name"] == "吴佳"
    assert number not in str(entry.data) + entry.object_label


def test_create_refuses_an_id_number_already_in_the_system(
    hospital_admin, city_hospital, nurse_wang
):
    number = nurse_wang.reveal_id_number()
    with pytest.raises(DomainError) as refused:
        people.person_create(by=hospital_admin, unit=city_hospital, id_number=number, name="王丽华")
    assert refused.value.message == (
        f"身份证号 {number[:6]}********{number[-4:]} 的人员已在系统中，请通过“调入”办理"
    )
    assert refused.value.field == "id_number"
    assert Person.objects.filter(name="王丽华").count() == 1


def test_create_refuses_a_bad_check_digit(hospital_admin, city_hospital):
    number = next_id_number()
    wrong = number[:17] + ("0" if number[17] != "0" else "1")
    with pytest.raises(DomainError) as refused:
        people.person_create(by=hospital_admin, unit=city_hospital, id_number=wrong, name="某")
    assert refused.value.message == "身份证号校验位不正确，请核对"


def test_create_refuses_a_department_of_another_unit(
    hospital_admin, city_hospital, lucheng_hospital
):
    other = units.department_create(
        by=grant(AccountFactory(), Role.UNIT_ADMIN, lucheng_hospital),
        unit=lucheng_hospital,
        name="急诊科",
    )
    with pytest.raises(DomainError) as refused:
        people.person_create(
            by=hospital_admin,
            unit=city_hospital,
            id_number=next_id_number(),
            name="某",
            department=other,
        )
    assert refused.value.message == "科室“急诊科”不属于该单位"


def test_create_in_another_unit_is_not_permitted(lucheng_admin, city_hospital):
    with pytest.raises(PermissionDenied):
        people.person_create(
            by=lucheng_admin, unit=city_hospital, id_number=next_id_number(), name="某"
        )


def test_update_records_before_and_after(hospital_admin, pi_zhang_person):
    people.person_update(
        by=hospital_admin, person=pi_zhang_person, title_name="主任医师", phone="13800000001"
    )
    pi_zhang_person.refresh_from_db()
    assert (pi_zhang_person.title_name, pi_zhang_person.phone) == ("主任医师", "13800000001")
    [entry] = _entries("person.updated")
    assert (entry.data["before"]["title_name"], entry.data["after"]["title_name"]) == (
        "",
        "主任医师",
    )
    assert (entry.data["before"]["phone"], entry.data["after"]["phone"]) == ("", "13800000001")
    assert entry.object_label == f"张建华（{pi_zhang_person.id_masked}）"


def test_update_can_clear_the_department(hospital_admin, pi_zhang_person, cardiology):
    people.person_update(by=hospital_admin, person=pi_zhang_person, department=None)
    pi_zhang_person.refresh_from_db()
    assert pi_zhang_person.department is None
    [entry] = _entries("person.updated")
    assert (entry.data["before"]["department"], entry.data["after"]["department"]) == (
        cardiology.pk,
        None,
    )


def test_update_leaves_the_department_alone_when_not_given(
    hospital_admin, pi_zhang_person, cardiology
):
    people.person_update(by=hospital_admin, person=pi_zhang_person, title_name="主任医师")
    pi_zhang_person.refresh_from_db()
    assert pi_zhang_person.department == cardiology


def test_update_refuses_the_unit_and_the_id_number(
    hospital_admin, pi_zhang_person, lucheng_hospital
):
    with pytest.raises(DomainError) as refused:
        people.person_update(by=hospital_admin, person=pi_zhang_person, unit=lucheng_hospital)
    assert refused.value.message == "字段 unit 不能在此修改"


def test_transfer_out_then_in_keeps_the_history(
    hospital_admin, lucheng_admin, city_hospital, cardiology, lucheng_hospital
):
    number = next_id_number()
    with time_machine.travel(MORNING - dt.timedelta(days=400), tick=False):
        person = people.person_create(
            by=hospital_admin,
            unit=city_hospital,
            id_number=number,
            name="黄磊",
            department=cardiology,
        )
    with time_machine.travel(MORNING, tick=False):
        transfer = people.person_transfer_out(by=hospital_admin, person=person, reason="工作调动")
    person.refresh_from_db()
    assert (person.unit, person.department) == (None, None)
    assert person.employment_status == Person.Employment.IN_TRANSFER
    assert (transfer.state, transfer.from_unit, transfer.to_unit) == (
        "released",
        city_hospital,
        None,
    )
    assert transfer.released_at == MORNING
    message = refused(
        lambda: people.person_transfer_out(by=hospital_admin, person=person, reason="再次调出"),
        transfer,
        "已调出，待调入",
    )
    assert message == "黄磊 的调动已调出，待调入（调出单位：温州市第一人民医院），不能再次调出"

    with time_machine.travel(MORNING + dt.timedelta(days=9), tick=False):
        people.person_transfer_in(by=lucheng_admin, unit=lucheng_hospital, id_number=number)
    person.refresh_from_db()
    transfer.refresh_from_db()
    assert person.unit == lucheng_hospital
    assert person.employment_status == Person.Employment.ACTIVE
    assert (transfer.state, transfer.to_unit, transfer.completed_by) == (
        Transfer.State.COMPLETED,
        lucheng_hospital,
        lucheng_admin,
    )
    assert transfer.completed_at == MORNING + dt.timedelta(days=9)
    history = [
        (e.unit.name, e.started_on, e.ended_on)
        for e in Employment.objects.filter(person=person).order_by("started_on")
    ]
    assert history == [
        ("温州市第一人民医院", dt.date(2024, 1, 28), dt.date(2025, 3, 3)),
        ("鹿城区人民医院", dt.date(2025, 3, 12), None),
    ]
    assert [e.data for e in _entries("person.transferred_out")] == [
        {
            "from_unit": "温州市第一人民医院",
            "reason": "工作调动",
            "forced": False,
            "roles_ended": [],
        }
    ]
    assert [e.data for e in _entries("person.transferred_in")] == [
        {"to_unit": "鹿城区人民医院", "from_unit": "温州市第一人民医院"}
    ]


def test_transfer_in_refuses_person_still_employed_elsewhere(
    lucheng_admin, lucheng_hospital, pi_zhang_person
):
    with pytest.raises(DomainError) as refused:
        people.person_transfer_in(
            by=lucheng_admin, unit=lucheng_hospital, id_number=pi_zhang_person.reveal_id_number()
        )
    assert refused.value.message == "张建华 仍在 温州市第一人民医院 任职，须由原单位先办理调出"
    pi_zhang_person.refresh_from_db()
    assert pi_zhang_person.unit.name == "温州市第一人民医院"
    assert not Transfer.objects.exists()


def test_transfer_in_refuses_an_unknown_id_number(lucheng_admin, lucheng_hospital):
    with pytest.raises(DomainError) as refused:
        people.person_transfer_in(
            by=lucheng_admin, unit=lucheng_hospital, id_number=next_id_number()
        )
    assert refused.value.message == "系统中没有该身份证号的人员；新人员请使用“新增人员”"


def test_transfer_out_by_another_unit_is_not_permitted(lucheng_admin, pi_zhang_person):
    with pytest.raises(PermissionDenied):
        people.person_transfer_out(by=lucheng_admin, person=pi_zhang_person)


def test_transfer_out_ends_the_roles_held_at_the_old_unit(
    hospital_admin, lucheng_admin, dept_admin, city_hospital, lucheng_hospital
):
    """A department admin who moves on must not keep seeing the old department's people."""
    person = dept_admin.person
    people.person_transfer_out(by=hospital_admin, person=person)
    roles.forget_roles(dept_admin)
    assert roles.active_roles(dept_admin) == []
    people.person_transfer_in(
        by=lucheng_admin, unit=lucheng_hospital, id_number=person.reveal_id_number()
    )
    roles.forget_roles(dept_admin)
    assert [(a.role, a.unit) for a in roles.active_roles(dept_admin)] == [
        (Role.TRAINEE, lucheng_hospital)
    ]
    [entry] = _entries("person.transferred_out")
    assert entry.data["roles_ended"] == ["department_admin"]


@pytest.fixture
def clinic_with_staff(wenzhou_office, lucheng_office_unit):
    """鹿城区五马诊所: its licence deregistered while two people are still on its books."""
    clinic = Unit.objects.create(
        name="鹿城区五马诊所", kind="hospital", division_id="330302", supervisor=lucheng_office_unit
    )
    staff = [PersonFactory(name="赵刚", unit=clinic), PersonFactory(name="孙丽", unit=clinic)]
    units.unit_set_licence_status(
        by=wenzhou_office,
        unit=clinic,
        status=Unit.Licence.DEREGISTERED,
        reason="卫健局注销执业许可",
    )
    return clinic, staff


def test_city_office_forces_a_transfer_out_of_a_deregistered_unit(
    wenzhou_office, clinic_with_staff
):
    clinic, (zhao, _sun) = clinic_with_staff
    transfer = people.person_transfer_force(
        by=wenzhou_office, person=zhao, reason="机构已注销无人管理"
    )
    zhao.refresh_from_db()
    assert zhao.unit is None
    assert (transfer.state, transfer.forced, transfer.from_unit) == ("released", True, clinic)
    assert [e.data for e in _entries("person.transferred_out")] == [
        {
            "from_unit": "鹿城区五马诊所",
            "reason": "机构已注销无人管理",
            "forced": True,
            "roles_ended": [],
        }
    ]


def test_county_office_cannot_force_a_transfer(lucheng_office, clinic_with_staff):
    _clinic, (zhao, _sun) = clinic_with_staff
    with pytest.raises(PermissionDenied):
        people.person_transfer_force(by=lucheng_office, person=zhao, reason="机构已注销")


def test_city_office_cannot_force_a_transfer_out_of_a_unit_still_licensed(
    wenzhou_office, pi_zhang_person
):
    with pytest.raises(PermissionDenied):
        people.person_transfer_force(by=wenzhou_office, person=pi_zhang_person, reason="试图强制")
    pi_zhang_person.refresh_from_db()
    assert pi_zhang_person.unit.name == "温州市第一人民医院"


def test_force_transfer_needs_a_reason(wenzhou_office, clinic_with_staff):
    _clinic, (zhao, _sun) = clinic_with_staff
    with pytest.raises(DomainError) as refused:
        people.person_transfer_force(by=wenzhou_office, person=zhao, reason="  ")
    assert refused.value.message == "强制调出须填写原因"


def test_unit_deregistration_is_refused_while_people_remain_and_allowed_after(
    wenzhou_office, lucheng_hospital, lucheng_admin, nurse_wang
):
    with pytest.raises(DomainError) as refused:
        units.unit_deregister(by=wenzhou_office, unit=lucheng_hospital, reason="撤并")
    assert refused.value.message == "鹿城区人民医院 仍有 1 名人员，须全部调出后才能注销"
    lucheng_hospital.refresh_from_db()
    assert lucheng_hospital.licence_status == Unit.Licence.VALID

    people.person_transfer_out(by=lucheng_admin, person=nurse_wang)
    units.unit_deregister(by=wenzhou_office, unit=lucheng_hospital, reason="撤并")
    lucheng_hospital.refresh_from_db()
    assert lucheng_hospital.licence_status == Unit.Licence.DEREGISTERED
    [entry] = _entries("unit.deregistered")
    assert entry.data == {"before": "valid", "reason": "撤并"}


def test_unit_admin_cannot_deregister_their_own_unit(lucheng_admin, lucheng_hospital):
    with pytest.raises(PermissionDenied):
        units.unit_deregister(by=lucheng_admin, unit=lucheng_hospital, reason="撤并")


def test_self_registration_attaches_to_a_unit_unconfirmed_until_it_confirms(
    hospital_admin, city_hospital
):
    number = synthetic_id_number("430102", dt.date(1992, 2, 2), 33, female=True)
    person = people.person_self_register(
        id_number=number,
        name="刘芳",
        phone="13900000002",
        unit_name="温州市第一人民医院",
        province="浙江省",
        title_level="初级",
        unit=city_hospital,
    )
    assert (person.unit, person.self_registered, person.confirmed_by_unit) == (
        city_hospital,
        True,
        False,
    )
    assert person.declared_province == "浙江省"
    [registered] = _entries("person.self_registered")
    assert registered.actor is None
    assert registered.data == {"unit": "温州市第一人民医院"}

    people.person_confirm(by=hospital_admin, person=person)
    person.refresh_from_db()
    assert person.confirmed_by_unit is True
    [confirmed] = _entries("person.confirmed")
    assert confirmed.actor == hospital_admin


def test_self_registration_from_elsewhere_keeps_the_declared_unit_and_province(db):
    person = people.person_self_register(
        id_number=synthetic_id_number("410502", dt.date(1985, 8, 8), 44, female=False),
        name="马强",
        phone="13700000003",
        unit_name="安阳市人民医院",
        province="河南省",
    )
    assert (person.unit, person.declared_unit_name, person.province_name) == (
        None,
        "安阳市人民医院",
        "河南省",
    )


def test_self_registration_needs_a_province(db):
    with pytest.raises(DomainError) as refused:
        people.person_self_register(
            id_number=next_id_number(), name="马强", phone="1", unit_name="某医院", province=" "
        )
    assert refused.value.message == "请填写所在省份"


def test_another_unit_cannot_confirm_a_trainee(lucheng_admin, city_hospital):
    person = people.person_self_register(
        id_number=next_id_number(),
        name="刘芳",
        phone="1",
        unit_name="",
        province="浙江省",
        unit=city_hospital,
    )
    with pytest.raises(PermissionDenied):
        people.person_confirm(by=lucheng_admin, person=person)


def test_revealing_the_id_number_is_audit_logged_without_the_number(
    hospital_admin, pi_zhang_person
):
    number = people.person_reveal_id_number(
        by=hospital_admin, person=pi_zhang_person, purpose="打印学分证明"
    )
    assert number == pi_zhang_person.reveal_id_number()
    [entry] = _entries("person.id_revealed")
    assert entry.actor == hospital_admin
    assert entry.object_id == str(pi_zhang_person.pk)
    assert entry.data == {"purpose": "打印学分证明"}
    assert number not in f"{entry.data}{entry.object_label}"


def test_revealing_the_id_number_of_someone_elses_staff_is_refused_and_not_logged(
    lucheng_admin, pi_zhang_person
):
    with pytest.raises(PermissionDenied):
        people.person_reveal_id_number(by=lucheng_admin, person=pi_zhang_person, purpose="好奇")
    assert _entries("person.id_revealed") == []
