"""The hardware profile: model, loading and cross-checks."""

from appliance.profile.load import load_profile, parse_profile
from appliance.profile.model import Profile

__all__ = ["Profile", "load_profile", "parse_profile"]
