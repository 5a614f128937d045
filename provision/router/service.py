"""The router steps `tamas router`, the Ansible module and `tamas apply` share."""

from __future__ import annotations

from appliance.catalogue import Catalogue, catalogue
from appliance.errors import FieldProblem, InputError, ProfileError
from appliance.profile.model import Profile
from appliance.router.desired import check_model, desired_state
from appliance.secrets import Secrets
from provision.render.site import Site, site_for
from provision.router.apply import ApplyResult, apply_plan, plan_router
from provision.router.client import RouterTarget, check_facts, connect, read_facts


def target_for(profile: Profile, secrets: Secrets, timeout: float = 10.0) -> RouterTarget:
    if profile.router is None:
        raise ProfileError("router", [FieldProblem("router", "the profile has no router section")])
    if not secrets.router:
        raise InputError("no router password is stored for this profile: run"
                         " `tamas secrets set PROFILE router` first")
    return RouterTarget.from_profile(profile.router, secrets.router, timeout)


def run(profile: Profile, secrets: Secrets, site: Site | None = None, *, change: bool,
        rollback_after: str = "5m", cat: Catalogue | None = None,
        timeout: float = 10.0) -> ApplyResult:
    """Read the router, plan, and (when `change`) apply with a rollback armed."""
    cat = cat or catalogue()
    check_model(profile, cat)  # before any connection: a profile error needs no router
    site = site or site_for(profile)
    target = target_for(profile, secrets, timeout)
    api = connect(target)
    try:
        facts = read_facts(api)
        assert profile.router is not None
        check_facts(facts, profile.router, cat)
        desired = desired_state(profile, site.address, site.provisioning_url, cat, facts.major)
        plan = plan_router(api, desired)
    except BaseException:
        api.close()
        raise
    if not change or not plan.changed:
        api.close()
        return ApplyResult(facts, plan, applied=False)
    apply_plan(target, api, plan, rollback_after)
    return ApplyResult(facts, plan, applied=True)
