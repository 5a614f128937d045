"""A small subset of the RouterOS scripting language: enough to run rollback scripts.

Lines look like `/ip firewall filter remove [find comment="tamas: x"]` or
`/system ntp client set enabled=no`. Supported: add, set, remove, make-static and
`/system script run NAME`; items by name or `[find [where] k="v" k~"re" ...]`;
`!field` unsets a field. The first failing line stops the script, as on RouterOS.
"""

from __future__ import annotations

import re

from provision.lab.routeros_sim.state import RouterState, SimTrap

COMMANDS = ("add", "set", "remove", "make-static", "run")


def tokens(line: str) -> list[str]:
    """Split on blanks, keeping "quoted strings" (with \\-escapes) and [brackets] whole."""
    out: list[str] = []
    word = ""
    depth = 0
    quoted = False
    i = 0
    while i < len(line):
        char = line[i]
        if quoted:
            if char == "\\" and i + 1 < len(line):
                word += char + line[i + 1]
                i += 2
                continue
            quoted = char != '"'
            word += char
        elif char == '"':
            quoted = True
            word += char
        elif char == "[":
            depth += 1
            word += char
        elif char == "]":
            depth -= 1
            word += char
        elif char.isspace() and depth == 0:
            if word:
                out.append(word)
            word = ""
        else:
            word += char
        i += 1
    if quoted or depth:
        raise SimTrap("syntax error (unclosed quote or bracket)", 1)
    if word:
        out.append(word)
    return out


def unquote(text: str) -> str:
    if len(text) >= 2 and text[0] == text[-1] == '"':
        body = text[1:-1]
        return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)),
                      body)
    return text


def _find(state: RouterState, path: str, expression: str) -> list[str]:
    inner = expression[1:-1].strip()
    if not inner.startswith("find"):
        raise SimTrap(f"unsupported expression {expression}", 1)
    conditions = tokens(inner[4:].strip())
    if conditions and conditions[0] == "where":
        conditions = conditions[1:]
    tests = []
    for condition in conditions:
        match = re.fullmatch(r"([\w.-]+)(=|~)(.*)", condition)
        if not match:
            raise SimTrap(f"unsupported condition {condition}", 1)
        tests.append((match.group(1), match.group(2), unquote(match.group(3))))
    found = []
    for row in state.rows[path]:
        ok = True
        for key, op, value in tests:
            have = row.get(key, "")
            ok = ok and (have == value if op == "=" else re.search(value, have) is not None)
        if ok:
            found.append(row[".id"])
    return found


def run_line(state: RouterState, line: str, scripts_seen: set[str]) -> None:
    words = tokens(line)
    if not words or not words[0].startswith("/"):
        raise SimTrap(f"unsupported script line: {line[:40]}", 1)
    path_parts = [words[0].strip("/")] if words[0] != "/" else []
    index = 1
    while index < len(words) and words[index] not in COMMANDS:
        path_parts.append(words[index])
        index += 1
    if index == len(words):
        raise SimTrap(f"no command in script line: {line[:40]}", 1)
    path = "/" + "/".join(p for part in path_parts for p in part.split("/") if p)
    command, args = words[index], words[index + 1:]
    refs: list[str] = []
    if command != "add" and args and (
            args[0].startswith("[") or ("=" not in args[0] and not args[0].startswith("!"))):
        target = args.pop(0)
        refs = _find(state, path, target) if target.startswith("[") else [unquote(target)]
    attrs: dict[str, str] = {}
    for arg in args:
        if arg.startswith("!"):
            attrs[arg[1:]] = ""
            continue
        key, sep, value = arg.partition("=")
        if not sep:
            raise SimTrap(f"expected key=value, got {arg}", 1)
        attrs[key] = unquote(value)
    if path == "/system/script" and command == "run":
        for ref in refs:
            run_script(state, state.find(path, ref)["name"], scripts_seen)
    elif command == "add":
        state.add(path, attrs)
    elif command == "set":
        if not refs and not state.menu(path).single:
            return  # `set [find ...]` matching nothing does nothing, as on RouterOS
        state.set(path, refs, attrs)
    elif command == "remove":
        if refs:
            state.remove(path, refs)
    elif command == "make-static":
        state.make_static(refs)


def run_source(state: RouterState, source: str, scripts_seen: set[str] | None = None) -> None:
    seen = scripts_seen if scripts_seen is not None else set()
    for raw in source.splitlines():
        line = raw.strip()
        if line and not line.startswith("#") and not line.startswith(":log"):
            run_line(state, line, seen)


def run_script(state: RouterState, name: str, scripts_seen: set[str]) -> None:
    if name in scripts_seen:
        raise SimTrap(f"script {name} calls itself", 1)
    scripts_seen.add(name)
    row = state.find("/system/script", name)
    row["run-count"] = str(int(row.get("run-count", "0")) + 1)
    run_source(state, row.get("source", ""), scripts_seen)


def run_event(state: RouterState, on_event: str) -> None:
    """A scheduler's on-event: a script's name, or script code."""
    names = {row.get("name") for row in state.rows["/system/script"]}
    if on_event.strip() in names:
        run_script(state, on_event.strip(), set())
    else:
        run_source(state, on_event)


_UNITS = {"w": 604800, "d": 86400, "h": 3600, "m": 60, "s": 1, "ms": 0.001}


def parse_duration(text: str) -> float:
    """RouterOS times: '5m', '1h30m', '00:05:00', '30s', '0s'."""
    text = text.strip()
    if re.fullmatch(r"\d+:\d{2}:\d{2}", text):
        hours, minutes, seconds = (int(p) for p in text.split(":"))
        return hours * 3600 + minutes * 60 + seconds
    parts = re.findall(r"(\d+(?:\.\d+)?)(ms|[wdhms])", text)
    if not parts or "".join(n + u for n, u in parts) != text:
        raise SimTrap(f"invalid time value {text}", 1)
    return sum(float(n) * _UNITS[u] for n, u in parts)
