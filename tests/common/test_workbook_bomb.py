"""The workbook bomb — a small ``.xlsx`` whose shared strings unpack to ~75 MB — sent to every
Excel import is refused in under a second, and the process grows by less than 50 MB."""

import io
import resource
import time
import tracemalloc
import zipfile

import pytest
import time_machine

from jijiao.attendance.domain.watchlog import parse_watch_log
from jijiao.common.errors import DomainError
from jijiao.credits.domain.bulk_import import ledger_rows_import
from jijiao.orgs.domain.imports import people_import
from jijiao.orgs.models import Person, Role
from jijiao.projects.batch_precheck import batch_precheck_file
from jijiao.projects.domain.imports import past_projects_import, publication_list_import
from jijiao.projects.models import PublicationList
from jijiao.records.models import PastProject
from jijiao.remote.domain.completions import completion_list_upload
from jijiao.remote.models import CompletionList
from tests.common.bombs import workbook_bomb
from tests.factories import AccountFactory, grant
from tests.remote.conftest import START, provider_unit_named, register

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
TOO_BIG = "表格解压后过大：“xl/sharedStrings.xml”有 75.0 MB，超过每部分 20 MB 的上限"


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return workbook_bomb(75)


def test_the_bomb_is_small_and_unpacks_to_75_megabytes(bomb):
    with zipfile.ZipFile(io.BytesIO(bomb)) as archive:
        strings = archive.getinfo("xl/sharedStrings.xml")
    assert len(bomb) < 250 * 1024
    assert strings.file_size > 74.9 * MB


def _measured(call):
    """What ``call`` returned or raised, its seconds, and how much it grew the process: the peak
    of Python allocations (tracemalloc) and the peak resident size (getrusage, kB on Linux).
    Timed on a run of its own: tracemalloc slows every allocation several times over."""

    def run():
        try:
            return call()
        except DomainError as error:
            return error

    started = time.perf_counter()
    result = run()
    seconds = time.perf_counter() - started
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    try:
        run()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) * 1024
    return result, seconds, max(peak, grown)


def _problems(outcome) -> str:
    if isinstance(outcome, DomainError):
        return outcome.message
    if getattr(outcome, "problem", ""):
        return outcome.problem
    return "；".join(str(p) for p in outcome.problems)


@pytest.fixture
def provider(settings, tmp_path, wenzhou_office, wenzhou_office_unit):
    settings.MEDIA_ROOT = tmp_path / "media"
    with time_machine.travel(START, tick=False):
        unit = provider_unit_named("医学远程教育网", wenzhou_office_unit)
        admin = grant(AccountFactory(username="provider_admin"), Role.PROVIDER, unit)
        yield register(unit, admin, wenzhou_office), admin


def test_every_excel_import_refuses_the_bomb_fast_and_small(
    bomb, hospital_admin, city_hospital, wenzhou_office, wenzhou_office_unit, provider
):
    provider, provider_admin = provider
    imports = {
        "人员名单": lambda: people_import(
            by=hospital_admin, unit=city_hospital, content=bomb, filename="人员.xlsx"
        ),
        "项目名单": lambda: publication_list_import(
            by=wenzhou_office, office=wenzhou_office_unit, level="national", year=2024, content=bomb
        ),
        "历年项目": lambda: past_projects_import(
            by=wenzhou_office, office=wenzhou_office_unit, content=bomb
        ),
        "远程完成名单": lambda: completion_list_upload(
            by=provider_admin, provider=provider, content=bomb
        ),
        "观看记录": lambda: parse_watch_log(None, bomb),
        "学分导入": lambda: ledger_rows_import(
            by=wenzhou_office, office=wenzhou_office_unit, stream=io.BytesIO(bomb)
        ),
        "批量预审": lambda: batch_precheck_file(
            bomb, policy_id="wenzhou-2025", unit={}, submitted_at="2025-02-10T10:00:00+08:00"
        ),
    }
    seen = {}
    for name, call in imports.items():
        outcome, seconds, grown = _measured(call)
        seen[name] = (_problems(outcome), seconds < 1, grown < 50 * MB)
    ledger = "文件：只能导入 CSV 文件；收到的是 Excel 文件"
    refused = {
        name: (TOO_BIG in message or message == ledger, fast, small)
        for name, (message, fast, small) in seen.items()
    }
    assert refused == dict.fromkeys(imports, (True, True, True)), seen
    assert not Person.objects.filter(employments__unit=city_hospital).exists()
    assert not PublicationList.objects.exists() and not PastProject.objects.exists()
    assert not CompletionList.objects.exists()


def test_the_staff_import_page_refuses_the_bomb_in_chinese(
    client, bomb, hospital_admin, django_capture_on_commit_callbacks
):
    """The import runs as a job (in-process here): its page says why the file was refused."""
    client.force_login(hospital_admin)
    client.get("/people/import/")

    def post():
        upload = io.BytesIO(bomb)
        upload.name = "人员名单.xlsx"
        with django_capture_on_commit_callbacks(execute=True):
            answer = client.post("/people/import/", {"file": upload})
        return client.get(answer["Location"])

    response, seconds, grown = _measured(post)
    assert TOO_BIG in response.content.decode()
    assert (seconds < 1, grown < 50 * MB) == (True, True)
