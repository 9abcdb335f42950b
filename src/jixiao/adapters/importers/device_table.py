"""The 点位表 (device table) a bureau keeps in Excel or CSV -> devices, every bad cell reported."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from jixiao.adapters.importers.table_rows import TableRow, read_table, text
from jixiao.domain.devices import Device, DeviceError, GbId, kind_word, parse_kind
from jixiao.domain.errors import InputError, Problem
from jixiao.domain.probes import ProbeError, ProbeMethod, parse_method, parse_target
from jixiao.services.inventory import Numbered
from jixiao.services.probing import ProbeAssignment

# The first word of each is the template's column (jixiao devices template); the others are
# what real 点位表 and 一机一档 registers call the same column.
ALIASES: dict[str, tuple[str, ...]] = {
    "device_id": ("设备编码", "国标编码", "设备ID", "编码", "设备国标编码", "国标ID"),
    "name": ("名称", "设备名称", "点位名称", "点位俗称", "监控点名称"),
    "kind": ("类型", "设备类型", "摄像机类型", "设备类别"),
    "groups": ("分组", "所属分组", "项目"),
    "area": ("区域", "所属区域", "行政区划", "行政区域"),
    "address": ("地址", "安装地址", "安装位置", "点位地址"),
    "ip": ("IP", "IP地址", "IPV4地址"),
    "port": ("端口",),
    "vendor": ("厂商", "品牌", "设备厂商", "生产厂商"),
    "model": ("型号", "设备型号", "规格型号"),
    "commissioned": ("启用日期", "投运日期"),
    "decommissioned": ("停用日期", "拆除日期"),
    "probe": ("探测方式",),
    "probe_target": ("探测地址",),
}
METHOD_WORDS = "、".join(m.value for m in ProbeMethod)
_DATE = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s+0{1,2}:00(?::00)?)?$"
)


def read_device_table(path: Path) -> list[Numbered[Device]]:
    """Every row as a Device; InputError listing every bad cell when any row is bad."""
    return read_devices_and_probes(path)[0]


def read_devices_and_probes(
    path: Path,
) -> tuple[list[Numbered[Device]], list[Numbered[ProbeAssignment]]]:
    """Every row as a Device, and the probe of each row that names one (探测方式/探测地址,
    optional); InputError listing every bad cell when any row is bad."""
    name, rows = read_table(path, ALIASES, ("device_id", "name"))
    devices: list[Numbered[Device]] = []
    probes: list[Numbered[ProbeAssignment]] = []
    problems: list[Problem] = []
    for row in rows:
        device = _device(row, name, problems)
        probe = _probe(row, name, problems, device)
        if device is not None:
            devices.append(Numbered(row.line, device))
            if probe is not None:
                probes.append(Numbered(row.line, probe))
    if problems:
        raise InputError([*_unknown_kinds(rows, name, problems), *problems])
    if not devices:
        raise InputError([Problem(name, "表中没有设备行")])
    return devices, probes


def _unknown_kinds(rows: list[TableRow], file: str, problems: list[Problem]) -> list[Problem]:
    """One line per 类型 word that could not be read, most rows first, before the rows
    themselves: a table of 710 rows of 枪机 from an unknown vocabulary says so once."""
    lines = {p.line for p in problems if p.field.startswith("kind")}
    counts: dict[str, int] = {}
    for row in rows:
        written = text(row.cells.get("kind"))
        if row.line in lines and written:
            try:
                parse_kind(written)
            except DeviceError:
                counts[written] = counts.get(written, 0) + 1
    ordered = sorted(counts.items(), key=lambda c: (-c[1], c[0]))
    return [
        Problem(
            file, f"类型无法识别：{word}（{n}行）；可用的类型见模板的“类型”表", None, KIND_FIELD
        )
        for word, n in ordered
    ]


KIND_FIELD = f"kind（{ALIASES['kind'][0]}）"


def _probe(
    row: TableRow, file: str, problems: list[Problem], device: Device | None
) -> ProbeAssignment | None:
    """The row's probe: the method, the target checked (empty: the device's IP) and the
    credentials of a URL taken out of it, to be stored encrypted."""
    written, target = text(row.cells.get("probe")), text(row.cells.get("probe_target"))
    if not written and not target:
        return None

    def problem(field: str, message: str) -> None:
        problems.append(Problem(file, message, row.line, f"{field}（{ALIASES[field][0]}）"))

    if not written:
        problem("probe", f"填写了探测地址，请同时填写探测方式（{METHOD_WORDS}）")
        return None
    try:
        method = parse_method(written)
    except ProbeError as error:
        problem("probe", str(error))
        return None
    ip = device.ip if device is not None else ""
    try:
        parsed = parse_target(method, target, fallback_ip=ip)
    except ProbeError as error:
        problem("probe_target", str(error))
        return None
    if device is None:
        return None
    kept = target
    if parsed.username or parsed.password:  # the stored target never holds the password
        kept = parsed.url
    return ProbeAssignment(device.device_id.value, method, kept, parsed.username, parsed.password)


def _device(row: TableRow, file: str, problems: list[Problem]) -> Device | None:
    cells, before = row.cells, len(problems)

    def problem(field: str, message: str) -> None:
        problems.append(Problem(file, message, row.line, f"{field}（{ALIASES[field][0]}）"))

    raw_id = cells.get("device_id")
    gb_id = None
    if isinstance(raw_id, int | float) and abs(raw_id) >= 1e15:
        problem(
            "device_id",
            "设备编码被 Excel 存成了数字，后几位已丢失；请把该列设为“文本”格式后重新填写",
        )
    elif not text(raw_id):
        problem("device_id", "设备编码不能为空（20位国标编码）")
    else:
        try:
            gb_id = GbId.parse(text(raw_id))
        except DeviceError as error:
            problem("device_id", str(error))
    if not text(cells.get("name")):
        problem("name", "名称不能为空")
    kind, word = None, ""
    if text(cells.get("kind")):
        try:
            kind = parse_kind(text(cells["kind"]))
            word = kind_word(text(cells["kind"]), kind)
        except DeviceError as error:
            problem("kind", str(error))
    elif gb_id is not None:
        kind = gb_id.default_kind
        if kind is None:
            problem(
                "kind",
                f"类型编码{gb_id.type_code}不能确定设备类型，请填写类型（camera/nvr/platform/terminal/network）",
            )
    port = _port(cells.get("port"), problem)
    dates = {f: _date(cells.get(f), f, problem) for f in ("commissioned", "decommissioned")}
    if len(problems) > before or gb_id is None or kind is None:
        return None
    try:
        return Device(
            gb_id,
            kind,
            text(cells["name"]),
            tuple(g.strip() for g in re.split(r"[;；]", text(cells.get("groups"))) if g.strip()),
            text(cells.get("area")),
            text(cells.get("address")),
            text(cells.get("ip")),
            port,
            text(cells.get("vendor")),
            text(cells.get("model")),
            dates["commissioned"],
            dates["decommissioned"],
            word,
        )
    except DeviceError as error:
        problem("decommissioned", str(error))
        return None


def _port(value: Any, problem: Any) -> int | None:
    written = text(value)
    if not written:
        return None
    if not written.isdigit() or not 0 < int(written) < 65536:
        problem("port", f"端口“{written}”应为1–65535的整数")
        return None
    return int(written)


def _date(value: Any, field: str, problem: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    written = text(value)
    if not written:
        return None
    m = _DATE.match(written)
    try:
        if m is None:
            raise ValueError(written)
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        problem(field, f"无法识别的日期“{written}”；应为如 2021-03-01 或 2021年3月1日")
        return None
