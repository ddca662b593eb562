"""``jijiao manage import_ledger FILE --office 温州市继教办 --by USERNAME``: an integration or an
office's technician moving a previous platform's history into the ledger from the command line
(the file is streamed, so a million rows need no more memory than a few)."""

from django.core.management.base import BaseCommand, CommandError

from jijiao.credits.domain.bulk_import import ledger_rows_import
from jijiao.orgs.models import Account, Unit


class Command(BaseCommand):
    help = "从 CSV 文件导入学分记录（整份正确才导入；再次导入同一文件不会重复）"

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV 文件（UTF-8 或 GBK）")
        parser.add_argument("--office", required=True, help="市继教办名称")
        parser.add_argument("--by", required=True, help="以哪个市继教办账号导入（用户名）")
        parser.add_argument("--source", default="", help="原平台名称，记入审核记录")

    def handle(self, *args, file, office, by, source, **options):
        account = Account.objects.filter(username=by).first()
        unit = Unit.objects.filter(name=office).first()
        if account is None or unit is None:
            raise CommandError("没有该账号或该单位")
        with open(file, "rb") as stream:
            outcome = ledger_rows_import(
                by=account, office=unit, stream=stream, filename=file, source=source
            )
        if not outcome.ok:
            for problem in outcome.problems:
                self.stderr.write(str(problem))
            more = outcome.problem_count - len(outcome.problems)
            tail = f"（另有 {more} 处未列出）" if more else ""
            raise CommandError(f"共 {outcome.problem_count} 处问题{tail}，整份文件未导入")
        self.stdout.write(
            f"共 {outcome.rows} 行：新导入 {outcome.created} 条，已存在 {outcome.existing} 条"
        )
