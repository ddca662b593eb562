"""The paper application form (seed 000): printed from the record, so paper and online agree."""

from django.db import transaction

from jijiao.common import clock
from jijiao.common.documents.pdf import render_pdf
from jijiao.common.errors import require
from jijiao.orgs.models import Discipline
from jijiao.policy.access import get_policy
from jijiao.projects.domain.applications import check, log_event
from jijiao.projects.models import Application, CourseRow

# Seed 000 二.6 asks applicants and units to keep the CME integrity pledge (廉洁承诺); the notice
# names the pledge page (三.2) without printing its words, so these paragraphs restate 二.6 and
# 三.2 as the undertakings the signatories give.
PLEDGE = (
    "本人自愿作出如下承诺：",
    "一、坚持继续医学教育公益性原则，信守继续医学教育廉洁承诺。",
    "二、不收受来自利益相关单位和个人的赞助和服务。",
    "三、按照财务规定合理收费，规范使用经费。",
    "四、申报材料真实、准确、完整，纸质申报材料与网上申报内容一致。",
    "五、遵循“谁申报、谁主办、谁负责”原则，确保培训质量。",
    "一经发现违法违规情况，本人愿承担相应责任，接受追究和通报。",
)


def _discipline_label(code: str) -> str:
    if not code:
        return ""
    row = Discipline.objects.filter(code=code).order_by("-year").first()
    return f"{code} {row.secondary_name}·{row.tertiary_name}" if row else code


def _row(row: CourseRow) -> dict:
    person = row.teacher_person
    return {
        "position": row.position,
        "topic": row.topic,
        "kind_label": row.get_kind_display(),
        "minutes": row.minutes,
        "teacher_name": person.name if person else row.teacher_name,
        "teacher_title": (person.title_name or person.title_level) if person else row.teacher_title,
        "teacher_unit": (person.unit.name if person.unit_id else "")
        if person
        else row.teacher_unit,
        "teacher_specialty": person.specialty if person else row.teacher_specialty,
    }


def application_form_context(application: Application) -> dict:
    """Everything the paper form shows, read from the record."""
    courses = [
        _row(row)
        for row in application.courses.select_related(
            "teacher_person", "teacher_person__unit"
        ).order_by("position")
    ]
    teachers: list[str] = []
    for row in courses:
        name = row["teacher_name"]
        if name and name != application.pi.name and name not in teachers:
            teachers.append(name)
    figures = application.figures or check(application)["result"]
    credits = get_policy(application.call.policy_id).get(
        "credits", application.call.level, default={}
    )
    credit_rule = ""
    if credits.get("minutes_per_hour") and credits.get("hours_per_credit"):
        credit_rule = (
            f"1 学时为 {credits['minutes_per_hour']} 分钟，"
            f"{credits['hours_per_credit']} 学时授予 1 学分"
        )
        if credits.get("max_per_project"):
            credit_rule += f"，每个项目最多 {credits['max_per_project']} 学分"
        credit_rule += "。"
    return {
        "application": application,
        "call": application.call,
        "unit": application.unit,
        "pi": application.pi,
        "discipline_label": _discipline_label(application.discipline),
        "pi_specialty_label": _discipline_label(application.pi.specialty),
        "courses": courses,
        "teachers": teachers,
        "figures": figures,
        "credit_rule": credit_rule,
        "pledge": PLEDGE,
        "draft": application.editable,
        "printed_at": clock.now(),
    }


@transaction.atomic
def application_print(*, by, application: Application) -> bytes:
    """Produce the paper form as PDF: cover with the unit's stamp box, the data, the schedule,
    the integrity pledge (廉洁承诺书) with signature lines for the PI and every teacher, and the
    unit's opinion with its stamp box. A draft is marked as such on every page.

    Side effects: an event ``printed`` on the application's trail and audit
    ``application.printed``.
    """
    require(by, "projects.print_application", application)
    pdf = render_pdf("documents/application_form.html", application_form_context(application))
    log_event(application, by=by, action="printed", before=application.state)
    return pdf
