"""Connect to a MikroTik router and read what it is; every failure becomes advice.

The password comes from the secrets store and is never part of a message.
"""

from __future__ import annotations

import ssl
from dataclasses import dataclass
from functools import partial

import librouteros
from librouteros.exceptions import ConnectionClosed, FatalError, LibRouterosError, TrapError

from appliance.catalogue import Catalogue
from appliance.errors import FieldProblem, InputError, ProfileError, RouterError
from appliance.profile.model import Router


class RouterLoginError(InputError):
    """The router refused the user name or password."""

    title = "router login refused"


@dataclass(frozen=True)
class RouterTarget:
    host: str
    port: int
    username: str
    password: str
    use_ssl: bool = False
    ca_cert: str | None = None
    timeout: float = 10.0

    @classmethod
    def from_profile(cls, router: Router, password: str, timeout: float = 10.0) -> RouterTarget:
        return cls(router.host, router.api_port, router.username, password, router.uses_ssl,
                   router.ca_cert, timeout)

    @property
    def where(self) -> str:
        return f"{self.host}:{self.port} ({'api-ssl' if self.use_ssl else 'api'})"


@dataclass(frozen=True)
class RouterFacts:
    version: str  # as the router says it, e.g. "7.16.2 (stable)"
    board: str  # board-name, e.g. "hAP lite"
    code: str  # routerboard model, e.g. "RB941-2nD"

    @property
    def major(self) -> int:
        return int(self.version.split(".")[0])


def _ssl_wrapper(target: RouterTarget):
    if target.ca_cert:
        context = ssl.create_default_context(cafile=target.ca_cert)
    else:
        # RouterOS api-ssl often runs on a self-made certificate; without a CA in the
        # profile the link is encrypted but not authenticated, and the docs say so.
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    return partial(context.wrap_socket, server_hostname=target.host)


def connect(target: RouterTarget) -> librouteros.Api:
    service = "api-ssl" if target.use_ssl else "api"
    kwargs = {"port": target.port, "timeout": target.timeout}
    if target.use_ssl:
        kwargs["ssl_wrapper"] = _ssl_wrapper(target)
    try:
        return librouteros.connect(target.host, target.username, target.password, **kwargs)
    except ConnectionRefusedError:
        raise RouterError(
            f"the router at {target.where} refused the connection: the RouterOS API service"
            f" is off or on another port. On the router run `/ip service enable {service}`"
            f" and check router.api_port in the profile.") from None
    except ssl.SSLCertVerificationError as exc:
        raise RouterError(
            f"the router at {target.where} showed a certificate that router.ca_cert does not"
            f" trust ({exc.verify_message}); give the CA that signed the router's certificate"
        ) from None
    except TimeoutError:
        raise RouterError(
            f"the router at {target.where} did not answer within {target.timeout:g}s: check"
            " router.host, that this machine is on the office LAN, and that"
            f" `/ip service set {service} address=` allows it") from None
    except (ConnectionClosed, FatalError, ConnectionResetError):
        raise RouterError(
            f"the router at {target.where} closed the connection before login: the"
            f" {service} service may be disabled or limited to other addresses;"
            f" check `/ip service print` on the router") from None
    except TrapError as exc:
        if "invalid user name or password" in str(exc) or "cannot log in" in str(exc):
            raise RouterLoginError(
                f"the router at {target.where} refused user {target.username!r} with the"
                " stored password: set the right one with `tamas secrets set PROFILE router`"
                " (and router.username in the profile)") from None
        raise RouterError(f"the router at {target.where} refused the login: {exc}") from None
    except OSError as exc:
        raise RouterError(
            f"cannot reach the router at {target.where}: {exc.strerror or exc}; check"
            " router.host and the network between this machine and the router") from None


def read_facts(api: librouteros.Api) -> RouterFacts:
    try:
        resource = next(iter(api.path("system", "resource")))
        board = next(iter(api.path("system", "routerboard")), {})
    except (TimeoutError, LibRouterosError, OSError) as exc:
        raise RouterError(f"could not read the router's version and model: {exc}") from None
    return RouterFacts(str(resource.get("version", "")), str(resource.get("board-name", "")),
                       str(board.get("model", "")))


def check_facts(facts: RouterFacts, router: Router, cat: Catalogue) -> None:
    """The router is the model the profile names and runs a RouterOS it supports."""
    wanted = cat.router(router.model)
    found = cat.router(facts.board) or cat.router(facts.code)
    if wanted is not None and found is not None and found.name != wanted.name:
        raise ProfileError("router", [FieldProblem(
            "router.model", f"the router at {router.host} is a {found.name} ({found.code});"
            f" set router.model: {found.name}", router.model)])
    if wanted is not None and facts.major not in wanted.routeros:
        raise ProfileError("router", [FieldProblem(
            "router.model", f"the {wanted.name} runs RouterOS {facts.version}, which Tamas"
            f" supports on it only as: {', '.join(f'v{v}' for v in wanted.routeros)};"
            " upgrade RouterOS (System > Packages > Check for updates)", router.model)])
    if facts.major not in (6, 7):
        raise RouterError(f"RouterOS {facts.version} is neither v6 nor v7; Tamas knows only those")
