"""A session's teachers as the host writes them, one a line: 姓名，职称，专业，理论/实践.

Only the name is needed; the title level (初级、中级、副高、正高), the specialty (a discipline of
the catalogue, by code or name; a title's usual name such as 主任医师 reads as its level) and
what the teacher takes (理论 theory, the default; 实践, 实验
or 技术示范 practical) may follow in any order, parted by a comma, a space or ``|``. A teacher of
the host unit's own staff found by name takes the title and specialty the person's record holds
when the line leaves them out. The filing rules (``FIL_*_TEACHER_TITLE``,
``FIL_TEACHER_DISCIPLINE``, seed 004 三) read the rows this module gives.
"""

import re
from dataclasses import dataclass

from jijiao.common.errors import DomainError
from jijiao.engine.rules.vocab import TITLES
from jijiao.orgs.models import Discipline, Person

_SPLIT = re.compile(r"[，,、\s|｜;；]+")
_CODE = re.compile(r"^\d{2}(-\d{2})?$")
KINDS = {"理论": "theory", "实践": "practical", "实验": "practical", "技术示范": "practical"}
# The usual title names, read as their level (主任医师 is 正高).
TITLE_NAMES = {
    **dict.fromkeys(("主任医师", "主任护师", "主任药师", "主任技师", "教授", "研究员"), "正高"),
    **dict.fromkeys(
        ("副主任医师", "副主任护师", "副主任药师", "副主任技师", "副教授", "副研究员"), "副高"
    ),
    **dict.fromkeys(("主治医师", "主管护师", "主管药师", "主管技师", "讲师"), "中级"),
    **dict.fromkeys(("住院医师", "医师", "护师", "药师", "技师", "医士", "护士", "助教"), "初级"),
}
KIND_NAMES = {"theory": "理论", "practical": "实践"}

HELP = (
    "每行一人：姓名，职称（初级、中级、副高、正高），专业（学科代码如 03-01 或学科名称），"
    "理论或实践；本单位人员可只写姓名，职称和专业取人员档案。未写理论或实践的按理论授课核对"
)


@dataclass
class TeacherLine:
    name: str
    title: str | None = None
    specialty: str | None = None
    kind: str = "theory"
    # Where the title and specialty came from: the line, the person's record, or neither.
    from_record: bool = False

    def as_fact(self) -> dict:
        return {
            "name": self.name,
            "title": self.title,
            "specialty": self.specialty,
            "kind": self.kind,
        }

    @property
    def kind_name(self) -> str:
        return KIND_NAMES[self.kind]


def names(text: str) -> list[str]:
    """The teachers' names, one a line (what follows the name is left out)."""
    return [parts[0] for line in (text or "").splitlines() if (parts := _tokens(line))]


def _tokens(line: str) -> list[str]:
    return [t for t in _SPLIT.split(line.strip()) if t]


def _disciplines() -> dict[str, str]:
    """Code and name → code, from the latest catalogue (tertiary names, then secondary ones
    mapped to the secondary code)."""
    rows = Discipline.objects.order_by("-year", "code")
    latest = rows.first()
    if latest is None:
        return {}
    found: dict[str, str] = {}
    for row in rows.filter(year=latest.year):
        found.setdefault(row.code, row.code)
        found.setdefault(row.secondary_code, row.secondary_code)
        found.setdefault(row.tertiary_name, row.code)
        found.setdefault(row.secondary_name, row.secondary_code)
    return found


def parse(text: str, *, strict: bool = True) -> list[TeacherLine]:
    """The lines read. ``strict``: a word that is neither a title, a kind nor a known discipline
    raises ``DomainError`` naming the line (on save); otherwise it is left out (on reading)."""
    catalogue: dict[str, str] | None = None
    lines = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        tokens = _tokens(line)
        if not tokens:
            continue
        teacher = TeacherLine(name=tokens[0])
        for token in tokens[1:]:
            if token in TITLES or token in TITLE_NAMES:
                teacher.title = TITLE_NAMES.get(token, token)
            elif token in KINDS:
                teacher.kind = KINDS[token]
            else:
                if catalogue is None:
                    catalogue = _disciplines()
                code = catalogue.get(token) or (token if _CODE.match(token) else None)
                if code is not None:
                    teacher.specialty = code
                elif strict:
                    raise DomainError(
                        f"授课教师第 {number} 行“{token}”不是职称（初级、中级、副高、正高或"
                        "主任医师等）、"
                        "理论或实践，也不是学科目录中的学科（代码如 03-01 或学科名称）",
                        field="teachers",
                    )
        lines.append(teacher)
    return lines


def resolved(text: str, host) -> list[TeacherLine]:
    """The lines, with the title and specialty a line leaves out taken from the record of the
    host unit's one person of that name."""
    lines = parse(text, strict=False)
    wanted = [t.name for t in lines if t.title is None or t.specialty is None]
    people: dict[str, list[Person]] = {}
    if wanted and host is not None:
        for person in Person.objects.filter(unit=host, name__in=wanted):
            people.setdefault(person.name, []).append(person)
    for teacher in lines:
        match = people.get(teacher.name, [])
        if len(match) != 1:
            continue
        person = match[0]
        if teacher.title is None and person.title_level:
            teacher.title, teacher.from_record = person.title_level, True
        if teacher.specialty is None and person.specialty:
            teacher.specialty, teacher.from_record = person.specialty, True
    return lines
