"""The lab: a local Debian sid appliance on loopback addresses, the default target."""

from provision.lab.addresses import LabAddresses
from provision.lab.lab import Lab, LabNotPossible, LabStatus, lab_home

__all__ = ["Lab", "LabAddresses", "LabNotPossible", "LabStatus", "lab_home"]
