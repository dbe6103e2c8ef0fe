"""The machine's own network addresses, to offer as the one the device server listens on.

Read from the network interfaces themselves (``ifaddr``: getifaddrs on Linux and macOS,
GetAdaptersAddresses on Windows); the address is never found by contacting an outside host,
which an offline venue does not have. IPv4 only: a QR code of ``http://192.168.137.1:…``
is what every phone opens, while IPv6 on hotspots is patchy.

Private LAN addresses (10/8, 172.16/12, 192.168/16 and the like) come first; loopback and
link-local (169.254/16, which Windows hands out when no DHCP answered) are left out, since
no other device can reach them.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass


@dataclass(frozen=True)
class Address:
    address: str
    interface: str
    """The interface's name as the system shows it (e.g. "Wi-Fi", "wlan0", "en0")."""
    private: bool
    """A private LAN address (what a hotspot or a venue's Wi-Fi hands out)."""

    @property
    def label(self) -> str:
        kind = "" if self.private else " — public address: anyone on that network can reach it"
        return f"{self.address} ({self.interface}){kind}"


def usable(address: str) -> bool:
    """Whether another device could reach this IPv4 address: not loopback, link-local,
    unspecified, multicast or reserved."""
    try:
        ip = ipaddress.IPv4Address(address)
    except ValueError:
        return False
    return not (ip.is_loopback or ip.is_link_local or ip.is_unspecified or ip.is_multicast or ip.is_reserved)


def sort_key(item: Address) -> tuple[int, str, str]:
    return (0 if item.private else 1, item.interface, item.address)


def network_addresses() -> list[Address]:
    """The machine's usable IPv4 addresses, private LAN addresses first."""
    import ifaddr  # only when the facilitator opens Devices

    found: dict[str, Address] = {}
    for adapter in ifaddr.get_adapters():
        name = adapter.nice_name or adapter.name
        for ip in adapter.ips:
            if not isinstance(ip.ip, str) or not usable(ip.ip):  # IPv6 comes as a tuple
                continue
            found.setdefault(ip.ip, Address(ip.ip, str(name), ipaddress.IPv4Address(ip.ip).is_private))
    return sorted(found.values(), key=sort_key)


__all__ = ["Address", "network_addresses", "sort_key", "usable"]
