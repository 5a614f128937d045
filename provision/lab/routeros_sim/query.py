"""RouterOS API print queries: a small stack machine over `?` words.

`?name` has the field, `?-name` lacks it, `?=name=v` / `?<name=v` / `?>name=v` compare,
`?#!` negates, `?#|` / `?#&` combine the top two results (RouterOS API manual).
"""

from __future__ import annotations

from collections.abc import Callable

from provision.lab.routeros_sim.state import SimTrap, normal_value

Test = Callable[[dict[str, str]], bool]


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _compare(row_value: str | None, wanted: str, op: str) -> bool:
    if row_value is None:
        return False
    if op == "=":
        return row_value == wanted
    left, right = _number(row_value), _number(wanted)
    if left is None or right is None:
        return row_value < wanted if op == "<" else row_value > wanted
    return left < right if op == "<" else left > right


def _leaf(word: str) -> Test:
    body = word[1:]
    if body[:1] in ("=", "<", ">"):
        op, rest = body[0], body[1:]
        key, _, value = rest.partition("=")
        value = normal_value(key, value)
        return lambda row: _compare(row.get(key), value, op)
    if body.startswith("-"):
        key = body[1:]
        return lambda row: key not in row
    key, sep, value = body.partition("=")
    if sep:  # `?name=value` is the same as `?=name=value`
        value = normal_value(key, value)
        return lambda row: row.get(key) == value
    return lambda row: key in row


def compile_query(words: list[str]) -> Test:
    stack: list[Test] = []
    for word in words:
        if word.startswith("?#"):
            for op in word[2:]:
                if op == "!":
                    if not stack:
                        raise SimTrap("invalid query", 1)
                    inner = stack.pop()
                    stack.append(lambda row, t=inner: not t(row))
                elif op in "|&":
                    if len(stack) < 2:
                        raise SimTrap("invalid query", 1)
                    right, left = stack.pop(), stack.pop()
                    if op == "|":
                        stack.append(lambda row, a=left, b=right: a(row) or b(row))
                    else:
                        stack.append(lambda row, a=left, b=right: a(row) and b(row))
                elif op == ".":
                    stack.append(lambda row: True)
                else:
                    raise SimTrap("invalid query", 1)
        else:
            stack.append(_leaf(word))
    # What is left on the stack is and-ed together.
    return lambda row: all(test(row) for test in stack)
