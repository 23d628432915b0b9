"""The SSRF guard's address rules, checked against the C library's own inet_aton."""

from __future__ import annotations

import ipaddress
import socket

import pytest
from hypothesis import given
from hypothesis import strategies as st

from svodka.fetch.ssrf import AddressPolicy, SSRFRefused, forbidden_reason, parse_ip_host


@pytest.mark.parametrize(("host", "ip"), [
    ("2130706433", "127.0.0.1"),
    ("0x7f000001", "127.0.0.1"),
    ("0177.0.0.1", "127.0.0.1"),
    ("0x7f.1", "127.0.0.1"),
    ("127.1", "127.0.0.1"),
    ("10.1", "10.0.0.1"),
    ("0", "0.0.0.0"),
    ("127.0.0.1.", "127.0.0.1"),
    ("[::1]", "::1"),
    ("[fe80::1%25eth0]", "fe80::1"),
    ("::ffff:10.0.0.1", "::ffff:10.0.0.1"),
])
def test_numeric_hosts_are_recognised(host: str, ip: str) -> None:
    assert parse_ip_host(host) == ipaddress.ip_address(ip)


@pytest.mark.parametrize("host", ["example.com", "1e100.net", "123.example", "08.0.0.1",
                                  "256.256.256.256", "1.2.3.4.5", "", "0x", "4294967296"])
def test_names_are_not_addresses(host: str) -> None:
    assert parse_ip_host(host) is None


def _legacy_form(octets: list[int], bases: list[str], parts: int) -> str:
    value = int.from_bytes(bytes(octets), "big")
    widths = {1: [4], 2: [1, 3], 3: [1, 1, 2], 4: [1, 1, 1, 1]}[parts]
    numbers, shift = [], 32
    for w in widths:
        shift -= 8 * w
        numbers.append((value >> shift) & ((1 << (8 * w)) - 1))
    fmt = {"d": str, "o": lambda n: "0" + oct(n)[2:], "x": hex}
    return ".".join(fmt[b](n) for b, n in zip(bases, numbers, strict=False))


@given(st.lists(st.integers(0, 255), min_size=4, max_size=4),
       st.lists(st.sampled_from("dox"), min_size=4, max_size=4), st.integers(1, 4))
def test_parser_agrees_with_inet_aton(octets: list[int], bases: list[str], parts: int) -> None:
    host = _legacy_form(octets, bases, parts)
    expected = ipaddress.IPv4Address(socket.inet_aton(host))
    assert parse_ip_host(host) == expected == ipaddress.IPv4Address(bytes(octets))


@pytest.mark.parametrize(("ip", "reason"), [
    ("127.0.0.2", "loopback"), ("10.0.0.1", "private"), ("172.16.5.4", "private"),
    ("192.168.1.1", "private"), ("169.254.169.254", "link-local"), ("224.0.0.1", "multicast"),
    ("100.64.0.1", "carrier-grade NAT"), ("0.0.0.0", "unspecified"), ("240.0.0.1", "reserved"),
    ("::1", "loopback"), ("::", "unspecified"), ("fe80::1", "link-local"), ("fc00::1", "private"),
    ("ff02::1", "multicast"), ("::ffff:192.168.0.1", "private (embedded in ::ffff:c0a8:1)"),
    ("2002:7f00:1::", "loopback (embedded in 2002:7f00:1::)"), ("64:ff9b::a00:1", "private"),
    ("198.18.0.1", "private"), ("192.0.2.1", "private"), ("fec0::1", "site-local"),
    ("2001:0:4136:e378:8000:63bf:3fff:fdd2", "Teredo"), ("255.255.255.255", "reserved"),
])
def test_forbidden_addresses(ip: str, reason: str) -> None:
    assert (forbidden_reason(ipaddress.ip_address(ip)) or "").startswith(reason)


@pytest.mark.parametrize("ip", ["8.8.8.8", "93.184.216.34", "2a00:1450:4001:80b::200e",
                                "::ffff:8.8.8.8"])
def test_public_addresses_pass(ip: str) -> None:
    assert forbidden_reason(ipaddress.ip_address(ip)) is None


def test_allow_list_forms() -> None:
    policy = AddressPolicy(["127.0.0.1", "10.20.0.0/16", "Sample.Local", "[::1]"])
    policy.check_ip(ipaddress.ip_address("127.0.0.1"))
    policy.check_ip(ipaddress.ip_address("10.20.3.4"))
    policy.check_ip(ipaddress.ip_address("::1"))
    policy.check_ip(ipaddress.ip_address("192.168.0.1"), host="sample.local.")
    for bad in ("127.0.0.2", "10.21.0.1"):
        with pytest.raises(SSRFRefused):
            policy.check_ip(ipaddress.ip_address(bad))
    with pytest.raises(SSRFRefused, match=r"2130706434 \(127\.0\.0\.2\) is loopback"):
        policy.check_url_host("2130706434")


async def test_resolution_keeps_only_allowed_addresses() -> None:
    policy = AddressPolicy(["127.0.0.1"], resolver=lambda h: ["10.0.0.1", "127.0.0.1", "8.8.8.8"])
    assert [str(a) for a in await policy.resolve("mixed.test", 80)] == ["127.0.0.1", "8.8.8.8"]
    only_private = AddressPolicy([], resolver=lambda h: ["10.0.0.1", "fd00::1"])
    with pytest.raises(SSRFRefused, match=r"mixed\.test \(10\.0\.0\.1\) is private"):
        await only_private.resolve("mixed.test", 80)

    async def async_resolver(host: str) -> list[str]:
        return ["192.168.7.7"]

    with pytest.raises(SSRFRefused):
        await AddressPolicy([], resolver=async_resolver).resolve("lan.test", 80)
