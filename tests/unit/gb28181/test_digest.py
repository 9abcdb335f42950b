"""Digest auth: RFC 2617 vectors, SM3, nonce expiry and replay protection."""

from __future__ import annotations

import hashlib
import itertools

import pytest

from jixiao.adapters.gb28181.digest import (
    ALGORITHMS,
    NonceBook,
    Verdict,
    authorization,
    challenge,
    digest_hex,
    expected_response,
    parse_credentials,
    random_hex,
)

REALM = "3402000000"
USER = "34020000001180000001"


def test_rfc2617_example_response() -> None:
    # RFC 2617 §3.5: Mufasa / "Circle Of Life" with qop=auth.
    assert (
        expected_response(
            "MD5",
            username="Mufasa",
            realm="testrealm@host.com",
            password="Circle Of Life",
            method="GET",
            uri="/dir/index.html",
            nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093",
            nc="00000001",
            cnonce="0a4f113b",
            qop="auth",
        )
        == "6629fae49393a05397450978507c4ef1"
    )


def test_sm3_is_the_chinese_standard_hash() -> None:
    if "SM3" not in ALGORITHMS:
        pytest.skip("this OpenSSL has no SM3")
    # GB/T 32905-2016 example 1: SM3("abc").
    assert (
        digest_hex("SM3", "abc")
        == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
    )


def _book() -> NonceBook:
    counter = itertools.count()
    return NonceBook(ttl=300, capacity=3, token=lambda: f"n{next(counter)}")


def _params(
    book: NonceBook, now: float, password: str = "12345678", nc: int = 1, algorithm: str = "MD5"
) -> dict[str, str]:
    nonce = book.issue(now)
    value = authorization(
        parse_credentials(challenge(REALM, nonce, algorithm)) or {},
        username=USER,
        password=password,
        method="REGISTER",
        uri=f"sip:34020000002000000001@{REALM}",
        cnonce="0a4f113b",
        nc=nc,
    )
    return parse_credentials(value) or {}


@pytest.mark.parametrize("algorithm", sorted(ALGORITHMS))
def test_a_device_with_the_password_is_accepted(algorithm: str) -> None:
    book = _book()
    params = _params(book, 100.0, algorithm=algorithm)
    assert params["algorithm"] == algorithm
    assert (
        book.verify(params, method="REGISTER", realm=REALM, password="12345678", now=101.0)
        is Verdict.OK
    )


def test_a_wrong_password_or_realm_is_wrong() -> None:
    book = _book()
    params = _params(book, 100.0, password="guess")
    assert (
        book.verify(params, method="REGISTER", realm=REALM, password="12345678", now=101.0)
        is Verdict.WRONG
    )
    params = _params(book, 100.0)
    assert (
        book.verify(params, method="REGISTER", realm="3402000001", password="12345678", now=101.0)
        is Verdict.WRONG
    )


def test_an_expired_or_unknown_nonce_is_stale() -> None:
    book = _book()
    params = _params(book, 100.0)
    assert (
        book.verify(params, method="REGISTER", realm=REALM, password="12345678", now=400.0)
        is Verdict.STALE
    )
    forged = {**params, "nonce": "never-issued"}
    assert (
        book.verify(forged, method="REGISTER", realm=REALM, password="12345678", now=101.0)
        is Verdict.STALE
    )


def test_a_replayed_nonce_count_is_refused() -> None:
    book = _book()
    params = _params(book, 100.0)
    assert (
        book.verify(params, method="REGISTER", realm=REALM, password="12345678", now=101.0)
        is Verdict.OK
    )
    assert (
        book.verify(params, method="REGISTER", realm=REALM, password="12345678", now=102.0)
        is Verdict.REPLAY
    )


def test_without_qop_a_nonce_is_good_once() -> None:
    book = _book()
    nonce = book.issue(100.0)
    response = expected_response(
        "MD5",
        username=USER,
        realm=REALM,
        password="pw",
        method="REGISTER",
        uri="sip:x",
        nonce=nonce,
    )
    params = {
        "username": USER,
        "realm": REALM,
        "nonce": nonce,
        "uri": "sip:x",
        "response": response,
    }
    assert (
        book.verify(params, method="REGISTER", realm=REALM, password="pw", now=101.0) is Verdict.OK
    )
    assert (
        book.verify(params, method="REGISTER", realm=REALM, password="pw", now=101.0)
        is Verdict.REPLAY
    )


def test_md5_sess_is_supported() -> None:
    book = _book()
    nonce = book.issue(0.0)
    response = expected_response(
        "MD5-SESS",
        username=USER,
        realm=REALM,
        password="pw",
        method="REGISTER",
        uri="sip:x",
        nonce=nonce,
        nc="00000001",
        cnonce="c",
        qop="auth",
    )
    ha1 = hashlib.md5(
        f"{hashlib.md5(f'{USER}:{REALM}:pw'.encode()).hexdigest()}:{nonce}:c".encode()
    ).hexdigest()
    ha2 = hashlib.md5(b"REGISTER:sip:x").hexdigest()
    assert response == hashlib.md5(f"{ha1}:{nonce}:00000001:c:auth:{ha2}".encode()).hexdigest()
    params = {
        "username": USER,
        "realm": REALM,
        "nonce": nonce,
        "uri": "sip:x",
        "response": response,
        "algorithm": "MD5-sess",
        "qop": "auth",
        "nc": "00000001",
        "cnonce": "c",
    }
    assert book.verify(params, method="REGISTER", realm=REALM, password="pw", now=1.0) is Verdict.OK


@pytest.mark.parametrize(
    "change",
    [
        {"algorithm": "SHA-512"},
        {"response": ""},
        {"nonce": ""},
        {"qop": "auth-int"},
        {"nc": "1"},
        {"cnonce": ""},
    ],
)
def test_malformed_credentials(change: dict[str, str]) -> None:
    book = _book()
    params = {**_params(book, 0.0), **change}
    assert (
        book.verify(params, method="REGISTER", realm=REALM, password="12345678", now=1.0)
        is Verdict.MALFORMED
    )


def test_the_book_forgets_the_oldest_nonces_first() -> None:
    book = _book()
    nonces = [book.issue(float(i)) for i in range(5)]
    assert len(book) == 3
    assert nonces[:2] == ["n0", "n1"]
    book.expire(1000.0)
    assert len(book) == 0


def test_credentials_are_parsed_with_quotes_and_commas() -> None:
    value = 'Digest username="a", realm="r,1", nonce="n", uri="sip:x@y", response="abc", algorithm=MD5, qop=auth, nc=00000001, cnonce="c"'
    assert parse_credentials(value) == {
        "username": "a",
        "realm": "r,1",
        "nonce": "n",
        "uri": "sip:x@y",
        "response": "abc",
        "algorithm": "MD5",
        "qop": "auth",
        "nc": "00000001",
        "cnonce": "c",
    }
    assert parse_credentials("Basic abc") is None
    assert (
        challenge(REALM, "n", stale=True)
        == 'Digest realm="3402000000",nonce="n",qop="auth",algorithm=MD5,stale=true'
    )


def test_a_response_remembered_per_device_still_follows_the_password_and_the_uri() -> None:
    def md5(text: str) -> str:
        return hashlib.md5(text.encode()).hexdigest()

    def by_hand(password: str, uri: str) -> str:
        ha1, ha2 = md5(f"{USER}:{REALM}:{password}"), md5(f"REGISTER:{uri}")
        return md5(f"{ha1}:n1:00000001:c1:auth:{ha2}")

    for password, uri in [("a", "sip:x"), ("a", "sip:x"), ("b", "sip:x"), ("a", "sip:y")]:
        response = expected_response(
            "MD5",
            username=USER,
            realm=REALM,
            password=password,
            method="REGISTER",
            uri=uri,
            nonce="n1",
            nc="00000001",
            cnonce="c1",
            qop="auth",
        )
        assert response == by_hand(password, uri)


def test_nonces_read_in_blocks_are_all_different_and_of_sixteen_bytes() -> None:
    token = random_hex()
    nonces = [token() for _ in range(600)]  # across three reads of the generator
    assert len(set(nonces)) == 600
    assert all(len(n) == 32 and int(n, 16) >= 0 for n in nonces)
