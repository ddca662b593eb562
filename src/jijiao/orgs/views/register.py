"""Self-registration of trainees from elsewhere (domain.md §3)."""

from django.contrib import messages
from django.contrib.auth import login
from django.db import transaction
from django.shortcuts import redirect, render

from jijiao.common.errors import DomainError
from jijiao.common.forms import form_error
from jijiao.orgs.domain import accounts, people
from jijiao.orgs.forms import SelfRegisterForm
from jijiao.orgs.models import Unit


def self_register(request):
    form = SelfRegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        unit = Unit.objects.filter(name=data["unit_name"].strip()).exclude(kind="office").first()
        try:
            with transaction.atomic():
                person = people.person_self_register(
                    id_number=data["id_number"],
                    name=data["name"],
                    phone=data["phone"],
                    unit_name=data["unit_name"],
                    province=data["province"].name,
                    title_level=data["title_level"],
                    specialty=data["specialty"],
                    unit=unit,
                )
                account = accounts.account_register_trainee(
                    person=person, username=data["username"], password=data["password"]
                )
        except DomainError as error:
            form_error(form, error)
        else:
            login(request, account, backend="jijiao.orgs.auth.LockoutAwareBackend")
            messages.success(request, "注册成功。您可以报名参加项目并查看本人学分。")
            return redirect("home")
    return render(request, "orgs/self_register.html", {"form": form})
