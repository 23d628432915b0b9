"""The SSRF guard: which addresses the fetcher may connect to, checked at connect time.

``AddressPolicy`` decides per address (and per host name for the allow-list).
``GuardedBackend`` is an httpcore network backend that resolves every host itself,
refuses forbidden addresses and connects to the very address it checked, so a DNS
answer cannot change between the check and the connection. TLS still uses the host
name (SNI and certificate check), because httpcore starts TLS with the URL's host.
"""

from __future__ import annotations

import asyncio
import inspect
import ipaddress
import re
import socket
from collections.abc import Awaitable, Callable, Iterable
from contextlib import nullcontext
from typing import Any

import anyio
import httpcore

__all__ = ["AddressPolicy", "GuardedBackend", "Resolver", "SSRFRefused", "parse_ip_host"]

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
# A resolver maps a host name to its addresses (sync or async); tests plug in their own.
Resolver = Callable[[str], "Iterable[str] | Awaitable[Iterable[str]]"]

_CGNAT = ipaddress.ip_network("100.64.0.0/10")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


class SSRFRefused(Exception):
    """A destination the guard will not connect to."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _inet_aton_part(part: str) -> int | None:
    if not part:
        return None
    try:
        if part[:2].lower() == "0x":
            return int(part[2:], 16) if part[2:] else None
        if len(part) > 1 and part[0] == "0":
            return int(part[1:], 8)
        return int(part, 10) if part.isdigit() else None
    except ValueError:
        return None


def _parse_legacy_ipv4(host: str) -> ipaddress.IPv4Address | None:
    """inet_aton's forms: "2130706433", "0x7f.1", "0177.0.0.1", "127.1"."""
    parts = host.split(".")
    if not 1 <= len(parts) <= 4:
        return None
    values = [_inet_aton_part(p) for p in parts]
    if any(v is None for v in values):
        return None
    nums: list[int] = [v for v in values if v is not None]
    *head, last = nums
    if any(v > 255 for v in head) or last >= 256 ** (5 - len(nums)):
        return None
    value = last
    for i, v in enumerate(head):
        value |= v << (8 * (3 - i))
    return ipaddress.IPv4Address(value)


def parse_ip_host(host: str) -> IPAddress | None:
    """The IP address a URL host denotes, in any encoding a resolver would accept, else None."""
    h = host.strip().rstrip(".").lower()
    if h.startswith("[") and h.endswith("]"):
        h = h[1:-1]
    h = h.split("%", 1)[0]  # IPv6 zone id
    try:
        return ipaddress.ip_address(h)
    except ValueError:
        pass
    return _parse_legacy_ipv4(h) if h and h[0].isdigit() else None


def forbidden_reason(ip: IPAddress) -> str | None:
    """Why ``ip`` is not a public destination, or None if it is."""
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour
        if embedded is None and ip in _NAT64:
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None:
            inner = forbidden_reason(embedded)
            return f"{inner} (embedded in {ip})" if inner else None
        if ip.teredo:
            return "Teredo"
    checks = (
        ("unspecified", ip.is_unspecified),
        ("loopback", ip.is_loopback),
        ("link-local", ip.is_link_local),
        ("multicast", ip.is_multicast),
        ("carrier-grade NAT", isinstance(ip, ipaddress.IPv4Address) and ip in _CGNAT),
        ("site-local", isinstance(ip, ipaddress.IPv6Address) and ip.is_site_local),
        ("reserved", ip.is_reserved),
        ("private", ip.is_private),
        ("not globally routable", not ip.is_global),
    )
    return next((label for label, hit in checks if hit), None)


# "host:port", "1.2.3.4:port" or "[::1]:port" (a bare IPv6 address has colons but no brackets).
_ENDPOINT = re.compile(r"^\[?([^\[\]:]+|[0-9a-fA-F:.]+(?=\]))\]?:(\d{1,5})$")


class AddressPolicy:
    """Public addresses pass; private ones only when the allow-list names them.

    ``allow`` holds host names (allowed whatever they resolve to), IPs and CIDR ranges, and
    endpoints ``host:port`` / ``ip:port`` / ``[ipv6]:port`` allowed on that port only (so that
    `svodka demo` reaches its own sample web and no other service on the machine).
    """

    def __init__(self, allow: Iterable[str] = (), resolver: Resolver | None = None) -> None:
        self.allowed_hosts: set[str] = set()
        self.allowed_nets: list[ipaddress.IPv4Network | ipaddress.IPv6Network] = []
        self.allowed_endpoints: set[tuple[str, int]] = set()
        for item in allow:
            item = item.strip()
            if not item:
                continue
            endpoint = _ENDPOINT.match(item)
            if endpoint:
                name = endpoint.group(1).lower().rstrip(".")
                literal = parse_ip_host(name)
                self.allowed_endpoints.add((str(literal) if literal else name,
                                            int(endpoint.group(2))))
                continue
            try:
                self.allowed_nets.append(ipaddress.ip_network(item.strip("[]"), strict=False))
            except ValueError:
                self.allowed_hosts.add(item.lower().rstrip("."))
        self._resolver = resolver

    def check_ip(self, ip: IPAddress, host: str | None = None, port: int | None = None) -> None:
        """Raise SSRFRefused unless ``ip`` may be connected to (on ``port``, when given)."""
        if host is not None and host.lower().rstrip(".") in self.allowed_hosts:
            return
        if port is not None and self.allowed_endpoints and (
                (str(ip), port) in self.allowed_endpoints
                or (host is not None and (host.lower().rstrip("."), port) in self.allowed_endpoints)):
            return
        if any(ip.version == net.version and ip in net for net in self.allowed_nets):
            return
        reason = forbidden_reason(ip)
        if reason:
            shown = f"{host} ({ip})" if host and host.strip("[]").lower() != str(ip) else str(ip)
            raise SSRFRefused(f"refused: {shown} is {reason}")

    def check_url_host(self, host: str, port: int | None = None) -> None:
        """Early check of a URL's host: IP literals in any encoding are judged without DNS."""
        ip = parse_ip_host(host)
        if ip is not None:
            self.check_ip(ip, host, port)

    async def resolve(self, host: str, port: int) -> list[IPAddress]:
        """The addresses of ``host`` that may be connected to (SSRFRefused if none)."""
        literal = parse_ip_host(host)
        if literal is not None:
            self.check_ip(literal, host, port)
            return [literal]
        names = await self._lookup(host, port)
        allowed: list[IPAddress] = []
        refusal: SSRFRefused | None = None
        for name in names:
            ip = parse_ip_host(name)
            if ip is None:
                continue
            try:
                self.check_ip(ip, host, port)
            except SSRFRefused as exc:
                refusal = refusal or exc
                continue
            if ip not in allowed:
                allowed.append(ip)
        if not allowed:
            raise refusal or SSRFRefused(f"refused: {host} has no usable address")
        return allowed

    async def _lookup(self, host: str, port: int) -> list[str]:
        try:
            if self._resolver is not None:
                result: Any = self._resolver(host)
                if inspect.isawaitable(result):
                    result = await result
                return [str(a) for a in result]
            loop = asyncio.get_running_loop()
            infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except OSError as exc:
            detail = exc.strerror or str(exc)
            raise httpcore.ConnectError(f"cannot resolve {host}: {detail}") from exc
        return [str(info[4][0]) for info in infos]


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """httpcore backend that connects only to addresses the policy has just approved."""

    def __init__(self, policy: AddressPolicy) -> None:
        self.policy = policy
        self._inner = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        try:
            with anyio.fail_after(timeout) if timeout else nullcontext():
                addresses = await self.policy.resolve(host, port)
        except TimeoutError as exc:
            raise httpcore.ConnectTimeout(f"resolving {host} timed out") from exc
        last: Exception | None = None
        for ip in addresses:
            try:
                return await self._inner.connect_tcp(
                    str(ip), port, timeout=timeout, local_address=local_address,
                    socket_options=socket_options,
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last = exc
        assert last is not None
        raise last

    async def connect_unix_socket(self, *args: Any, **kwargs: Any) -> httpcore.AsyncNetworkStream:
        raise SSRFRefused("refused: unix sockets are not fetched")

    async def sleep(self, seconds: float) -> None:
        await anyio.sleep(seconds)

