"""The kinds of job, with what a person reads about them. Plain strings: the domain apps name
their jobs by these keys when they submit one."""

KINDS: dict[str, str] = {
    "people_import": "人员批量导入",
    "ledger_import": "学分 CSV 导入",
    "list_import": "项目名单导入",
    "history_import": "历史项目导入",
    "remote_completions": "远程完成名单",
    "watch_log_import": "观看记录导入",
    "batch_precheck": "批量预检",
    "transcripts_export": "单位学分汇总导出",
    "eligibility_export": "学分资格名单导出",
    "audit_list_export": "晋升审核名单导出",
    "audit_log_export": "审计日志导出",
    "audit_log_verify": "审计日志完整性校验",
    "certificates_zip": "批量证书打包",
    "compliance_recompute": "年度达标名单确认",
    "upward_report": "年度统计上报材料",
    "compliance_summaries": "年度达标汇总重算",
    "impact_preview": "政策包影响预览",
}


def kind_label(kind: str) -> str:
    return KINDS.get(kind, kind)
