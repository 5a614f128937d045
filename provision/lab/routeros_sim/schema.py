"""The menus the simulator knows, their fields, and a fresh router's rows for v6 and v7.

Only the menus Tamas reads or writes are modelled. Fields are checked like RouterOS
does ("unknown parameter"), so a client that sends a v7 field to a v6 router (the NTP
client's `servers` against v6's `primary-ntp`) gets the same !trap a real one would.
"""

from __future__ import annotations

from dataclasses import dataclass, field

_RULE_FIELDS = frozenset({
    "chain", "action", "protocol", "src-address", "dst-address", "src-port", "dst-port",
    "port", "src-address-list", "dst-address-list", "in-interface", "out-interface",
    "in-interface-list", "out-interface-list", "connection-state", "new-dscp",
    "new-packet-mark", "packet-mark", "passthrough", "dscp", "to-addresses", "to-ports",
    "log", "log-prefix", "comment", "disabled",
})
BOOLEAN_FIELDS = frozenset({
    "disabled", "enabled", "passthrough", "log", "dynamic", "running", "vlan-filtering",
    "sip-direct-media", "dont-require-permissions", "invalid", "broadcast", "multicast",
    "manycast", "routerboard",
})


@dataclass(frozen=True)
class Menu:
    single: bool = False  # one settings row without .id (e.g. /system/ntp/client)
    fields: frozenset[str] = frozenset()
    required: tuple[str, ...] = ()
    defaults: dict[str, str] = field(default_factory=dict)
    read_only: bool = False
    unique: str | None = None  # a field no two rows may share


def menus(major: int) -> dict[str, Menu]:
    """Every menu of a RouterOS `major` version (6 or 7) that the simulator serves."""
    if major == 6:
        ntp_client = Menu(single=True, fields=frozenset(
            {"enabled", "primary-ntp", "secondary-ntp", "server-dns-names", "mode"}))
    else:
        ntp_client = Menu(single=True, fields=frozenset({"enabled", "servers", "mode", "vrf"}))
    table: dict[str, Menu] = {
        "/system/resource": Menu(single=True, read_only=True),
        "/system/routerboard": Menu(single=True, read_only=True),
        "/system/identity": Menu(single=True, fields=frozenset({"name"})),
        "/system/ntp/client": ntp_client,
        "/system/scheduler": Menu(
            fields=frozenset({"name", "start-time", "start-date", "interval", "on-event",
                              "policy", "disabled", "comment"}),
            required=("name",), unique="name",
            defaults={"start-time": "startup", "interval": "0s", "on-event": "",
                      "disabled": "false", "run-count": "0"}),
        "/system/script": Menu(
            fields=frozenset({"name", "source", "policy", "comment", "dont-require-permissions"}),
            required=("name",), unique="name",
            defaults={"source": "", "dont-require-permissions": "false", "run-count": "0"}),
        "/ip/service": Menu(fields=frozenset({"port", "disabled", "address", "certificate"})),
        "/ip/firewall/service-port": Menu(fields=frozenset(
            {"ports", "disabled", "sip-direct-media", "sip-timeout"})),
        "/ip/firewall/filter": Menu(fields=_RULE_FIELDS, required=("chain",),
                                    defaults={"action": "accept", "disabled": "false"}),
        "/ip/firewall/nat": Menu(fields=_RULE_FIELDS, required=("chain",),
                                 defaults={"action": "accept", "disabled": "false"}),
        "/ip/firewall/mangle": Menu(fields=_RULE_FIELDS, required=("chain",),
                                    defaults={"action": "accept", "disabled": "false"}),
        "/ip/firewall/address-list": Menu(
            fields=frozenset({"list", "address", "comment", "disabled", "timeout"}),
            required=("list", "address"), defaults={"disabled": "false", "dynamic": "false"}),
        "/ip/address": Menu(fields=frozenset({"address", "interface", "network", "comment",
                                              "disabled"}), required=("address", "interface")),
        "/ip/dhcp-server": Menu(fields=frozenset({"name", "interface", "address-pool",
                                                 "lease-time", "disabled"})),
        "/ip/dhcp-server/network": Menu(
            fields=frozenset({"address", "gateway", "dns-server", "ntp-server", "dhcp-option",
                              "domain", "netmask", "comment"}),
            required=("address",), unique="address"),
        "/ip/dhcp-server/option": Menu(
            fields=frozenset({"name", "code", "value", "comment"}),
            required=("name", "code"), unique="name"),
        "/ip/dhcp-server/lease": Menu(
            fields=frozenset({"address", "mac-address", "server", "comment", "disabled"}),
            required=("address", "mac-address"),
            defaults={"dynamic": "false", "disabled": "false", "server": "all"}),
        "/queue/tree": Menu(
            fields=frozenset({"name", "parent", "packet-mark", "priority", "max-limit",
                              "limit-at", "queue", "comment", "disabled"}),
            required=("name", "parent"), unique="name",
            defaults={"priority": "8", "max-limit": "0", "disabled": "false"}),
        "/queue/simple": Menu(
            fields=frozenset({"name", "target", "max-limit", "priority", "packet-marks",
                              "queue", "comment", "disabled"}),
            required=("name", "target"), unique="name",
            defaults={"priority": "8/8", "disabled": "false"}),
        "/interface": Menu(fields=frozenset({"disabled", "comment", "mtu"})),
        "/interface/bridge": Menu(fields=frozenset({"name", "vlan-filtering", "comment"})),
        "/interface/vlan": Menu(
            fields=frozenset({"name", "vlan-id", "interface", "comment", "disabled", "mtu"}),
            required=("name", "vlan-id", "interface"), unique="name",
            defaults={"disabled": "false", "mtu": "1500"}),
    }
    if major >= 7:
        # v7 carries an NTP server in the system package; v6 needs the extra ntp package.
        table["/system/ntp/server"] = Menu(single=True, fields=frozenset(
            {"enabled", "broadcast", "multicast", "manycast"}))
    return table


def fresh_rows(major: int, version: str, model: str, code: str, arch: str,
               ram_mb: int) -> dict[str, list[dict[str, str]]]:
    """A router as it leaves MikroTik's default configuration (the parts we model)."""
    total = str(ram_mb * 1024 * 1024)
    unset = "0.0.0.0"  # noqa: S104 - RouterOS shows an unset NTP server this way
    ntp = ({"enabled": "false", "primary-ntp": unset, "secondary-ntp": unset,
            "server-dns-names": "", "mode": "unicast"} if major == 6
           else {"enabled": "false", "servers": "", "mode": "unicast", "vrf": "main"})
    rows: dict[str, list[dict[str, str]]] = {
        "/system/resource": [{
            "version": version, "board-name": model, "architecture-name": arch,
            "cpu-load": "3", "free-memory": str(ram_mb * 1024 * 1024 * 2 // 3),
            "total-memory": total, "uptime": "1d2h3m4s", "cpu-count": "1",
            "platform": "MikroTik",
        }],
        "/system/routerboard": [{
            "routerboard": "true", "model": code, "serial-number": "SIM000000001",
            "current-firmware": version.split(" ")[0],
        }],
        "/system/identity": [{"name": "MikroTik"}],
        "/system/ntp/client": [ntp],
        "/ip/service": [
            {"name": name, "port": port, "disabled": "false", "address": "", "certificate": ""}
            for name, port in (("telnet", "23"), ("ftp", "21"), ("www", "80"), ("ssh", "22"),
                               ("www-ssl", "443"), ("api", "8728"), ("winbox", "8291"),
                               ("api-ssl", "8729"))
        ],
        "/ip/firewall/service-port": [
            {"name": "ftp", "ports": "21", "disabled": "false"},
            {"name": "tftp", "ports": "69", "disabled": "false"},
            {"name": "h323", "disabled": "false"},
            {"name": "sip", "ports": "5060,5061", "disabled": "false",
             "sip-direct-media": "true", "sip-timeout": "1h"},
            {"name": "pptp", "disabled": "false"},
        ],
        "/ip/firewall/filter": [
            {"chain": "input", "action": "accept",
             "connection-state": "established,related,untracked",
             "comment": "defconf: accept established,related,untracked"},
            {"chain": "input", "action": "drop", "in-interface-list": "!LAN",
             "comment": "defconf: drop all not coming from LAN"},
            {"chain": "forward", "action": "accept",
             "connection-state": "established,related,untracked",
             "comment": "defconf: accept established,related, untracked"},
            {"chain": "forward", "action": "drop", "connection-state": "new",
             "in-interface-list": "WAN", "comment": "defconf: drop all from WAN not DSTNATed"},
        ],
        "/ip/firewall/nat": [
            {"chain": "srcnat", "action": "masquerade", "out-interface-list": "WAN",
             "comment": "defconf: masquerade"},
        ],
        "/ip/address": [{"address": "192.168.88.1/24", "interface": "bridge",
                         "network": "192.168.88.0", "comment": "defconf"}],
        "/ip/dhcp-server": [{"name": "defconf", "interface": "bridge",
                             "address-pool": "default-dhcp", "disabled": "false"}],
        "/ip/dhcp-server/network": [{"address": "192.168.88.0/24", "gateway": "192.168.88.1",
                                     "dns-server": "192.168.88.1", "comment": "defconf"}],
        "/interface": [
            {"name": f"ether{i}", "type": "ether", "mtu": "1500", "disabled": "false",
             "running": "true"} for i in range(1, 6)
        ] + [{"name": "bridge", "type": "bridge", "mtu": "auto", "disabled": "false",
              "running": "true"}],
        "/interface/bridge": [{"name": "bridge", "vlan-filtering": "false", "comment": "defconf"}],
    }
    if major >= 7:
        rows["/system/ntp/server"] = [{"enabled": "false", "broadcast": "false",
                                       "multicast": "false", "manycast": "false"}]
    return rows
