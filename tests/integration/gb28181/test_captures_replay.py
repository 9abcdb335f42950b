"""The Dahua dome's published messages replayed to the platform over loopback UDP, from
127.0.0.5 as in the capture: it registers (digest computed again for jixiao's nonce), keeps
alive, answers the queries the platform sends, and ends up stored online with its channel."""

from __future__ import annotations

import asyncio
import re
import socket
from pathlib import Path

from jixiao.adapters.gb28181.messages import Request, Response, parse, response_to
from tests.integration.gb28181.harness import causes, run, running, settings, statuses, until
from tests.unit.gb28181.captures import messages, rewrite
from tests.unit.gb28181.test_captures import DOME, signed

CHANNEL = "34020000001310000001"


def test_the_dahua_dome_replayed_over_loopback_is_online_with_its_channel(tmp_path: Path) -> None:
    async def scenario() -> None:
        device = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        device.bind(("127.0.0.5", 0))
        device.settimeout(5)

        def exchange(data: bytes, port: int) -> list[Request | Response]:
            """Send, then read until the response to it; requests seen meanwhile too."""
            sent = parse(data)
            device.sendto(data, ("127.0.0.1", port))
            seen: list[Request | Response] = []
            while True:
                got = parse(device.recv(65_536))
                seen.append(got)
                if isinstance(got, Response) and (got.call_id, got.cseq) == (
                    sent.call_id,
                    sent.cseq,
                ):
                    return seen

        def ok(request: Request, port: int) -> None:
            answer = response_to(request, 200, "OK", to_tag="d1")
            assert answer is not None
            device.sendto(answer.serialize(), ("127.0.0.1", port))

        try:
            async with running(settings(tmp_path, sip_keepalive_interval=60)) as (server, services):
                port = server.port
                first, second = messages("dahua-sd-2024_01_register")
                (challenge,) = await asyncio.to_thread(exchange, first, port)
                assert isinstance(challenge, Response) and challenge.status == 401
                answer = signed(second, challenge.serialize())
                seen = await asyncio.to_thread(exchange, answer, port)
                assert isinstance(seen[-1], Response) and seen[-1].status == 200
                (keepalive,) = messages("dahua-sd-2024_02_keepalive")
                seen += await asyncio.to_thread(exchange, keepalive, port)
                assert isinstance(seen[-1], Response) and seen[-1].status == 200
                queries = [m for m in seen if isinstance(m, Request)]
                for query in queries:
                    ok(query, port)
                catalog_query = next(
                    q for q in queries if b"Catalog" in q.body and q.method == "MESSAGE"
                )
                sn = re.search(rb"<SN>(\d+)</SN>", catalog_query.body)[1]  # type: ignore[index]
                (catalog,) = messages("dahua-sd-2024_03_catalog-response")
                reply = await asyncio.to_thread(
                    exchange, rewrite(catalog, b"<SN>7</SN>", b"<SN>" + sn + b"</SN>"), port
                )
                assert isinstance(reply[-1], Response) and reply[-1].status == 200
                (info,) = messages("dahua-sd-2024_04_deviceinfo-response")
                await asyncio.to_thread(exchange, info, port)
                assert await until(lambda: CHANNEL in server.platform.channels, 5)
                assert server.platform.guard.counts == {}
                await asyncio.sleep(1.2)  # one flush
        finally:
            device.close()
        found = statuses(services)
        assert found[DOME].status == "online" and found[CHANNEL].status == "online"
        assert found[DOME].stored.device.name == "DH-SD-6C3230UE-HN"
        assert causes(services) == {("register", 1): 1, ("catalog", 1): 1}

    run(scenario)
