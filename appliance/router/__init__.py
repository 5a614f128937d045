"""The office router's desired state and how to get there: pure data and logic.

Shared by `tamas router plan|apply|export`, the `tamas_router` Ansible module and the
rendered `mikrotik/` files. Nothing here talks to a router (see provision.router).
"""

from appliance.router.desired import DesiredState, Entry, Setting, desired_state
from appliance.router.plan import Change, Plan, make_plan

__all__ = ["Change", "DesiredState", "Entry", "Plan", "Setting", "desired_state", "make_plan"]
