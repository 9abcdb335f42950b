"""An ONVIF device service for the probe tests, on 127.0.0.1: GetSystemDateAndTime without
credentials, GetDeviceInformation only with a WS-Security UsernameToken whose
PasswordDigest = Base64(SHA-1(nonce + created + password)) checks out and whose Created is
within 5 s of the device's own clock (which runs `offset_s` from the machine's, as a camera's
does). Anything else is a SOAP fault `ter:NotAuthorized`, HTTP 400, as the ONVIF core
specification has it."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from lxml import etree  # type: ignore[import-untyped]  # no stubs shipped

SOAP = "http://www.w3.org/2003/05/soap-envelope"
DEVICE = "http://www.onvif.org/ver10/device/wsdl"
SCHEMA = "http://www.onvif.org/ver10/schema"
WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
WSU = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"
PARSER = etree.XMLParser(resolve_entities=False, no_network=True)


def _envelope(body: str) -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><env:Envelope xmlns:env="{SOAP}" '
        f'xmlns:tds="{DEVICE}" xmlns:tt="{SCHEMA}" '
        'xmlns:ter="http://www.onvif.org/ver10/error">'
        f"<env:Body>{body}</env:Body></env:Envelope>"
    ).encode()


NOT_AUTHORIZED = _envelope(
    "<env:Fault><env:Code><env:Value>env:Sender</env:Value><env:Subcode>"
    "<env:Value>ter:NotAuthorized</env:Value></env:Subcode></env:Code>"
    '<env:Reason><env:Text xml:lang="en">Sender not Authorized</env:Text></env:Reason>'
    "</env:Fault>"
)


class OnvifResponder:
    def __init__(self, user: str, password: str, *, offset_s: float = 3600.0) -> None:
        self.user, self.password, self.offset_s = user, password, offset_s
        self.requests: list[str] = []
        responder = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                status, body = responder.answer(self.rfile.read(length))
                self.send_response(status)
                self.send_header("Content-Type", "application/soap+xml; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = int(self.httpd.server_address[1])
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/onvif/device_service"

    def now(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC) + dt.timedelta(seconds=self.offset_s)

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def answer(self, data: bytes) -> tuple[int, bytes]:
        try:
            root = etree.fromstring(data, PARSER)
        except etree.XMLSyntaxError:
            return 400, b"not xml"
        body = root.find(f"{{{SOAP}}}Body")
        request = body[0] if body is not None and len(body) else None
        name = etree.QName(request).localname if request is not None else ""
        self.requests.append(name)
        if name == "GetSystemDateAndTime":
            now = self.now()
            return 200, _envelope(
                "<tds:GetSystemDateAndTimeResponse><tds:SystemDateAndTime>"
                "<tt:DateTimeType>NTP</tt:DateTimeType><tt:UTCDateTime>"
                f"<tt:Time><tt:Hour>{now.hour}</tt:Hour><tt:Minute>{now.minute}</tt:Minute>"
                f"<tt:Second>{now.second}</tt:Second></tt:Time>"
                f"<tt:Date><tt:Year>{now.year}</tt:Year><tt:Month>{now.month}</tt:Month>"
                f"<tt:Day>{now.day}</tt:Day></tt:Date>"
                "</tt:UTCDateTime></tds:SystemDateAndTime></tds:GetSystemDateAndTimeResponse>"
            )
        if name == "GetDeviceInformation":
            if not self._authorized(root):
                return 400, NOT_AUTHORIZED
            return 200, _envelope(
                "<tds:GetDeviceInformationResponse><tds:Manufacturer>Test</tds:Manufacturer>"
                "<tds:Model>Responder</tds:Model><tds:FirmwareVersion>1.0</tds:FirmwareVersion>"
                "<tds:SerialNumber>1</tds:SerialNumber><tds:HardwareId>1</tds:HardwareId>"
                "</tds:GetDeviceInformationResponse>"
            )
        return 400, _envelope("<env:Fault/>")

    def _authorized(self, root: object) -> bool:
        token = root.find(f".//{{{WSSE}}}UsernameToken")  # type: ignore[attr-defined]
        if token is None:
            return False
        user = token.findtext(f"{{{WSSE}}}Username") or ""
        digest = token.findtext(f"{{{WSSE}}}Password") or ""
        nonce = base64.b64decode(token.findtext(f"{{{WSSE}}}Nonce") or "")
        created = token.findtext(f"{{{WSU}}}Created") or ""
        expected = base64.b64encode(
            hashlib.sha1(nonce + created.encode() + self.password.encode()).digest()
        ).decode()
        try:
            stamp = dt.datetime.strptime(created, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)
        except ValueError:
            return False
        fresh = abs((stamp - self.now()).total_seconds()) <= 5
        return user == self.user and digest == expected and fresh
