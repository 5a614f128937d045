"""The monitor: AMI, host and router probes folded into one status snapshot."""
