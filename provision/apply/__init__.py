"""Provisioning: render, lint, and run the playbook against a target."""

from provision.apply.pipeline import ApplyFailed, apply, apply_prepared, prepare
from provision.apply.summary import Summary

__all__ = ["ApplyFailed", "Summary", "apply", "apply_prepared", "prepare"]
