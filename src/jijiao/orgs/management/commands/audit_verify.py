from django.core.management.base import BaseCommand, CommandError

from jijiao.audit_log.chain import verify


class Command(BaseCommand):
    help = "核对审计日志的 HMAC 链：找出被删除或改动的记录并指出位置（需 JIJIAO_AUDIT_CHAIN_KEY）"

    def handle(self, *args, **options):
        report = verify()
        self.stdout.write(
            f"已核对 {report.checked} 条记录"
            f"（{report.lanes} 条链，{report.checkpoints} 个清理检查点"
            + (f"，{report.unlinked} 条为启用链接前的旧记录" if report.unlinked else "")
            + "）"
        )
        for finding in report.findings:
            self.stdout.write(f"  {finding}")
        if not report.ok:
            raise CommandError(f"审计日志链不完整：发现 {len(report.findings)} 处问题")
        self.stdout.write("审计日志链完整")
