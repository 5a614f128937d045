"""The addresses inside one lab's loopback block (pure: a block number in, addresses out)."""

from __future__ import annotations

from dataclasses import dataclass

SSH_PORT = 2222
ROUTER_API_PORT = 8728


@dataclass(frozen=True)
class LabAddresses:
    """127.N.0.x: .2 the appliance, .4 the router simulator, .20+i providers, .100+n phones."""

    block: int

    def _at(self, host: int) -> str:
        if not 1 <= host <= 254:
            raise ValueError(f"host part {host} is outside 1..254")
        return f"127.{self.block}.0.{host}"

    @property
    def network(self) -> str:
        return f"127.{self.block}.0.0/24"

    @property
    def appliance(self) -> str:
        return self._at(2)

    @property
    def router(self) -> str:
        return self._at(4)

    def provider(self, index: int) -> str:
        """The SIPp that plays city line `index` (0-based, as in profile.lines)."""
        if not 0 <= index < 80:
            raise ValueError("a lab has room for 80 lines (.20 to .99)")
        return self._at(20 + index)

    def phone(self, index: int) -> str:
        """The SIPp that plays phone `index` (0-based)."""
        if not 0 <= index < 155:
            raise ValueError("a lab has room for 155 phones (.100 to .254)")
        return self._at(100 + index)
