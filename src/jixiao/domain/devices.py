"""Devices (设备) of a camera network: the 20-digit GB/T 28181 id, kind, groups and service life.

The id is checked the way a platform checks it before registering a device: twenty digits, a
real province in the centre code (中心编码, digits 1–8) and an assigned type code (类型编码,
digits 11–13). The service life is two dates in the reporting zone: a device counts from the
start of its commissioning day (启用日期) up to, not including, its decommissioning day (停用日期).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum

from jixiao.domain.errors import DomainError


class DeviceError(DomainError):
    """A device field (id, kind, dates, status word) that cannot be used."""


class DeviceKind(StrEnum):
    CAMERA = "camera"
    NVR = "nvr"
    PLATFORM = "platform"
    TERMINAL = "terminal"
    NETWORK = "network"


KIND_LABELS: dict[DeviceKind, str] = {
    DeviceKind.CAMERA: "摄像机",
    DeviceKind.NVR: "NVR",
    DeviceKind.PLATFORM: "平台",
    DeviceKind.TERMINAL: "会议终端",
    DeviceKind.NETWORK: "网络设备",
}

_KIND_WORDS: dict[str, DeviceKind] = {
    **{k.value: k for k in DeviceKind},
    **{label.lower(): k for k, label in KIND_LABELS.items()},
    "摄像头": DeviceKind.CAMERA,
    "ipc": DeviceKind.CAMERA,
    "录像机": DeviceKind.NVR,
    "硬盘录像机": DeviceKind.NVR,
    "dvr": DeviceKind.NVR,
    "终端": DeviceKind.TERMINAL,
    "视频会议终端": DeviceKind.TERMINAL,
    "交换机": DeviceKind.NETWORK,
    # What real 点位表 write in 类型: the camera's form and use, the recorder, the network gear.
    **dict.fromkeys(
        (
            "枪机", "枪式摄像机", "球机", "球型摄像机", "快球", "半球", "半球摄像机",
            "筒机", "卡口", "卡口相机", "电警", "人脸", "人脸抓拍机", "人脸识别",
            "热成像", "热成像摄像机", "网络摄像机", "高清摄像机", "全景摄像机", "云台",
            # The 摄像机类型 of 一机一档 registers and GB/T 28181's PTZType (1 球机, 2 半球,
            # 3 固定枪机, 4 遥控枪机, 5 遥控半球) and the words registers write for them.
            "固定枪机", "遥控枪机", "卡口枪机", "云台枪机", "遥控半球", "半球机", "球体",
            "半球体", "可控球机", "固定球机", "高速球", "人脸摄像头", "抓拍机", "电子警察",
            "车辆卡口", "人员卡口", "人脸卡口",
        ),
        DeviceKind.CAMERA,
    ),
    **dict.fromkeys(
        ("网络硬盘录像机", "编码器", "视频编码器", "视频服务器", "存储"), DeviceKind.NVR
    ),
    **dict.fromkeys(("视频平台", "管理平台", "mcu"), DeviceKind.PLATFORM),
    **dict.fromkeys(
        ("路由器", "光端机", "光纤收发器", "防火墙", "网闸", "poe交换机"), DeviceKind.NETWORK
    ),
}  # fmt: skip
KIND_FORMS = (
    "camera/nvr/platform/terminal/network 或 摄像机/NVR/平台/会议终端/网络设备"
    "（也认枪机、球机、半球、筒机、卡口、人脸、热成像、DVR、编码器、交换机等）"
)

# GB/T 2260 province codes (digits 1–2 of the centre code).
PROVINCES = frozenset(
    [
        11,
        12,
        13,
        14,
        15,
        21,
        22,
        23,
        31,
        32,
        33,
        34,
        35,
        36,
        37,
        41,
        42,
        43,
        44,
        45,
        46,
        50,
        51,
        52,
        53,
        54,
        61,
        62,
        63,
        64,
        65,
        71,
        81,
        82,
    ]
)
# Type-code families of Annex D/E: 111–199 front-end, 200–299 platform, 300/400 users,
# 500–599 application platforms. 000–110 and 600–999 are not assigned.
_TYPE_FAMILIES = ((111, 199, "前端设备"), (200, 299, "平台设备"), (300, 599, "用户与应用平台"))
_KIND_BY_TYPE: dict[int, DeviceKind] = {
    111: DeviceKind.NVR,
    118: DeviceKind.NVR,
    130: DeviceKind.NVR,
    131: DeviceKind.CAMERA,
    132: DeviceKind.CAMERA,
    **{code: DeviceKind.PLATFORM for code in range(200, 300)},
}
_GB_ID = re.compile(r"^\d{20}$")


@dataclass(frozen=True, slots=True, order=True)
class GbId:
    """A 20-digit GB/T 28181 id (国标编码): centre, industry, type, network and serial codes."""

    value: str

    @classmethod
    def parse(cls, text: str) -> GbId:
        """The id in `text` (spaces ignored); DeviceError says which part is wrong."""
        value = re.sub(r"\s+", "", str(text))
        if not _GB_ID.match(value):
            raise DeviceError(
                f"设备编码“{text}”应为20位数字（GB/T 28181 统一编码，如 64032300001320000001）"
            )
        if int(value[:2]) not in PROVINCES:
            raise DeviceError(
                f"设备编码“{value}”的中心编码省级代码“{value[:2]}”不存在；"
                "前8位应为行政区划代码加基层单位编码，如 64032300"
            )
        type_code = int(value[10:13])
        if not any(low <= type_code <= high for low, high, _ in _TYPE_FAMILIES):
            raise DeviceError(
                f"设备编码“{value}”的类型编码（第11–13位）“{value[10:13]}”未分配；"
                "应为 111–199（前端设备，如 131 摄像机、132 网络摄像机、118 NVR）、"
                "200–299（平台设备）或 300–599"
            )
        return cls(value)

    @property
    def center_code(self) -> str:
        return self.value[:8]

    @property
    def civil_code(self) -> str:
        """The 6-digit administrative division (行政区划) the id belongs to."""
        return self.value[:6]

    @property
    def industry_code(self) -> str:
        return self.value[8:10]

    @property
    def type_code(self) -> int:
        return int(self.value[10:13])

    @property
    def default_kind(self) -> DeviceKind | None:
        """The kind the type code implies, when it implies exactly one."""
        return _KIND_BY_TYPE.get(self.type_code)

    def __str__(self) -> str:
        return self.value


def accepted_kind_words() -> dict[str, DeviceKind]:
    """Every 类型 word a 点位表 may use, as written in the template (NVR, not nvr)."""
    labels = {label.lower(): label for label in KIND_LABELS.values()}
    return {labels.get(word, word.upper() if word.isascii() else word): kind
            for word, kind in _KIND_WORDS.items()}  # fmt: skip


def kind_word(written: str, kind: DeviceKind) -> str:
    """The table's own word for a device's kind, kept when it says more than the kind does
    (枪机 of a 摄像机); "" for the kind's label or code, which say nothing more."""
    word = written.strip()
    return "" if word.lower() in (kind.value, KIND_LABELS[kind].lower()) else word


def parse_kind(text: str) -> DeviceKind:
    kind = _KIND_WORDS.get(text.strip().lower())
    if kind is None:
        raise DeviceError(f"无法识别的设备类型“{text}”；应为 {KIND_FORMS}")
    return kind


@dataclass(frozen=True, slots=True)
class Device:
    """One device of the inventory (点位表 row)."""

    device_id: GbId
    kind: DeviceKind
    name: str
    groups: tuple[str, ...] = ()
    area: str = ""
    address: str = ""
    ip: str = ""
    port: int | None = None
    vendor: str = ""
    model: str = ""
    commissioned: dt.date | None = None
    decommissioned: dt.date | None = None
    # The 类型 as the 点位表 wrote it (枪机, 球机, 卡口…) when it says more than `kind`: kept,
    # shown and written back on export; the kind is what the measures count by.
    kind_word: str = ""

    @property
    def kind_written(self) -> str:
        """The 类型 as a 点位表 writes it: the table's own word, else the kind's label."""
        return self.kind_word or KIND_LABELS[self.kind]

    @property
    def kind_shown(self) -> str:
        """The kind for people: 摄像机（枪机）, or 摄像机."""
        label = KIND_LABELS[self.kind]
        return f"{label}（{self.kind_word}）" if self.kind_word else label

    def __post_init__(self) -> None:
        if (
            self.commissioned is not None
            and self.decommissioned is not None
            and self.decommissioned <= self.commissioned
        ):
            raise DeviceError(
                f"停用日期{self.decommissioned.isoformat()}应晚于启用日期"
                f"{self.commissioned.isoformat()}"
            )
        if self.port is not None and not 0 < self.port < 65536:
            raise DeviceError(f"端口{self.port}不在1–65535之间")


STATUS_WORDS: dict[str, bool] = {
    "on": True,
    "online": True,
    "在线": True,
    "off": False,
    "offline": False,
    "离线": False,
}
STATUS_FORMS = "ON/OFF、ONLINE/OFFLINE、在线/离线"


def parse_status(word: str) -> bool:
    """True for online; the words of GB/T 28181 Catalog events and of Chinese exports."""
    online = STATUS_WORDS.get(word.strip().lower())
    if online is None:
        raise DeviceError(f"无法识别的状态“{word}”；应为 {STATUS_FORMS}")
    return online
