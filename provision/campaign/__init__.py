"""Outbound campaigns: a list of numbers dialed progressively through the lines into a
queue of agents (a number is dialed only when an agent of the queue is free)."""
