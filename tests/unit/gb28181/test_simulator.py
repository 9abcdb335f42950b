"""The simulated device fleet as a device's SIP stack: answers matched to its latest REGISTER."""

from __future__ import annotations

from jixiao.adapters.gb28181.simulator import Fleet, FleetConfig


def _challenge(device: str, cseq: int) -> bytes:
    return (
        "SIP/2.0 401 Unauthorized\r\n"
        "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKx\r\n"
        f"From: <sip:{device}@3402000000>;tag=a\r\nTo: <sip:{device}@3402000000>;tag=b\r\n"
        f"Call-ID: c1\r\nCSeq: {cseq} REGISTER\r\n"
        'WWW-Authenticate: Digest realm="3402000000",nonce="n1",qop="auth",algorithm=MD5\r\n'
        "Content-Length: 0\r\n\r\n"
    ).encode()


def test_a_challenge_to_a_register_sent_again_since_is_dropped_the_latest_answered() -> None:
    fleet = Fleet(FleetConfig("127.0.0.1", 5060, 1, password="12345678"))
    device = fleet.devices[0]
    device.cseq = device.register_cseq = 2  # its second attempt went out; the first is over
    fleet.received(_challenge(device.device_id, 1))
    assert device.auth is None and device.auth_nc == 0
    fleet.received(_challenge(device.device_id, 2))
    assert device.auth is not None and 'nonce="n1"' in device.auth
    assert device.auth_nc == 1
