"""Planning an office: agents and lines (Erlang B, C, A), bandwidth, hardware checks."""

from appliance.plan.model import Finding, Plan
from appliance.plan.planner import plan

__all__ = ["Finding", "Plan", "plan"]
