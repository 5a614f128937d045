"""A RouterOS API *simulator* for tests and the lab: no real MikroTik router runs here.

It speaks the RouterOS API wire protocol exactly as librouteros does (length-encoded
words, /login, print with .proplist and queries, add/set/remove/move, !re/!done/!trap),
keeps the configuration tree of the menus Tamas uses, pretends to be RouterOS v6 or v7
and a given model, runs /system scheduler entries on a (scalable) clock, and can be
told to fail: drop the connection after N writes, or refuse a command with a !trap.
"""

from provision.lab.routeros_sim.server import Simulator, SimulatorOptions

__all__ = ["Simulator", "SimulatorOptions"]
