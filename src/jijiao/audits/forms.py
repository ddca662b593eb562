"""Forms of the promotion audit pages; they only read input — the domain functions decide."""

from django import forms

from jijiao.audits.domain.campaigns import SlotSpec
from jijiao.audits.vocab import ITEM_LABELS
from jijiao.common import uploads
from jijiao.orgs.models import Division, Person, Unit
from jijiao.policy.access import pack_choices, pack_ids_for_area

SLOT_ROWS = 4


class CampaignForm(forms.Form):
    year = forms.IntegerField(label="审核年度", min_value=2000, max_value=2100)
    title = forms.CharField(label="名称", max_length=120, required=False)
    policy_id = forms.ChoiceField(label="政策包")
    place = forms.CharField(label="审核地点", max_length=300, required=False)
    material = forms.CharField(
        label="审核材料清单",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="每行一项；留空则按政策包生成",
    )

    def __init__(self, *args, office: Unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["policy_id"].choices = pack_choices(pack_ids_for_area(office.division_id))
        self.districts = list(
            Division.objects.filter(parent_id=office.division_id).order_by("code")
        )
        choices = [(d.code, d.name) for d in self.districts]
        for row in range(1, SLOT_ROWS + 1):
            required = row == 1
            self.fields[f"slot{row}_from"] = forms.DateField(
                label=f"时间段{row} 开始日期",
                required=required,
                widget=forms.DateInput(attrs={"type": "date"}),
            )
            self.fields[f"slot{row}_to"] = forms.DateField(
                label=f"时间段{row} 结束日期",
                required=required,
                widget=forms.DateInput(attrs={"type": "date"}),
            )
            self.fields[f"slot{row}_hours"] = forms.CharField(
                label=f"时间段{row} 受理时间",
                max_length=100,
                required=False,
                initial="上午8:30-11:30，下午14:00-17:00",
            )
            self.fields[f"slot{row}_direct"] = forms.BooleanField(
                label=f"时间段{row} 含市直属医疗卫生单位、市属民营医疗单位", required=False
            )
            self.fields[f"slot{row}_districts"] = forms.MultipleChoiceField(
                label=f"时间段{row} 区县",
                choices=choices,
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )

    def slot_rows(self):
        """The bound fields per slot row, for the template's table."""
        return [
            [self[f"slot{row}_{part}"] for part in ("from", "to", "hours", "direct", "districts")]
            for row in range(1, SLOT_ROWS + 1)
        ]

    def slots(self) -> list[SlotSpec]:
        found = []
        data = self.cleaned_data
        for row in range(1, SLOT_ROWS + 1):
            starts, ends = data.get(f"slot{row}_from"), data.get(f"slot{row}_to")
            if starts is None and ends is None:
                continue
            found.append(
                SlotSpec(
                    starts_on=starts or ends,
                    ends_on=ends or starts,
                    hours=data.get(f"slot{row}_hours") or "",
                    city_direct=bool(data.get(f"slot{row}_direct")),
                    district_codes=tuple(data.get(f"slot{row}_districts") or ()),
                )
            )
        return found

    def material_lines(self) -> list[str]:
        return [line for line in (self.cleaned_data.get("material") or "").splitlines()]


class CandidateForm(forms.Form):
    person = forms.ModelChoiceField(label="审核对象", queryset=Person.objects.none())
    early_promotion = forms.BooleanField(
        label="提前一年晋升", required=False, help_text="提前一年晋升人员只审核近四年"
    )
    include_audit_year = forms.BooleanField(
        label="提供审核当年学分", required=False, help_text="当年 1 月 1 日至 6 月 30 日，另列一行"
    )

    def __init__(self, *args, unit: Unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.filter(unit=unit).order_by("name", "id")
        self.fields["person"].label_from_instance = lambda p: f"{p.name}（{p.id_masked}）"


class OptionsForm(forms.Form):
    early_promotion = forms.BooleanField(label="提前一年晋升", required=False)
    include_audit_year = forms.BooleanField(label="提供审核当年学分", required=False)


class OpinionForm(forms.Form):
    opinion = forms.CharField(
        label="审核意见", max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class IntakeDayForm(forms.Form):
    day = forms.DateField(label="送审日期", widget=forms.DateInput(attrs={"type": "date"}))


class EvidenceForm(forms.Form):
    entry = forms.IntegerField(widget=forms.HiddenInput)
    item = forms.ChoiceField(choices=list(ITEM_LABELS.items()), widget=forms.HiddenInput)
    file = uploads.UploadField(label="扫描件", kind=uploads.DOCUMENT, required=False)
    ledger_evidence = forms.IntegerField(required=False)
