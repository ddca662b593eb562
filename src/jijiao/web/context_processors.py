"""The navigation: each role sees the menu of its own work."""

from django.urls import reverse

from jijiao.common import clock
from jijiao.orgs import roles
from jijiao.orgs.models import Role

OFFICES = (Role.COUNTY_OFFICE, Role.CITY_OFFICE, Role.PROVINCE_OFFICE)

# The menu by task. Each entry: (label, url name, roles that see it; empty = every signed-in
# account). A group shows only when its person can do something in it.
MENU_GROUPS = [
    (
        "申报",
        [
            ("申报通知", "projects:calls", ()),
            ("我的申报", "projects:my_applications", (Role.APPLICANT,)),
            ("单位申报审核", "projects:unit_applications", (Role.UNIT_ADMIN,)),
            ("受理评审", "projects:office_applications", (*roles.OFFICE_ROLES_SET,)),
            ("评审任务", "projects:reviews", (Role.EXPERT,)),
            ("项目名单", "projects:public", ()),
            ("档案与计划", "projects:records", (*roles.OFFICE_ROLES_SET, Role.UNIT_ADMIN)),
        ],
    ),
    (
        "举办",
        [
            (
                "项目举办",
                "hosting:sessions",
                (Role.UNIT_ADMIN, Role.APPLICANT, Role.INSPECTOR, *roles.OFFICE_ROLES_SET),
            ),
            ("报名签到", "attendance:home", ()),
            (
                "执行情况",
                "execution:home",
                (Role.UNIT_ADMIN, Role.APPLICANT, *roles.OFFICE_ROLES_SET),
            ),
            ("我的培训", "execution:mine", (Role.TRAINEE,)),
            ("执行评分", "execution:scores", (*roles.OFFICE_ROLES_SET,)),
            ("处理与考核", "execution:sanctions", (*roles.OFFICE_ROLES_SET,)),
            ("处理与考核", "execution:sanctions", (*roles.OFFICE_ROLES_SET,)),
            ("远程学习", "remote:catalogue", (Role.TRAINEE,)),
            ("远程教育机构", "remote:providers", (Role.PROVIDER, Role.CITY_OFFICE)),
            ("远程课程", "remote:courses", (Role.PROVIDER, Role.CITY_OFFICE)),
            ("远程完成名单", "remote:lists", (Role.PROVIDER, Role.CITY_OFFICE)),
        ],
    ),
    ("学分", [("学分", "credits:home", ())]),
    (
        "统计",
        [("统计概览", "overview:home", (*roles.OFFICE_ROLES_SET, Role.UNIT_ADMIN))],
    ),
    (
        "审核",
        [("晋升学分审核", "audits:home", (Role.UNIT_ADMIN, Role.COUNTY_OFFICE, Role.CITY_OFFICE))],
    ),
    (
        "机构与人员",
        [
            ("人员", "orgs:people", (Role.UNIT_ADMIN, Role.DEPARTMENT_ADMIN, *OFFICES)),
            ("科室", "orgs:departments", (Role.UNIT_ADMIN,)),
            ("账号", "orgs:accounts", (Role.UNIT_ADMIN, Role.CITY_OFFICE)),
            ("调动", "orgs:transfers", (Role.UNIT_ADMIN, Role.CITY_OFFICE, Role.COUNTY_OFFICE)),
            ("单位", "orgs:units", OFFICES),
            ("单位账号申请", "orgs:unit_applications", (Role.CITY_OFFICE, Role.COUNTY_OFFICE)),
        ],
    ),
    (
        "系统",
        [
            ("政策包", "policy:list", (*OFFICES, Role.NATIONAL_OFFICE)),
            ("角色与安全", "orgs:security", (Role.SECURITY_ADMIN,)),
            ("审计日志", "audit_log:entries", (Role.AUDIT_ADMIN,)),
            ("系统状态", "web:system", (Role.SYSTEM_ADMIN,)),
            ("我的任务", "jobs:list", ()),
        ],
    ),
]


def _is_current(path: str, url: str) -> bool:
    """The page itself, or a page under it (``/credits/`` is current on ``/credits/review/``)."""
    return path == url or (url != "/" and path.startswith(url))


def menu_for(user, path: str) -> list[dict]:
    """The groups the person can work in, each with its links; the current one marked."""
    held = {a.role for a in roles.active_roles(user)}
    groups = []
    for label, entries in MENU_GROUPS:
        links = []
        for text, name, allowed in entries:
            if allowed and not (held & set(allowed)):
                continue
            url = reverse(name)
            links.append({"label": text, "url": url, "active": False})
        if links:
            groups.append({"label": label, "links": links, "active": False})
    # The longest matching address marks the current link (and its group), so /credits/ and
    # /credits/review/ do not both light up.
    candidates = [
        (len(link["url"]), group, link)
        for group in groups
        for link in group["links"]
        if _is_current(path, link["url"])
    ]
    if candidates:
        _, group, link = max(candidates, key=lambda c: c[0])
        group["active"] = link["active"] = True
    return groups


def navigation(request):
    user = getattr(request, "user", None)
    now_text = clock.now().strftime("%Y-%m-%d %H:%M")
    if user is None or not user.is_authenticated:
        return {"menu_groups": [], "now_text": now_text}
    home_url = reverse("home")
    return {
        "menu_home": {"label": "工作台", "url": home_url, "active": request.path == home_url},
        "menu_groups": menu_for(user, request.path),
        "role_labels": roles.roles_summary(user),
        "now_text": now_text,
    }
