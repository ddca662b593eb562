"""The navigation: each role sees the menu of its own work."""

from django.urls import reverse

from jijiao.common import clock
from jijiao.orgs import roles
from jijiao.orgs.models import Role

MENU = [
    # (label, url name, roles that see it; empty = every signed-in account)
    ("工作台", "home", ()),
    (
        "人员",
        "orgs:people",
        (
            Role.UNIT_ADMIN,
            Role.DEPARTMENT_ADMIN,
            Role.COUNTY_OFFICE,
            Role.CITY_OFFICE,
            Role.PROVINCE_OFFICE,
        ),
    ),
    ("科室", "orgs:departments", (Role.UNIT_ADMIN,)),
    ("账号", "orgs:accounts", (Role.UNIT_ADMIN, Role.CITY_OFFICE)),
    ("调动", "orgs:transfers", (Role.UNIT_ADMIN, Role.CITY_OFFICE, Role.COUNTY_OFFICE)),
    ("单位", "orgs:units", (Role.CITY_OFFICE, Role.COUNTY_OFFICE, Role.PROVINCE_OFFICE)),
    ("申报通知", "projects:calls", ()),
    (
        "项目举办",
        "hosting:sessions",
        (Role.UNIT_ADMIN, Role.APPLICANT, Role.INSPECTOR, *roles.OFFICE_ROLES_SET),
    ),
    ("报名签到", "attendance:home", ()),
    ("执行情况", "execution:home", (Role.UNIT_ADMIN, Role.APPLICANT, *roles.OFFICE_ROLES_SET)),
    ("我的培训", "execution:mine", (Role.TRAINEE,)),
    ("执行评分", "execution:scores", (*roles.OFFICE_ROLES_SET,)),
    ("处理与考核", "execution:sanctions", (*roles.OFFICE_ROLES_SET,)),
    ("学分", "credits:home", ()),
    ("我的申报", "projects:my_applications", (Role.APPLICANT,)),
    ("单位申报审核", "projects:unit_applications", (Role.UNIT_ADMIN,)),
    ("受理评审", "projects:office_applications", (*roles.OFFICE_ROLES_SET,)),
    ("评审任务", "projects:reviews", (Role.EXPERT,)),
    ("项目名单", "projects:public", ()),
    ("档案与计划", "projects:records", (*roles.OFFICE_ROLES_SET, Role.UNIT_ADMIN)),
    ("晋升学分审核", "audits:home", (Role.UNIT_ADMIN, Role.COUNTY_OFFICE, Role.CITY_OFFICE)),
    (
        "政策包",
        "policy:list",
        (Role.CITY_OFFICE, Role.COUNTY_OFFICE, Role.PROVINCE_OFFICE, Role.NATIONAL_OFFICE),
    ),
    ("单位账号申请", "orgs:unit_applications", (Role.CITY_OFFICE, Role.COUNTY_OFFICE)),
    ("远程学习", "remote:catalogue", (Role.TRAINEE,)),
    ("远程教育机构", "remote:providers", (Role.PROVIDER, Role.CITY_OFFICE)),
    ("远程课程", "remote:courses", (Role.PROVIDER, Role.CITY_OFFICE)),
    ("远程完成名单", "remote:lists", (Role.PROVIDER, Role.CITY_OFFICE)),
    ("我的任务", "jobs:list", ()),
    ("角色与安全", "orgs:security", (Role.SECURITY_ADMIN,)),
    ("审计日志", "audit_log:entries", (Role.AUDIT_ADMIN,)),
    ("系统状态", "web:system", (Role.SYSTEM_ADMIN,)),
]


def navigation(request):
    user = getattr(request, "user", None)
    now_text = clock.now().strftime("%Y-%m-%d %H:%M")
    if user is None or not user.is_authenticated:
        return {"menu": [], "now_text": now_text}
    held = {a.role for a in roles.active_roles(user)}
    items = []
    for label, name, allowed in MENU:
        if allowed and not (held & set(allowed)):
            continue
        url = reverse(name)
        items.append({"label": label, "url": url, "active": request.path == url})
    return {"menu": items, "role_labels": roles.roles_summary(user), "now_text": now_text}
