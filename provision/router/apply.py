"""Bring a router to the desired state with a rollback armed, so nobody is locked out.

Order: read -> plan -> arm rollback (script + scheduler) -> change -> fresh connection
-> disarm. A refused command rolls back at once over the same connection; a lost
connection leaves the armed scheduler to restore the router after `rollback_after`.
"""

from __future__ import annotations

from dataclasses import dataclass

import librouteros
from librouteros.exceptions import LibRouterosError, TrapError
from librouteros.protocol import cast_to_api

from appliance.errors import RouterError
from appliance.router.desired import DesiredState
from appliance.router.plan import Change, Plan, Snapshot, make_plan
from appliance.router.rollback import ROLLBACK_NAME, rollback_source
from provision.router.client import RouterFacts, RouterTarget, connect


@dataclass(frozen=True)
class ApplyResult:
    facts: RouterFacts
    plan: Plan
    applied: bool


def _path(api: librouteros.Api, menu: str) -> librouteros.api.Path:
    return api.path(*[part for part in menu.split("/") if part])


def read_snapshot(api: librouteros.Api, menus: list[str]) -> Snapshot:
    snapshot: Snapshot = {}
    for menu in menus:
        try:
            rows = list(_path(api, menu))
        except TrapError:
            rows = []  # a menu this version lacks (e.g. /system/ntp/server on v6)
        snapshot[menu] = [{k: cast_to_api(v) for k, v in row.items()} for row in rows]
    return snapshot


def _run(api: librouteros.Api, change: Change) -> None:
    path = _path(api, change.menu)
    ident = {".id": change.ref} if change.ref else {}
    if change.action == "add":
        extra = {"place-before": change.place_before} if change.place_before else {}
        path.add(**change.fields, **extra)
    elif change.action == "set":
        path.update(**ident, **change.fields)
    elif change.action == "remove":
        path.remove(change.ref or "")
    elif change.action == "make-static":
        tuple(path("make-static", **ident))


def _disarm(api: librouteros.Api) -> None:
    for menu in ("/system/scheduler", "/system/script"):
        path = _path(api, menu)
        ids = [r[".id"] for r in path if r.get("name") == ROLLBACK_NAME]
        if ids:
            path.remove(*ids)


def _arm(api: librouteros.Api, plan: Plan, rollback_after: str) -> None:
    _disarm(api)  # a stale rollback from an earlier interrupted run would undo this one
    _path(api, "/system/script").add(name=ROLLBACK_NAME, source=rollback_source(plan),
                                     comment="tamas: rollback")
    _path(api, "/system/scheduler").add(name=ROLLBACK_NAME, interval=rollback_after,
                                        **{"on-event": ROLLBACK_NAME, "comment": "tamas: rollback"})


def plan_router(api: librouteros.Api, desired: DesiredState) -> Plan:
    return make_plan(desired, read_snapshot(api, desired.menus()))


def apply_plan(target: RouterTarget, api: librouteros.Api, plan: Plan,
               rollback_after: str = "5m") -> None:
    """Apply `plan` on `api` (already connected), guarded by a rollback."""
    try:
        _arm(api, plan, rollback_after)
    except (LibRouterosError, OSError) as exc:
        raise RouterError(f"could not arm the rollback on {target.where}, nothing was"
                          f" changed: {exc}") from None
    done = 0
    try:
        for change in plan.changes:
            _run(api, change)
            done += 1
    except TrapError as exc:
        step = plan.changes[done].describe()
        try:
            tuple(_path(api, "/system/script")("run", number=ROLLBACK_NAME))
            restored = "rolled back to the previous state"
        except (LibRouterosError, OSError):
            restored = f"the armed rollback restores it within {rollback_after}"
        raise RouterError(f"the router refused a change ({step}): {exc}; {restored}") from None
    except (LibRouterosError, OSError) as exc:
        raise RouterError(
            f"lost the connection to {target.where} after {done} of {len(plan.changes)}"
            f" changes ({type(exc).__name__}); the router restores its previous state by"
            f" itself within {rollback_after} (scheduler {ROLLBACK_NAME}). Check the"
            " network, then run the apply again.") from None
    finally:
        api.close()
    # Only a fresh login proves the change did not lock us out; then disarm.
    fresh = connect(target)
    try:
        _disarm(fresh)
    finally:
        fresh.close()
