"""Byte fixtures of GB/T 28181 signalling (tests/data/gb28181/*.sip), shaped after real captures."""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "data" / "gb28181"
DEVICE = "34020000001180000001"
CAMERA = "34020000001320000001"
PLATFORM = "34020000002000000001"


def fixture(name: str) -> bytes:
    return (DATA / f"{name}.sip").read_bytes()


def all_fixtures() -> list[bytes]:
    return [p.read_bytes() for p in sorted(DATA.glob("*.sip"))]
