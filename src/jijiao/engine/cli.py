"""Subcommands of the policy area: ``jijiao precheck`` and ``jijiao policy list|show``.

Pure: no Django set-up, so they start fast and run anywhere the package is installed.
"""

import argparse
import json
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jijiao.engine.packs.loader import (
    Resolver,
    UnknownPack,
    is_shipped,
    load_pack_text,
    load_policy,
    shipped_pack_ids,
)
from jijiao.engine.packs.model import Policy
from jijiao.engine.packs.schema import PolicyError
from jijiao.engine.precheck import run_precheck
from jijiao.engine.rules.parse import InputInvalid

# Set by the ``jijiao`` command: office-authored packs (the database). Called only when a
# precheck names a pack that is neither shipped nor a file, so Django is set up only then.
office_resolver: Callable[[], Resolver] | None = None

EXIT_CHECKED = 0
EXIT_FAILED = 1
EXIT_INVALID = 2


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")


def _invalid(message: str, path: str) -> int:
    _print_json({"error": {"code": "INPUT_INVALID", "message": message, "path": path}})
    return EXIT_INVALID


def _read_document(name: str) -> Any:
    """The JSON document from a file or, for ``-``, standard input."""
    try:
        if name == "-":
            text = sys.stdin.read()
        else:
            with open(name, encoding="utf-8") as handle:
                text = handle.read()
    except OSError as error:
        raise InputInvalid(f"无法读取输入文件 {name}：{error.strerror}", "$") from None
    except UnicodeDecodeError:
        raise InputInvalid(f"输入文件 {name} 不是 UTF-8 文本", "$") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        message = f"输入不是有效的 JSON：第 {error.lineno} 行第 {error.colno} 列，{error.msg}"
        raise InputInvalid(message, "$") from None


def pack_file(name: str) -> Policy | None:
    """The pack in the TOML file ``name`` (a pack stored nowhere yet), its ``extends`` resolved
    against the shipped packs; ``None`` when ``name`` is a shipped pack's id or not a file."""
    path = Path(name)
    if is_shipped(name) or not (name.endswith(".toml") or path.is_file()):
        return None
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise InputInvalid(f"无法读取政策包文件 {name}：{error.strerror}", "policy") from None
    except UnicodeDecodeError:
        raise InputInvalid(f"政策包文件 {name} 不是 UTF-8 文本", "policy") from None
    try:
        pack_id = tomllib.loads(text).get("id")
    except tomllib.TOMLDecodeError:
        pack_id = None  # the loader names the syntax error with its line
    return load_pack_text(str(pack_id or path.stem), text, origin=str(path))


def cmd_precheck(args: argparse.Namespace) -> int:
    """Print the precheck's JSON object; exit 0 when checked, 2 when the input is invalid.

    ``--policy`` is a shipped pack's id, the path of a pack's TOML file, or the id of an
    office-authored pack (looked up in the database, with Django set up only then)."""
    try:
        document = _read_document(args.file)
        policy = pack_file(args.policy)
        resolver = None
        if policy is None and not is_shipped(args.policy) and office_resolver is not None:
            resolver = office_resolver()
        output = run_precheck(args.kind, args.policy, document, policy=policy, resolver=resolver)
    except InputInvalid as error:
        return _invalid(error.message, error.path)
    except PolicyError as error:
        sys.stderr.write(f"政策包有误：{error}\n")
        return EXIT_FAILED
    _print_json(output)
    return EXIT_CHECKED


def cmd_policy_list(args: argparse.Namespace) -> int:
    """The shipped packs: id, the pack it extends, title."""
    packs = []
    for pack_id in shipped_pack_ids():
        policy = load_policy(pack_id)
        parent = policy.chain[1] if len(policy.chain) > 1 else None
        packs.append(
            {"id": pack_id, "extends": parent, "title": policy.title, "hash": policy.content_hash}
        )
    if args.json:
        _print_json(packs)
        return EXIT_CHECKED
    for pack in packs:
        sys.stdout.write(f"{pack['id']:<16} {pack['extends'] or '—':<16} {pack['title']}\n")
    return EXIT_CHECKED


def cmd_policy_show(args: argparse.Namespace) -> int:
    """A pack's effective values and the pack each came from."""
    try:
        policy = load_policy(args.pack)
    except UnknownPack as error:
        sys.stderr.write(f"{error}\n")
        return EXIT_INVALID
    except PolicyError as error:
        sys.stderr.write(f"政策包有误：{error}\n")
        return EXIT_FAILED
    described = policy.describe()
    if args.json:
        _print_json(described)
        return EXIT_CHECKED
    out = sys.stdout
    out.write(f"{policy.id}  {policy.title}\n")
    out.write(f"继承链: {' → '.join(policy.chain)}\n")
    out.write(f"内容哈希: {policy.content_hash}\n\n")
    for row in described["values"]:
        value = json.dumps(row["value"], ensure_ascii=False)
        out.write(f"{row['key']} = {value}    # {row['from']}\n")
    return EXIT_CHECKED


def cmd_policy_diff(args: argparse.Namespace) -> int:
    """Two packs (shipped ids or TOML files) key by key: each side's value and cite."""
    from jijiao.engine.packs.diff import diff_values

    try:
        left, right = (pack_file(name) or load_policy(name) for name in (args.left, args.right))
    except (UnknownPack, InputInvalid) as error:
        sys.stderr.write(f"{error}\n")
        return EXIT_INVALID
    except PolicyError as error:
        sys.stderr.write(f"政策包有误：{error}\n")
        return EXIT_FAILED
    rows = diff_values(left.values, right.values)
    if args.json:
        keys = ("key", "change", "left", "right", "left_cite", "right_cite")
        _print_json([{k: getattr(row, k) for k in keys} for row in rows])
        return EXIT_CHECKED
    for row in rows:
        shown = [
            "—" if v is None else json.dumps(v, ensure_ascii=False) for v in (row.left, row.right)
        ]
        sys.stdout.write(f"{row.key}: {shown[0]} → {shown[1]}")
        sys.stdout.write(f"    # {row.left_cite or '—'} → {row.right_cite or '—'}\n")
    return EXIT_CHECKED


def cmd_policy_examples(args: argparse.Namespace) -> int:
    """试算: a pack's worked examples (a shipped id or a TOML file) — each 通过 or 未通过 with
    what differed. Exit 0 when every example passes, 1 when one fails (as CI and the domain
    refuse such a pack), 2 when the pack cannot be read."""
    from jijiao.engine.examples import run_examples

    try:
        policy = pack_file(args.pack) or load_policy(args.pack)
    except (UnknownPack, InputInvalid) as error:
        sys.stderr.write(f"{error}\n")
        return EXIT_INVALID
    except PolicyError as error:
        sys.stderr.write(f"政策包有误：{error}\n")
        return EXIT_FAILED
    outcomes = run_examples(policy)
    if args.json:
        _print_json(
            [
                {"name": o.example.name, "passed": o.passed, "differences": list(o.differences)}
                for o in outcomes
            ]
        )
    else:
        for outcome in outcomes:
            sys.stdout.write(f"{outcome.label}  {outcome.example.name}\n")
            for text in outcome.differences:
                sys.stdout.write(f"    {text}\n")
        failed = sum(not o.passed for o in outcomes)
        sys.stdout.write(f"共 {len(outcomes)} 个例子，{failed} 个未通过\n")
    return EXIT_FAILED if any(not o.passed for o in outcomes) else EXIT_CHECKED


def cmd_policy_reference(args: argparse.Namespace) -> int:
    """The pack reference (docs/packs.md), generated from the schema."""
    from jijiao.engine.packs.reference import reference_markdown

    sys.stdout.write(reference_markdown())
    return EXIT_CHECKED


def _setup_precheck(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("kind", help="application, filing, attendance, execution-score, …")
    parser.add_argument(
        "--policy",
        required=True,
        help="政策包标识（如 wenzhou-2025），或政策包 TOML 文件的路径",
    )
    parser.add_argument("file", help="JSON 文件；- 表示标准输入")
    parser.set_defaults(func=cmd_precheck)


def _setup_policy(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="policy_command", required=True)
    listing = sub.add_parser("list", help="列出内置政策包")
    listing.add_argument("--json", action="store_true", help="输出 JSON")
    listing.set_defaults(func=cmd_policy_list)
    show = sub.add_parser("show", help="显示政策包的生效值及其来源")
    show.add_argument("pack")
    show.add_argument("--json", action="store_true", help="输出 JSON")
    show.set_defaults(func=cmd_policy_show)
    diff = sub.add_parser("diff", help="逐键比较两份政策包（标识或 TOML 文件）")
    diff.add_argument("left")
    diff.add_argument("right")
    diff.add_argument("--json", action="store_true", help="输出 JSON")
    diff.set_defaults(func=cmd_policy_diff)
    examples = sub.add_parser("examples", help="试算政策包的例子（标识或 TOML 文件）")
    examples.add_argument("pack")
    examples.add_argument("--json", action="store_true", help="输出 JSON")
    examples.set_defaults(func=cmd_policy_examples)
    reference = sub.add_parser("reference", help="输出政策包参考（docs/packs.md）")
    reference.set_defaults(func=cmd_policy_reference)


SUBCOMMANDS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None]]] = {
    "precheck": ("按政策包检查一份 JSON 文档（不需数据库）", _setup_precheck),
    "policy": (
        "政策包：list 列出，show 显示生效值及来源，diff 逐键比较，examples 试算例子，"
        "reference 输出参考",
        _setup_policy,
    ),
}
