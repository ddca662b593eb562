from django.core.management.base import BaseCommand

from jijiao.audit_log.retention import audit_log_prune
from jijiao.orgs.domain.retention import login_failures_prune


class Command(BaseCommand):
    help = "删除超过保存期限（不少于 184 天）的审计日志"

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None)

    def handle(self, *args, days=None, **options):
        deleted = audit_log_prune(older_than_days=days)
        failures = login_failures_prune()
        self.stdout.write(f"已删除 {deleted} 条审计记录、{failures} 条登录失败记录")
