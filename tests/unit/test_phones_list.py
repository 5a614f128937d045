"""`tamas phones list` reads the web server's log and Asterisk's contacts."""

from __future__ import annotations

from provision.cli.phones_cmd import fetched_files, registered_endpoints

LOG = """\
127.0.0.101 - - [01/Jan/2026:10:00:00 +0000] "GET /provisioning/805ec0112201.cfg HTTP/1.1" 200 812 "-" "Yealink SIP-T31P"
127.0.0.102 - - [01/Jan/2026:10:00:01 +0000] "GET /provisioning/805ec0112202.cfg HTTP/1.1" 404 153 "-" "Yealink SIP-T31P"
127.0.0.103 - - [01/Jan/2026:10:00:02 +0000] "GET /provisioning/ HTTP/1.1" 403 153 "-" "curl"
"""  # noqa: E501

CONTACTS = """\
  Contact:  <Aor/ContactUri..............................> <Hash....> <Status> <RTT(ms)..>
==========================================================================================

  Contact:  101/sip:101@127.0.0.101:5060                   4f1c2a9b1e Avail        1.204
  Contact:  102/sip:102@127.0.0.102:5060                   9a8b7c6d5e Unavail      nan

Objects found: 2
"""


def test_only_answered_fetches_count() -> None:
    assert fetched_files(LOG) == {"805ec0112201.cfg"}


def test_only_reachable_contacts_count() -> None:
    assert registered_endpoints(CONTACTS) == {"101"}
