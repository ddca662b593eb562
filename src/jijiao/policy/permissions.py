"""Who may author packs: the offices (city and up), each for its own office."""

import rules

from jijiao.orgs import roles
from jijiao.orgs.models import Role

AUTHOR_ROLES = (Role.CITY_OFFICE, Role.PROVINCE_OFFICE, Role.NATIONAL_OFFICE)


@rules.predicate
def is_pack_author_office(user) -> bool:
    return bool(roles.role_unit_ids(user, *AUTHOR_ROLES))


@rules.predicate
def is_office_of_pack(user, stored) -> bool:
    return stored is not None and stored.office_id in roles.role_unit_ids(user, *AUTHOR_ROLES)


@rules.predicate
def is_any_office(user) -> bool:
    return bool(roles.office_ids(user))


@rules.predicate
def is_unit_admin(user) -> bool:
    return bool(roles.role_unit_ids(user, Role.UNIT_ADMIN))


rules.add_perm("policy.view", is_any_office)
# 试算: run a pack's worked examples (reads only).
rules.add_perm("policy.try_examples", is_any_office)
rules.add_perm("policy.batch_precheck", is_unit_admin | is_any_office)
rules.add_perm("policy.create_pack", is_pack_author_office)
rules.add_perm("policy.edit_pack", is_office_of_pack)
