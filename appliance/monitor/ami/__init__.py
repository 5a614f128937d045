"""A small asyncio client for Asterisk's manager interface (AMI) and the state it keeps.

Why our own client and not panoramisk: panoramisk's last release (1.4) is from 2021 and
its API predates today's asyncio; what we need is small (framing by blank line,
ActionID correlation, event lists, event fan-out) and the reconnect behaviour is ours
to decide (mark the source down with the reason, back off, fetch full state again).
"""
