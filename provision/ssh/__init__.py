"""Reaching a customer's box over SSH before Ansible does: host keys, a probe, advice.

The probe (`probe.read_os_release`) runs one command with the same options Ansible will
use, so a wrong key, an unknown host key or a closed port is reported with the exact
command that fixes it, before any task runs.
"""
