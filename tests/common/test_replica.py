"""The read replica for reports (issue 16): with ``JIJIAO_REPLICA_DATABASE_URL`` set, the reads
inside ``reporting()`` — the export views, the offices' rates page, the compliance summaries —
go to the replica and everything else to the primary. Tested with two real databases: the
replica here is a second SQLite file holding a row the primary does not have."""

import pytest
from django.db import connection, connections
from django.db.backends.sqlite3.base import DatabaseWrapper

from jijiao.common.replica import REPLICA, reporting, reporting_view
from jijiao.credits.queries import compliance_summaries
from jijiao.orgs.models import Division

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.filterwarnings("ignore:Overriding setting DATABASES"),
]


def test_without_a_replica_reports_read_the_primary():
    with reporting():
        assert Division.objects.all().db == "default"
        assert compliance_summaries(2024).db == "default"


@pytest.fixture
def replica(db, settings, tmp_path):
    """A second database, holding only the divisions table with a row of its own. Its
    connection is made here (the test case only lets the databases it was set up with connect
    through the settings); the router finds it in ``settings.DATABASES`` as in production."""
    if connection.vendor != "sqlite":
        pytest.skip("the second database is a SQLite file")
    config = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "replica.sqlite3")}
    settings.DATABASES = {**settings.DATABASES, REPLICA: config}
    wrapper = DatabaseWrapper(
        connections.configure_settings({"default": {}, REPLICA: config})[REPLICA], REPLICA
    )
    setattr(connections._connections, REPLICA, wrapper)
    with wrapper.schema_editor() as editor:
        editor.create_model(Division)
    Division.objects.using(REPLICA).create(code="999999", name="复本市", level="city")
    yield
    wrapper.close()
    delattr(connections._connections, REPLICA)


def test_reporting_reads_go_to_the_replica_and_writes_to_the_primary(replica):
    assert not Division.objects.filter(code="999999").exists()  # the primary
    with reporting():
        assert Division.objects.get(code="999999").name == "复本市"  # the replica
        assert compliance_summaries(2024).db == REPLICA
        Division.objects.create(code="999998", name="主库市", level="city")  # a write
    assert Division.objects.filter(code="999998").exists()
    assert not Division.objects.using(REPLICA).filter(code="999998").exists()
    # Outside a reporting block every read is the primary's again.
    assert not Division.objects.filter(code="999999").exists()


def test_a_reporting_view_reads_the_replica(replica, rf):
    @reporting_view
    def view(request):
        return Division.objects.filter(code="999999").count()

    assert view(rf.get("/")) == 1
    assert Division.objects.filter(code="999999").count() == 0
