"""``jijiao manage synth --people N --units M --years 5``: a generated province in PostgreSQL
(``jijiao.synth``), reused when run again at the same scale."""

from django.core.management.base import BaseCommand, CommandError

from jijiao.common.errors import DomainError
from jijiao.synth.build import province, summaries


class Command(BaseCommand):
    help = "生成合成省份数据（人员、单位、项目、学分记录），用于性能测试与规模验证"

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, default=100_000, help="人数")
        parser.add_argument("--units", type=int, default=500, help="医疗卫生单位数")
        parser.add_argument("--years", type=int, default=5, help="年度数（截至 --until）")
        parser.add_argument("--until", type=int, default=None, help="最后一个年度（默认去年）")
        parser.add_argument("--seed", type=int, default=16, help="随机种子")
        parser.add_argument("--no-summaries", action="store_true", help="不计算年度达标汇总")

    def handle(self, *args, **options):
        def say(text: str) -> None:
            self.stdout.write(text)
            self.stdout.flush()

        if options["people"] < 1 or options["units"] < 1 or options["years"] < 1:
            raise CommandError("人数、单位数与年度数须为正整数")
        try:
            made = province(
                people=options["people"],
                units=options["units"],
                years=options["years"],
                until=options["until"],
                seed=options["seed"],
                say=say,
            )
        except DomainError as error:
            raise CommandError(error.message) from None
        if not options["no_summaries"]:
            summaries(made, say)
