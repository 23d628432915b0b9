"""The SSRF guard end to end: an allowed test host on 127.0.0.1 links and redirects to
forbidden destinations; every one is refused and none is ever connected to.

Listeners on 127.0.0.2 and [::1] stand where an attacker would aim, and count
connections; a tripwire on anyio.connect_tcp records every connect attempt (and blocks
anything but 127.0.0.1, so a broken guard still sends nothing elsewhere).
"""

from __future__ import annotations

import datetime as dt
import socket
import ssl

import pytest
from fetch_servers import LocalServer, Reply

from svodka.config import Settings
from svodka.fetch import FetchError, Timeouts

RESOLVER = {
    "intranet.test": ["127.0.0.2"],
    "metadata.test": ["169.254.169.254"],
    "news.test": ["127.0.0.1"],
    "dual.test": ["10.0.0.1", "127.0.0.1"],
}


def resolve(host: str) -> list[str]:
    if host not in RESOLVER:
        raise AssertionError(f"unexpected DNS lookup of {host}")
    return RESOLVER[host]


FORBIDDEN = {
    "loopback 127.0.0.2": "http://127.0.0.2:{trap}/secret",
    "private 10/8": "http://10.0.0.1/secret",
    "cloud metadata": "http://169.254.169.254/latest/meta-data/",
    "IPv6 loopback": "http://[::1]:{trap6}/secret",
    "unspecified 0.0.0.0": "http://0.0.0.0:{server}/secret",
    "decimal IP": "http://2130706434:{trap}/secret",
    "hex IP": "http://0x7f.0.0.2:{trap}/secret",
    "octal IP": "http://0177.0.0.02:{trap}/secret",
    "short IP": "http://127.2:{trap}/secret",
    "IPv4-mapped IPv6": "http://[::ffff:127.0.0.2]:{trap}/secret",
    "carrier-grade NAT": "http://100.64.0.1/secret",
    "name resolving to loopback": "http://intranet.test:{trap}/secret",
    "name resolving to link-local": "http://metadata.test/secret",
    "file scheme": "file:///etc/passwd",
    "gopher scheme": "gopher://127.0.0.1:{server}/_secret",
}


def _target(template: str, server: LocalServer, trap: LocalServer, trap6: LocalServer) -> str:
    return template.format(server=server.port, trap=trap.port, trap6=trap6.port)


def _assert_untouched(server: LocalServer, trap: LocalServer, trap6: LocalServer,
                      attempts: list[str]) -> None:
    assert trap.connections == 0 and trap6.connections == 0
    assert not any("secret" in p for p in server.paths())
    assert set(attempts) <= {"127.0.0.1"}


@pytest.mark.parametrize("template", FORBIDDEN.values(), ids=FORBIDDEN.keys())
async def test_redirect_to_forbidden_destination_is_refused(
    server: LocalServer, trap: LocalServer, trap6: LocalServer, tripwire: list[str],
    make_fetcher, template: str,
) -> None:
    target = _target(template, server, trap, trap6)
    server.routes["/article"] = Reply(302, b"", {"Location": target})
    with pytest.raises(FetchError) as err:
        await make_fetcher(resolver=resolve).fetch(server.url("/article"))
    assert err.value.kind == "ssrf" and err.value.reason.startswith("refused")
    assert err.value.permanent
    assert server.paths()[-1] == "/article"  # the allowed host itself was fetched
    _assert_untouched(server, trap, trap6, tripwire)


@pytest.mark.parametrize("template", FORBIDDEN.values(), ids=FORBIDDEN.keys())
async def test_linked_forbidden_url_is_refused(
    server: LocalServer, trap: LocalServer, trap6: LocalServer, tripwire: list[str],
    make_fetcher, template: str,
) -> None:
    """A feed entry pointing straight at a forbidden URL (what a hostile feed would do)."""
    with pytest.raises(FetchError) as err:
        await make_fetcher(resolver=resolve).fetch(_target(template, server, trap, trap6))
    assert err.value.kind == "ssrf"
    _assert_untouched(server, trap, trap6, tripwire)
    assert tripwire == []


async def test_refusal_names_the_address(server: LocalServer, make_fetcher, tripwire) -> None:
    fetcher = make_fetcher(resolver=resolve)
    with pytest.raises(FetchError) as literal:
        await fetcher.fetch("http://2130706434/x")
    assert literal.value.reason == "refused: 2130706434 (127.0.0.2) is loopback"
    with pytest.raises(FetchError) as named:
        await fetcher.fetch("http://metadata.test/x")
    assert named.value.reason == "refused: metadata.test (169.254.169.254) is link-local"
    with pytest.raises(FetchError) as cgnat:
        await fetcher.fetch("http://100.100.1.1/x")
    assert "carrier-grade NAT" in cgnat.value.reason


async def test_allowed_names_connect_to_the_checked_address(
    server: LocalServer, make_fetcher, tripwire
) -> None:
    server.routes["/ok"] = Reply(200, b"fine")
    fetcher = make_fetcher(resolver=resolve)
    page = await fetcher.fetch(f"http://news.test:{server.port}/ok")
    assert page.body == b"fine"
    assert server.requests[-1].headers["host"] == f"news.test:{server.port}"
    # Of a name with a private and an allowed address, only the allowed one is used.
    page = await fetcher.fetch(f"http://dual.test:{server.port}/ok")
    assert page.body == b"fine" and set(tripwire) == {"127.0.0.1"}


async def test_every_connection_is_checked_again(
    server: LocalServer, trap: LocalServer, make_fetcher, tripwire
) -> None:
    """DNS rebinding: the name first resolves to the allowed address, then to a private
    one; the second connection is refused although the name was fine a moment ago."""
    answers = iter([["127.0.0.1"], ["127.0.0.2"]])
    server.routes["/ok"] = Reply(200, b"fine")
    fetcher = make_fetcher(resolver=lambda host: next(answers), obey_robots=False)
    assert (await fetcher.fetch(f"http://rebind.test:{server.port}/ok")).body == b"fine"
    with pytest.raises(FetchError) as err:
        await fetcher.fetch(f"http://rebind.test:{trap.port}/ok")
    assert err.value.kind == "ssrf" and "127.0.0.2" in err.value.reason
    assert trap.connections == 0 and set(tripwire) == {"127.0.0.1"}


async def test_allow_list_by_host_name(tmp_path, make_fetcher) -> None:
    """SVODKA_FETCH_ALLOW may name a host (the demo's sample web), whatever its address."""
    other = await LocalServer("127.0.0.2").start()
    try:
        other.routes["/x"] = Reply(200, b"sample web")
        settings = Settings(data_dir=tmp_path, fetch_allow=["sample.local"])
        fetcher = make_fetcher(settings=settings, resolver=lambda h: ["127.0.0.2"])
        page = await fetcher.fetch(f"http://sample.local:{other.port}/x")
        assert page.body == b"sample web"
        with pytest.raises(FetchError):  # the address itself is still not allowed
            await fetcher.fetch(f"http://127.0.0.2:{other.port}/x")
    finally:
        await other.stop()


CERT_SLACK = dt.timedelta(days=365)


def _self_signed(host: str, tmp_path) -> tuple[str, str]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, host)])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        # A year either side: valid whatever the date, and across a clock skew between Python's
        # clock and OpenSSL's (a test run with its clock moved).
        .not_valid_before(now - CERT_SLACK).not_valid_after(now + CERT_SLACK)
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(host)]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ))
    return str(cert_path), str(key_path)


async def test_https_keeps_sni_and_certificate_check(tmp_path, make_fetcher, tripwire) -> None:
    """TLS to a pinned address still sends the host name (SNI) and verifies it."""
    import asyncio

    pytest.importorskip("cryptography")
    cert, key = _self_signed("secure.test", tmp_path)
    server_ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_ctx.load_cert_chain(cert, key)
    seen_sni: list[str | None] = []
    server_ctx.sni_callback = lambda sock, name, ctx: seen_sni.append(name)
    srv = LocalServer("127.0.0.1")
    srv.routes["/ok"] = Reply(200, b"secure")
    tls = await asyncio.start_server(srv._handle, "127.0.0.1", 0, ssl=server_ctx)
    port = tls.sockets[0].getsockname()[1]
    try:
        client_ctx = ssl.create_default_context(cafile=cert)
        fetcher = make_fetcher(resolver=lambda h: ["127.0.0.1"], verify=client_ctx)
        page = await fetcher.fetch(f"https://secure.test:{port}/ok")
        assert page.body == b"secure"
        assert set(seen_sni) == {"secure.test"}
        assert srv.requests[-1].headers["host"] == f"secure.test:{port}"
        wrong_name = make_fetcher(resolver=lambda h: ["127.0.0.1"], verify=client_ctx,
                                  obey_robots=False)
        with pytest.raises(FetchError) as err:  # the certificate is not for this name
            await wrong_name.fetch(f"https://other.test:{port}/ok")
        assert err.value.kind == "connect"
    finally:
        tls.close()
        await tls.wait_closed()


async def test_resolver_failures_and_stalls(make_fetcher, tripwire) -> None:
    import asyncio

    def unknown(host: str) -> list[str]:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    async def stalled(host: str) -> list[str]:
        await asyncio.sleep(10)
        return ["127.0.0.1"]

    with pytest.raises(FetchError) as err:
        await make_fetcher(resolver=unknown).fetch("http://nowhere.test/")
    assert err.value.kind == "connect" and "cannot resolve nowhere.test" in err.value.reason
    slow = make_fetcher(resolver=stalled, timeout=Timeouts(connect=0.3, read=1, total=3))
    with pytest.raises(FetchError) as err:
        await slow.fetch("http://slow-dns.test/")
    assert err.value.kind == "timeout" and err.value.retry_after is not None
    assert tripwire == []
