"""Forms of the PI's application: project fields, the schedule rows, attachments.

Forms check shape (a number is a number, an external teacher has a title); what the fields mean
is for the pack's rules, shown live beside the form.
"""

from django import forms
from django.forms import BaseFormSet, formset_factory

from jijiao.common import uploads
from jijiao.engine.rules.vocab import TITLES
from jijiao.orgs.models import Discipline, Person
from jijiao.projects.call_policy import declared_attachments, declared_fields
from jijiao.projects.domain.applications import PROJECT_FIELDS, CourseInput
from jijiao.projects.models import Application, CourseRow


def discipline_choices(blank: str = "—") -> list:
    """The latest discipline catalogue as grouped choices: 二级学科 → 三级学科."""
    rows = Discipline.objects.order_by("-year", "code")
    latest = rows.first()
    groups: dict[str, list[tuple[str, str]]] = {}
    if latest is not None:
        for row in rows.filter(year=latest.year).order_by("code"):
            group = f"{row.secondary_code} {row.secondary_name}"
            groups.setdefault(group, []).append((row.code, f"{row.code} {row.tertiary_name}"))
    return [("", blank), *groups.items()]


class StartForm(forms.Form):
    name = forms.CharField(label="项目名称", max_length=120)


class ProjectForm(forms.ModelForm):
    class Meta:
        model = Application
        fields = list(PROJECT_FIELDS)
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "requested_credits": "留空则按教学时数自动核算；可手工修改，但不能超过政策规定的上限",
            "venue_is_own_unit": "医疗单位的培训项目首选在本单位举办",
            "sessions": "每年举办的期（次）数",
        }

    def __init__(self, *args, call, disciplines, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["discipline"] = forms.ChoiceField(
            label="学科", choices=disciplines, required=False
        )
        if call.level != "national":
            del self.fields["out_of_province_trainees"]
        if call.tcm_office_id is None:
            del self.fields["tcm"]
        else:  # the call routes TCM projects to their own office (seed 003 第七条)
            self.fields["tcm"].help_text = f"中医类项目由{call.tcm_office}受理审核"
        del self.fields["declared_fields"]
        # The fields the call's pack declares (APP_FIELD_MISSING), after the form's own.
        saved = (self.instance.declared_fields or {}) if self.instance else {}
        self.declared = declared_fields(call)
        for item in self.declared:
            self.fields[f"declared__{item['key']}"] = forms.CharField(
                label=item["label"],
                max_length=200,
                required=False,
                initial=saved.get(item["key"], ""),
                help_text="本次申报通知要求填写",
            )
        for name in ("sessions", "enrollment_per_session", "requested_credits"):
            self.fields[name].widget.attrs["min"] = 0

    def project_fields(self) -> dict:
        """The valid fields only: the live check uses what can be read, the rest stays as is."""
        data = getattr(self, "cleaned_data", {})
        fields = {
            name: data[name]
            for name in self.fields
            if name in data and not name.startswith("declared__")
        }
        if self.declared:
            fields["declared_fields"] = {
                item["key"]: data.get(f"declared__{item['key']}", "") for item in self.declared
            }
        return fields


TEACHER_SOURCES = [("person", "本单位人员（按姓名搜索）"), ("external", "外单位或系统外教师")]
TITLE_CHOICES = [("", "—"), *((t, t) for t in TITLES)]


class CourseRowForm(forms.Form):
    topic = forms.CharField(label="授课题目", max_length=120)
    kind = forms.ChoiceField(label="类型", choices=CourseRow.Kind.choices, initial="theory")
    minutes = forms.IntegerField(label="时长（分钟）", min_value=1, max_value=32000)
    discipline = forms.ChoiceField(label="课程学科", required=False)
    teacher_source = forms.ChoiceField(label="教师来源", choices=TEACHER_SOURCES, initial="person")
    teacher_person = forms.ModelChoiceField(
        queryset=Person.objects.none(), required=False, widget=forms.HiddenInput
    )
    teacher_query = forms.CharField(label="本单位教师姓名", max_length=40, required=False)
    teacher_name = forms.CharField(label="教师姓名", max_length=40, required=False)
    teacher_title = forms.ChoiceField(label="职称", choices=TITLE_CHOICES, required=False)
    teacher_unit = forms.CharField(label="工作单位", max_length=120, required=False)
    teacher_specialty = forms.ChoiceField(label="专业", required=False)

    def __init__(self, *args, unit, disciplines, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit
        self.fields["teacher_person"].queryset = Person.objects.filter(unit=unit)
        self.fields["discipline"].choices = [("", "同项目学科"), *disciplines[1:]]
        self.fields["teacher_specialty"].choices = disciplines
        self.fields["teacher_query"].widget.attrs.update(
            {"autocomplete": "off", "placeholder": "输入姓名搜索本单位人员"}
        )

    def clean(self):
        data = super().clean()
        row = self.prefix_label()
        if data.get("teacher_source") == "external":
            data["teacher_person"] = None
            filled = [data.get(k) for k in ("teacher_name", "teacher_title", "teacher_unit")]
            if any(filled) or data.get("teacher_specialty"):
                missing = [
                    label
                    for key, label in (
                        ("teacher_name", "姓名"),
                        ("teacher_title", "职称"),
                        ("teacher_unit", "工作单位"),
                        ("teacher_specialty", "专业"),
                    )
                    if not data.get(key)
                ]
                if missing:
                    raise forms.ValidationError(f"{row}：外单位教师须填写{'、'.join(missing)}")
            return data
        person, query = data.get("teacher_person"), (data.get("teacher_query") or "").strip()
        if person is not None and query and query not in (person.name, person_label(person)):
            person = None  # the name was changed after picking: look it up again
        if person is None and query:
            name = query.split("（", 1)[0].strip()
            matches = list(Person.objects.filter(unit=self.unit, name=name)[:3])
            if not matches:
                raise forms.ValidationError(
                    f"{row}：本单位没有名为“{name}”的人员；外单位教师请将教师来源改为"
                    "“外单位或系统外教师”并填写姓名、职称、单位和专业"
                )
            if len(matches) > 1:
                raise forms.ValidationError(
                    f"{row}：本单位有多名“{name}”，请在搜索结果中点选其中一人"
                )
            person = matches[0]
        data["teacher_person"] = person
        return data

    def prefix_label(self) -> str:
        index = self.prefix.rsplit("-", 1)[-1] if self.prefix else "0"
        return f"课程第 {int(index) + 1} 行" if index.isdigit() else "新课程行"

    def course_input(self) -> CourseInput:
        data = self.cleaned_data
        external = data.get("teacher_source") == "external"
        return CourseInput(
            topic=data["topic"],
            kind=data["kind"],
            minutes=data["minutes"],
            discipline=data.get("discipline") or "",
            teacher_person=None if external else data.get("teacher_person"),
            teacher_name=data.get("teacher_name", "") if external else "",
            teacher_title=data.get("teacher_title", "") if external else "",
            teacher_unit=data.get("teacher_unit", "") if external else "",
            teacher_specialty=data.get("teacher_specialty", "") if external else "",
        )


def person_label(person: Person) -> str:
    """How a person of the system is shown in the schedule: 姓名（科室，职称，专业）."""
    parts = [
        person.department.name if person.department_id else "",
        person.title_name or person.title_level,
        person.specialty,
    ]
    return f"{person.name}（{'，'.join(p for p in parts if p)}）"


class BaseCourseFormSet(BaseFormSet):
    def course_inputs(self) -> list[CourseInput]:
        """The rows kept (not deleted, not left blank), in the order shown."""
        return [
            form.course_input()
            for form in self.forms
            if form.has_changed() and not self._should_delete_form(form)
        ]

    def readable_rows(self) -> tuple[list[CourseInput], list[str]]:
        """For the live check of an unsaved form: the rows that can be read, and what is wrong
        with the others (each message names its row)."""
        rows, problems = [], []
        for form in self.forms:
            valid = form.is_valid()
            if not form.has_changed() or self._should_delete_form(form):
                continue
            if valid:
                rows.append(form.course_input())
                continue
            for field, errors in form.errors.items():
                label = form.fields[field].label if field in form.fields else ""
                for error in errors:
                    text = error if not label else f"{form.prefix_label()}“{label}”：{error}"
                    problems.append(text)
        return rows, problems


CourseFormSet = formset_factory(
    CourseRowForm, formset=BaseCourseFormSet, extra=1, can_delete=True, max_num=60
)


def course_initial(application: Application) -> list[dict]:
    rows = []
    for row in application.courses.select_related("teacher_person__department").order_by(
        "position"
    ):
        person = row.teacher_person
        rows.append(
            {
                "topic": row.topic,
                "kind": row.kind,
                "minutes": row.minutes,
                "discipline": row.discipline,
                "teacher_source": "person" if person or not row.teacher_name else "external",
                "teacher_person": person.pk if person else None,
                "teacher_query": person_label(person) if person else "",
                "teacher_name": row.teacher_name,
                "teacher_title": row.teacher_title,
                "teacher_unit": row.teacher_unit,
                "teacher_specialty": row.teacher_specialty,
            }
        )
    return rows


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label="附件类别", required=False, choices=[("", "其他附件")])
    file = uploads.UploadField(
        label="附件文件",
        kind=uploads.DOCUMENT,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    def __init__(self, *args, call=None, **kwargs):
        super().__init__(*args, **kwargs)
        declared = declared_attachments(call) if call is not None else []
        self.fields["kind"].choices = [
            ("", "其他附件"),
            *((item["key"], item["label"]) for item in declared),
        ]
        if not declared:
            self.fields["kind"].widget = forms.HiddenInput()


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="退回原因", max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )


def discipline_filter_options() -> list[tuple[str, str]]:
    """Flat options for list filters: each 二级学科 (matching all of its 三级学科), then its
    三级学科 indented. Filters match codes by prefix."""
    options = []
    for group, choices in discipline_choices()[1:]:
        secondary = group.split(" ", 1)[0]
        options.append((secondary, f"{group}（全部）"))
        options += [(code, f"　{label}") for code, label in choices]
    return options
