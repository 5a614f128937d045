"""Phones in the lab: each desk phone fetches its file over HTTP as a phone would, the
account in it registers to the real Asterisk (SIPp), and `tamas phones list` sees both.

The office is the shop example plus a Fanvil and a Cisco SPA phone, so every vendor's
format is served and parsed here; the shop profile is applied back at the end.
"""

from __future__ import annotations

import http.client
import json
import re
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from appliance.catalogue import catalogue
from appliance.profile.load import load_profile
from appliance.profile.model import Phone
from appliance.secrets import Secrets, secrets_for, secrets_path_for
from provision.render.asterisk import codes
from tests.lab.conftest import SIPP_DIR, Applied, run_sipp, tamas

pytestmark = pytest.mark.lab

EXTRA_PHONES = [
    {"mac": "0c:38:3e:55:66:04", "vendor": "fanvil", "model": "X3S", "extension": 104,
     "name": "Ali"},
    {"mac": "00:1d:a2:77:88:05", "vendor": "cisco", "model": "SPA504G", "extension": 105,
     "name": "Nika"},
]
USER_AGENTS = {  # what each vendor's phone sends; the server must not care
    "yealink": "Yealink SIP-T31P 124.86.0.40", "grandstream": "Grandstream GXP1610 1.0.7.13",
    "fanvil": "Fanvil X3S 2.12.0", "cisco_spa": "Cisco/SPA504G-7.6.2f",
}


@dataclass
class Office:
    applied: Applied
    path: Path
    secrets: Secrets
    phones: list[Phone]  # desk phones only
    all_vendors_applied: bool = True

    def address_of(self, phone: Phone) -> str:
        return self.applied.lab.addresses.phone(phone.extension - 100)


@pytest.fixture(scope="module")
def office(applied_lab: Applied) -> Iterator[Office]:
    folder = applied_lab.profile_path.parent
    path = folder / "all-vendors.yaml"
    data = yaml.safe_load(applied_lab.profile_path.read_text())
    data["phones"] += EXTRA_PHONES
    data["queues"][0]["members"].append(104)  # an agent: its file carries the agent keys
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    # The shop's phones keep their passwords; the two new ones get theirs generated.
    shutil.copy(secrets_path_for(applied_lab.profile_path), secrets_path_for(path))
    profile = load_profile(path)
    secrets = secrets_for(profile, path)
    tamas("apply", str(path), "--target", "lab", "--lab", applied_lab.lab.name)
    the_office = Office(applied_lab, path, secrets, [p for p in profile.phones if p.mac])
    try:
        yield the_office
    finally:
        if the_office.all_vendors_applied:
            applied_lab.apply()  # the shop again, for the modules after this one


def fetch(office: Office, path: str, source: str, agent: str = "curl") -> tuple[int, str]:
    """GET from the appliance's web server, sent from `source` as a phone on the LAN would."""
    conn = http.client.HTTPConnection(
        office.applied.lab.addresses.appliance, 80, timeout=5, source_address=(source, 0))
    try:
        conn.request("GET", path, headers={"User-Agent": agent})
        reply = conn.getresponse()
        return reply.status, reply.read().decode("utf-8", errors="replace")
    finally:
        conn.close()


@dataclass
class Account:
    user: str
    auth_user: str
    password: str
    server: str
    port: int
    keys: list[str]  # numbers the phone's programmable keys dial


def _key_values(text: str, sep: str) -> dict[str, str]:
    found = {}
    for line in text.splitlines():
        if sep in line and not line.startswith(("#", "<")):
            key, _, value = line.partition(sep)
            found[key.strip()] = value.strip()
    return found


def parse_yealink(text: str) -> Account:
    kv = _key_values(text, "=")
    keys = [v for k, v in kv.items() if re.fullmatch(r"linekey\.\d+\.value", k)]
    return Account(kv["account.1.user_name"], kv["account.1.auth_name"],
                   kv["account.1.password"], kv["account.1.sip_server.1.address"],
                   int(kv["account.1.sip_server.1.port"]), keys)


def parse_fanvil(text: str) -> Account:
    kv = _key_values(text, ":")
    keys = [v.split("@")[0] for k, v in kv.items() if re.fullmatch(r"Fkey\d+ Value", k)]
    return Account(kv["SIP1 Register User"], kv["SIP1 Register User"],
                   kv["SIP1 Register Pswd"], kv["SIP1 Register Addr"],
                   int(kv["SIP1 Register Port"]), keys)


def parse_grandstream(text: str) -> Account:
    config = ET.fromstring(text).find("config")
    assert config is not None
    p = {child.tag: (child.text or "") for child in config}
    server, _, port = p["P47"].partition(":")
    keys = [p[f"P{1363 + 2 * i}"] for i in range(8) if f"P{1363 + 2 * i}" in p]
    return Account(p["P35"], p["P36"], p["P34"], server, int(port), keys)


def parse_cisco_spa(text: str) -> Account:
    root = ET.fromstring(text)
    p = {child.tag: (child.text or "") for child in root}
    server, _, port = p["Proxy_1_"].partition(":")
    keys = [re.search(r"ext=([^@;]+)", v).group(1)  # type: ignore[union-attr]
            for k, v in p.items() if k.startswith("Extended_Function_")]
    return Account(p["User_ID_1_"], p["User_ID_1_"], p["Password_1_"], server, int(port), keys)


PARSERS = {"yealink": parse_yealink, "fanvil": parse_fanvil,
           "grandstream": parse_grandstream, "cisco_spa": parse_cisco_spa}


def file_name(phone: Phone) -> tuple[str, str]:
    assert phone.vendor and phone.model and phone.mac
    model = catalogue().phone(phone.vendor, phone.model)
    assert model is not None
    return model.format, model.file_for(phone.mac)


def test_every_vendor_is_in_the_office(office: Office) -> None:
    assert {file_name(p)[0] for p in office.phones} == set(PARSERS)


def test_each_phone_fetches_its_file_and_it_holds_its_account(office: Office) -> None:
    lab = office.applied.lab
    agents = {m.extension for q in load_profile(office.path).queues for m in q.member_list}
    for phone in office.phones:
        kind, name = file_name(phone)
        status, text = fetch(office, f"/provisioning/{name}", office.address_of(phone),
                             USER_AGENTS[kind])
        assert status == 200, f"{name}: HTTP {status}"
        account = PARSERS[kind](text)
        assert (account.user, account.auth_user) == (str(phone.extension),) * 2
        assert account.password == office.secrets.phone(phone.extension)
        assert (account.server, account.port) == (lab.addresses.appliance, 5060)
        if phone.extension in agents:
            assert account.keys and account.keys[0] == codes.AGENT_LOGIN, name
        else:
            assert account.keys == [], name


@pytest.mark.parametrize("path", [
    "/provisioning/", "/provisioning", "/", "/provisioning/index.html",
    "/provisioning/../etc/passwd", "/provisioning/secrets.yaml",
    "/provisioning/805EC0112201.cfg",  # a MAC, but not as the catalogue names files
    "/provisioning/805ec0112201.cfg.bak",
    "/provisioning/ffffffffffff.cfg",  # a MAC-shaped name of no phone in the office
])
def test_no_listing_and_no_other_names(office: Office, path: str) -> None:
    status, text = fetch(office, path, office.applied.lab.addresses.phone(50))
    assert status in (403, 404), f"{path}: HTTP {status}"
    assert "account" not in text.lower() and "Index of" not in text


def test_files_on_the_appliance_are_for_the_web_server_only(office: Office) -> None:
    done = office.applied.lab.exec(
        ["stat", "-c", "%a %U %G %n", "/srv/tamas/provisioning",
         *(f"/srv/tamas/provisioning/{file_name(p)[1]}" for p in office.phones)])
    modes = [line.split(" ", 3) for line in done.stdout.splitlines()]
    assert modes[0][:3] == ["750", "root", "www-data"]
    assert all(m[:3] == ["640", "root", "www-data"] for m in modes[1:]), done.stdout


def _contacts(office: Office) -> str:
    return office.applied.lab.exec(["asterisk", "-rx", "pjsip show contacts"]).stdout


def _unregister(office: Office, phone: Phone, account: Account, workdir: Path) -> None:
    run_sipp(SIPP_DIR / "phones" / "unregister.xml", local=office.address_of(phone),
             remote=f"{account.server}:{account.port}", timeout_s=10, workdir=workdir,
             extra=("-s", account.user, "-au", account.auth_user, "-ap", account.password))


def test_each_phone_registers_with_the_account_in_its_file(
        office: Office, tmp_path: Path) -> None:
    registered = []
    try:
        for phone in office.phones:
            kind, name = file_name(phone)
            status, text = fetch(office, f"/provisioning/{name}", office.address_of(phone),
                                 USER_AGENTS[kind])
            assert status == 200, name
            account = PARSERS[kind](text)
            # A phone fresh from the box: no contact left from an earlier run, whose
            # status would only be qualified again 30 s later.
            _unregister(office, phone, account, tmp_path)
            result = run_sipp(
                SIPP_DIR / "phones" / "register.xml", local=office.address_of(phone),
                remote=f"{account.server}:{account.port}", timeout_s=15, workdir=tmp_path,
                extra=("-s", account.user, "-au", account.auth_user, "-ap", account.password,
                       "-aa"))
            registered.append((phone, account))
            assert result.successful == 1, f"{name}: REGISTER failed\n{result.output[-2000:]}"
        contacts = _contacts(office)
        for phone, account in registered:
            contact = f"{account.user}/sip:{account.user}@{office.address_of(phone)}:5060"
            assert re.search(rf"{re.escape(contact)}\s+\S+\s+Avail\b", contacts), contacts
        listed = tamas("phones", "list", str(office.path), "--target", "lab",
                       "--lab", office.applied.lab.name, "--json")
        rows = {row["extension"]: row for row in json.loads(listed.stdout)}
        for phone in office.phones:
            assert rows[phone.extension]["fetched"] is True, rows[phone.extension]
            assert rows[phone.extension]["registered"] is True, rows[phone.extension]
        assert rows[110]["registered"] is False  # the softphone never registered here
    finally:
        for phone, account in registered:
            _unregister(office, phone, account, tmp_path)
    assert not any(f"{a.user}/sip:" in _contacts(office) for _, a in registered)


def test_a_wrong_password_does_not_register(office: Office, tmp_path: Path) -> None:
    phone = office.phones[0]
    result = run_sipp(
        SIPP_DIR / "phones" / "register.xml", local=office.address_of(phone),
        remote=f"{office.applied.lab.addresses.appliance}:5060", timeout_s=6,
        workdir=tmp_path,
        extra=("-s", str(phone.extension), "-au", str(phone.extension),
               "-ap", office.secrets.phone(phone.extension) + "x", "-aa"))
    assert result.successful == 0
    assert f"{phone.extension}/sip:" not in _contacts(office)


def test_a_phone_removed_from_the_profile_loses_its_file(office: Office) -> None:
    """The shop again (without 104/105): their files, and passwords, are no longer served.

    Last in the module: it leaves the lab with the shop applied, as the fixture would."""
    office.applied.apply()
    office.all_vendors_applied = False
    for phone in office.phones:
        _, name = file_name(phone)
        status, _ = fetch(office, f"/provisioning/{name}", office.address_of(phone))
        assert status == (404 if phone.extension in (104, 105) else 200), name

