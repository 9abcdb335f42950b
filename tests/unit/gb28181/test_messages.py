"""SIP parse/serialize and TCP framing on byte fixtures."""

from __future__ import annotations

import pytest

from jixiao.adapters.gb28181.messages import (
    MAX_MESSAGE,
    FramingError,
    Request,
    Response,
    SipParseError,
    StreamFramer,
    answer,
    header_params,
    parse,
    response_to,
    stamp_via,
    tag_of,
    uri_user,
    via_branch,
)
from tests.unit.gb28181.fixtures import DEVICE, PLATFORM, all_fixtures, fixture


def test_a_register_is_read_with_its_headers() -> None:
    req = parse(fixture("register"))
    assert isinstance(req, Request)
    assert (req.method, req.uri) == ("REGISTER", f"sip:{PLATFORM}@3402000000")
    assert req.call_id == "1450286436"
    assert req.cseq == (1, "REGISTER")
    assert req.header("expires") == "3600"
    assert req.header("X-GB-VER") == "3.0"
    assert uri_user(req.header("From") or "") == DEVICE
    assert tag_of(req.header("From") or "") == "1163395826"
    assert req.body == b""


def test_compact_headers_and_bare_lf_lines_are_understood() -> None:
    req = parse(fixture("register_tcp_compact"))
    assert isinstance(req, Request)
    assert req.call_id == "77@10.2.3.4"
    assert req.header("Via") == "SIP/2.0/TCP 10.2.3.4:5060;branch=z9hG4bK77"
    assert header_params(req.header("m") or "") == {"expires": "86400"}
    keepalive = parse(fixture("keepalive_compact_lf"))
    assert keepalive.content_type == "application/manscdp+xml"
    assert keepalive.body.startswith(b"<?xml") and keepalive.body.endswith(b"</Notify>\r\n")


def test_a_header_is_its_first_value_folded_lines_joined_and_built_messages_alike() -> None:
    data = (
        b"MESSAGE sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nSubject: one\r\n"
        b"  more\r\nsubject: two\r\nCall-ID: x\r\nContent-Length: 0\r\n\r\n"
    )
    req = parse(data)
    assert req.header("SUBJECT") == req.header("s") == "one more"
    assert req.header_values("Subject") == ["one more", "two"]
    assert req.header("Expires") is None
    built = Request((("i", "abc"), ("Expires", "60"), ("expires", "0")), b"", "REGISTER", "sip:x")
    assert (built.call_id, built.header("EXPIRES")) == ("abc", "60")


def test_content_length_cuts_the_body_and_a_short_body_is_refused() -> None:
    data = fixture("keepalive") + b"trailing garbage"
    assert parse(data).body.endswith(b"</Notify>\r\n")
    with pytest.raises(SipParseError):
        parse(fixture("bad_content_length"))


def test_a_udp_message_without_content_length_takes_the_rest() -> None:
    data = b"MESSAGE sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h\r\nCall-ID: x\r\n\r\n<a/>"
    assert parse(data).body == b"<a/>"
    assert parse(data, stream=True).body == b""


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\r\n\r\n",
        b"HELLO\r\n\r\n",
        b"MESSAGE sip:x SIP/3.0\r\n\r\n",
        b"SIP/2.0 99 Too Low\r\n\r\n",
        b"SIP/2.0 abc OK\r\n\r\n",
        b"MESSAGE sip:x SIP/2.0\r\nno colon here\r\n\r\n",
        b"MESSAGE sip:x SIP/2.0\r\n continuation first\r\n\r\n",
        b"MESSAGE sip:x SIP/2.0\r\nContent-Length: -1\r\n\r\n",
        b"MESSAGE sip:x SIP/2.0\r\nContent-Length: 99999999999\r\n\r\n",
        b"MESSAGE sip:x SIP/2.0\r\nBad Name: 1\r\n\r\n",
        b"X" * (MAX_MESSAGE + 1),
    ],
)
def test_malformed_messages_raise_one_error_type(data: bytes) -> None:
    with pytest.raises(SipParseError):
        parse(data)


def test_every_fixture_survives_a_round_trip() -> None:
    for data in all_fixtures():
        try:
            message = parse(data)
        except SipParseError:
            continue
        again = parse(message.serialize())
        assert again == message


def test_a_response_copies_the_transaction_headers_and_stamps_the_via() -> None:
    req = parse(fixture("keepalive"))
    assert isinstance(req, Request)
    res = response_to(req, 200, "OK", to_tag="abc", source=("10.0.0.9", 40000))
    assert isinstance(res, Response)
    via = res.header("Via") or ""
    assert ";rport=40000" in via and via.endswith(";received=10.0.0.9")
    assert tag_of(res.header("To") or "") == "abc"
    assert res.call_id == req.call_id and res.cseq == req.cseq
    assert res.serialize().startswith(b"SIP/2.0 200 OK\r\n")
    assert res.serialize().endswith(b"Content-Length: 0\r\n\r\n")


def test_the_framer_cuts_a_stream_fed_byte_by_byte() -> None:
    stream = (
        b"\r\n\r\n" + fixture("register") + b"\r\n" + fixture("keepalive") + fixture("catalog_1of2")
    )
    framer, got = StreamFramer(), []
    for i in range(len(stream)):
        got += framer.feed(stream[i : i + 1])
    assert got == [fixture("register"), fixture("keepalive"), fixture("catalog_1of2")]
    assert framer.pending == 0


def test_the_framer_bounds_what_it_buffers() -> None:
    framer = StreamFramer(max_message=2048, max_head=512)
    with pytest.raises(FramingError):
        framer.feed(b"MESSAGE sip:x SIP/2.0\r\n" + b"X-Long: " + b"a" * 600)
    framer = StreamFramer(max_message=2048, max_head=512)
    with pytest.raises(FramingError):
        framer.feed(b"MESSAGE sip:x SIP/2.0\r\nContent-Length: 4096\r\n\r\n")
    with pytest.raises(FramingError):
        StreamFramer().feed(b"MESSAGE sip:x SIP/2.0\r\nl: 1e3\r\n\r\n")


def test_the_framer_treats_a_missing_content_length_as_no_body() -> None:
    framer = StreamFramer()
    assert framer.feed(b"OPTIONS sip:x SIP/2.0\r\nCall-ID: 1\r\n\r\n") == [
        b"OPTIONS sip:x SIP/2.0\r\nCall-ID: 1\r\n\r\n"
    ]


@pytest.mark.parametrize("data", all_fixtures())
def test_an_answer_built_in_one_pass_is_the_response_serialized(data: bytes) -> None:
    try:
        req = parse(data)
    except SipParseError:
        return
    if not isinstance(req, Request):
        return
    cases = [
        (401, "tag1", (("WWW-Authenticate", 'Digest realm="r"'),), ("10.0.0.9", 5070)),
        (200, "", (("Content-Length", "9"), ("Date", "2026-01-01T00:00:00.000")), None),
    ]
    for status, tag, extra, source in cases:
        built = response_to(req, status, "R", to_tag=tag, extra=extra, source=source)
        expected = None if built is None else built.serialize()
        assert answer(req, status, "R", to_tag=tag, extra=extra, source=source) == expected


def test_the_via_branch_and_rport_read_without_a_regex_agree_with_the_general_reading() -> None:
    assert via_branch("SIP/2.0/UDP h:1;rport;branch=z9hG4bK1 ") == "z9hG4bK1"
    assert via_branch("SIP/2.0/UDP h:1;branch=a;received=1") == "a"
    assert via_branch('SIP/2.0/UDP h:1;branch="q"') == "q"
    assert via_branch("SIP/2.0/UDP h:1;BRANCH=a;branch=b") == "b"  # the last one, as before
    assert via_branch("SIP/2.0/UDP h:1;rport") == ""
    assert stamp_via("SIP/2.0/UDP h:1;rport;branch=b", "1.2.3.4", 9) == (
        "SIP/2.0/UDP h:1;rport=9;branch=b;received=1.2.3.4"
    )
    assert stamp_via("SIP/2.0/UDP h:1;branch=b;rport", "1.2.3.4", 9) == (
        "SIP/2.0/UDP h:1;branch=b;rport=9;received=1.2.3.4"
    )
    assert stamp_via("SIP/2.0/UDP h:1;rport=7;received=h", "1.2.3.4", 9) == (
        "SIP/2.0/UDP h:1;rport=7;received=h"
    )
    assert stamp_via("SIP/2.0/UDP h:1;rport\t;rport", "1.2.3.4", 9) == (
        "SIP/2.0/UDP h:1;rport=9\t;rport;received=1.2.3.4"
    )


def test_the_user_of_a_uri_is_the_same_whatever_tag_follows_and_however_often_asked() -> None:
    for _ in range(2):  # the second time from memory
        assert uri_user("<sip:34020000001320000001@3402000000>;tag=1") == "34020000001320000001"
        assert uri_user("<sip:34020000001320000001@3402000000>;tag=2") == "34020000001320000001"
        assert uri_user('"a;tag=b" <sip:dev@h>;tag=3') == "dev"
        assert uri_user("x;tag=<sip:late@h>") == "late"
        assert uri_user("<tel:123>;tag=4") == ""


def test_a_request_line_is_refused_the_second_time_as_the_first() -> None:
    for _ in range(2):
        with pytest.raises(SipParseError):
            parse(b"REG@ISTER sip:x SIP/2.0\r\nVia: a\r\n\r\n")
        req = parse(b"register sip:x SIP/2.0\r\nVia: a\r\n\r\n")
        assert isinstance(req, Request) and req.method == "REGISTER"
