"""The permission truth table of the orgs area: every persona × every permission × the objects
it is about (a person of each hospital, the units, staff accounts, or nothing for global ones)."""

import pytest
import rules

from jijiao.audit_log.log import record
from jijiao.audit_log.models import AuditEntry
from jijiao.audit_log.queries import entries_for_user
from jijiao.orgs.queries import people_for_user, units_for_user
from tests.orgs.conftest import PERSONAS

PERSON = ("zhang", "wang")  # 张建华 of 温州市第一人民医院 (心血管内科), 王丽华 of 鹿城区人民医院
UNIT = ("city_hospital", "lucheng_hospital", "closed_clinic")
ACCOUNT = ("zhang_account", "wang_account")
GLOBAL = ("-",)
UNIT_APPLICATION = ("lucheng_application", "ruian_application")  # 附件3, by the unit's district

UNIT_ADMINS_OWN_UNIT = {"hospital_admin": {"city_hospital"}, "lucheng_admin": {"lucheng_hospital"}}
CITY_OVER_ALL_UNITS = {"wenzhou_office": set(UNIT)}

# permission → (objects it is checked on, persona → the objects for which it holds).
# A persona missing from the mapping holds it on nothing.
TABLE = {
    "orgs.view_person": (
        PERSON,
        {
            "hospital_admin": {"zhang"},
            "lucheng_admin": {"wang"},
            "dept_admin": {"zhang"},
            "pi_zhang": {"zhang"},
            "wenzhou_office": {"zhang", "wang"},
            "lucheng_office": {"wang"},
        },
    ),
    "orgs.change_person": (PERSON, {"hospital_admin": {"zhang"}, "lucheng_admin": {"wang"}}),
    "orgs.reveal_id_number": (
        PERSON,
        {"hospital_admin": {"zhang"}, "lucheng_admin": {"wang"}, "pi_zhang": {"zhang"}},
    ),
    "orgs.transfer_out": (PERSON, {"hospital_admin": {"zhang"}, "lucheng_admin": {"wang"}}),
    "orgs.confirm_trainee": (PERSON, {"hospital_admin": {"zhang"}, "lucheng_admin": {"wang"}}),
    "orgs.reset_staff_password": (
        ACCOUNT,
        {"hospital_admin": {"zhang_account"}, "lucheng_admin": {"wang_account"}},
    ),
    "orgs.add_person_to_unit": (UNIT, UNIT_ADMINS_OWN_UNIT),
    "orgs.import_people": (UNIT, UNIT_ADMINS_OWN_UNIT),
    "orgs.transfer_in": (UNIT, UNIT_ADMINS_OWN_UNIT),
    "orgs.manage_departments": (UNIT, UNIT_ADMINS_OWN_UNIT),
    "orgs.create_unit_account": (UNIT, UNIT_ADMINS_OWN_UNIT),
    "orgs.request_unit_rename": (UNIT, UNIT_ADMINS_OWN_UNIT),
    "orgs.view_unit": (
        UNIT,
        {
            **UNIT_ADMINS_OWN_UNIT,
            **CITY_OVER_ALL_UNITS,
            "lucheng_office": {"lucheng_hospital", "closed_clinic"},
        },
    ),
    "orgs.edit_unit": (UNIT, CITY_OVER_ALL_UNITS),
    "orgs.deregister_unit": (UNIT, CITY_OVER_ALL_UNITS),
    "orgs.rename_unit": (UNIT, CITY_OVER_ALL_UNITS),
    "orgs.reset_unit_admin_password": (UNIT, CITY_OVER_ALL_UNITS),
    "orgs.force_transfer": (UNIT, {"wenzhou_office": {"closed_clinic"}}),
    "orgs.decide_unit_account_application": (
        UNIT_APPLICATION,
        {"wenzhou_office": set(UNIT_APPLICATION)},
    ),
    "orgs.forward_unit_account_application": (
        UNIT_APPLICATION,
        {"lucheng_office": {"lucheng_application"}, "ruian_office": {"ruian_application"}},
    ),
    "orgs.manage_roles": (GLOBAL, {"security_admin": {"-"}}),
    "orgs.manage_system": (GLOBAL, {"system_admin": {"-"}}),
    "orgs.view_people_list": (
        GLOBAL,
        {
            name: {"-"}
            for name in (
                "hospital_admin",
                "lucheng_admin",
                "ruian_admin",
                "dept_admin",
                "wenzhou_office",
                "lucheng_office",
                "ruian_office",
            )
        },
    ),
    "audit_log.view": (GLOBAL, {"audit_admin": {"-"}}),
    "audit_log.verify": (GLOBAL, {"audit_admin": {"-"}}),
}


def _object(world, name):
    return None if name == "-" else getattr(world, name)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("permission", TABLE)
def test_persona_holds_the_permission_exactly_on_the_objects_of_the_table(
    world, permission, persona
):
    objects, expected = TABLE[permission]
    user = world.users[persona]
    holds = {name for name in objects if user.has_perm(permission, _object(world, name))}
    assert holds == expected.get(persona, set())


def test_the_table_covers_every_permission_of_orgs_and_the_audit_log():
    registered = {
        name for name in rules.permissions.permissions if name.startswith(("orgs.", "audit_log."))
    }
    assert registered == set(TABLE)


@pytest.mark.parametrize("persona", PERSONAS)
def test_view_person_agrees_with_the_people_visibility_query(world, persona):
    user = world.users[persona]
    by_permission = {
        name for name in PERSON if user.has_perm("orgs.view_person", getattr(world, name))
    }
    visible = set(people_for_user(user).values_list("pk", flat=True))
    by_query = {name for name in PERSON if getattr(world, name).pk in visible}
    assert by_permission == by_query


@pytest.mark.parametrize("persona", PERSONAS)
def test_view_unit_agrees_with_the_unit_visibility_query(world, persona):
    user = world.users[persona]
    by_permission = {name for name in UNIT if user.has_perm("orgs.view_unit", getattr(world, name))}
    visible = set(units_for_user(user).values_list("pk", flat=True))
    by_query = {name for name in UNIT if getattr(world, name).pk in visible}
    assert by_permission == by_query


def test_system_admin_cannot_read_the_audit_log(world, client):
    record("account.login", actor=world.users["hospital_admin"], address="10.0.0.8")
    system_admin = world.users["system_admin"]
    assert not system_admin.has_perm("audit_log.view")
    assert list(entries_for_user(system_admin)) == []
    client.force_login(system_admin)
    # Signed in without the permission: 403, not a login page that suggests logging in again.
    assert client.get("/audit/").status_code == 403


def test_audit_admin_reads_the_audit_log(world):
    entry = record("account.login", actor=world.users["hospital_admin"], address="10.0.0.8")
    visible = entries_for_user(world.users["audit_admin"])
    assert entry in visible
    assert visible.count() == AuditEntry.objects.count()


def test_security_admin_cannot_read_the_audit_log(world):
    record("account.login", actor=world.users["hospital_admin"])
    assert list(entries_for_user(world.users["security_admin"])) == []
