"""Context builders of the small Asterisk files: modules, logging, AMI, HTTP/ARI, RTP,
features, CDR/CEL, music on hold and voicemail. One function per file."""

from __future__ import annotations

import hashlib
from typing import Any

from provision.render.tree import RenderInput

# Drivers and services we never use. Several of them listen on 0.0.0.0 when loaded
# (IAX2 4569, MGCP 2427, Skinny 2000, Unistim 5000, HEP, XMPP...), which would open
# ports on a real box and make labs on one machine clash.
NOLOAD = (
    "chan_iax2.so", "chan_mgcp.so", "chan_skinny.so", "chan_unistim.so", "chan_ooh323.so",
    "chan_motif.so", "chan_console.so", "chan_alsa.so", "chan_oss.so", "chan_mobile.so",
    "chan_websocket.so", "chan_audiosocket.so", "res_audiosocket.so",
    "res_xmpp.so", "res_hep.so", "res_hep_pjsip.so", "res_hep_rtcp.so", "res_snmp.so",
    "res_statsd.so", "res_prometheus.so", "cdr_radius.so", "cel_radius.so",
    "res_phoneprov.so", "res_pjsip_phoneprov_provider.so", "pbx_dundi.so", "pbx_lua.so",
    "pbx_ael.so", "res_config_ldap.so", "res_calendar.so", "app_festival.so",
    "res_pjsip_transport_websocket.so", "res_websocket_client.so",
    "cdr_pgsql.so", "cel_pgsql.so", "res_config_pgsql.so", "cdr_tds.so", "cel_tds.so",
    "res_stun_monitor.so", "res_aeap.so", "res_speech_aeap.so",
    # The REST interface and Stasis apps are off (ari.conf); Debian's sid build of them
    # also fails to load, filling the log with errors at every start.
    "res_ari.so", "res_ari_applications.so", "res_ari_asterisk.so", "res_ari_bridges.so",
    "res_ari_channels.so", "res_ari_device_states.so", "res_ari_endpoints.so",
    "res_ari_events.so", "res_ari_model.so", "res_ari_playbacks.so", "res_ari_recordings.so",
    "res_ari_sounds.so", "app_stasis.so", "app_stasis_broadcast.so", "res_stasis_broadcast.so",
    "res_calendar_caldav.so", "res_calendar_ews.so", "res_calendar_exchange.so",
    "res_calendar_icalendar.so",
    # Storage back-ends we do not configure (they decline to load and say so).
    "cdr_custom.so", "cdr_sqlite3_custom.so", "cel_sqlite3_custom.so", "app_voicemail_odbc.so",
    "app_voicemail_imap.so", "cdr_odbc.so", "cdr_adaptive_odbc.so", "cel_odbc.so",
    "res_config_odbc.so", "res_odbc_transaction.so", "func_odbc.so", "res_odbc.so",
    "res_config_sqlite3.so", "cdr_manager.so", "cdr_beanstalkd.so", "cel_beanstalkd.so",
    "app_audiosocket.so", "res_pjsip_stir_shaken.so", "res_stir_shaken.so",
    # Deprecated; Asterisk warns at every start that they are loaded.
    "res_adsi.so", "app_adsiprog.so", "app_getcpeid.so",
)
AMI_USER = "tamas"
RECORDINGS_DIR = "/var/spool/asterisk/monitor"
VOICEMAIL_CONTEXT = "default"


def plain_context(inp: RenderInput) -> dict[str, Any]:
    """Files with nothing from the profile in them (ari, udptl, features, cdr, cel)."""
    return {}


def modules_context(inp: RenderInput) -> dict[str, Any]:
    return {"noload": NOLOAD}


def logger_context(inp: RenderInput) -> dict[str, Any]:
    return {"timezone": inp.profile.office.timezone}


def manager_context(inp: RenderInput) -> dict[str, Any]:
    site = inp.site
    return {
        "bind": site.ami_bind, "port": site.ami_port, "user": AMI_USER,
        "secret": inp.secrets.ami,
        # AMI clients on the box itself only: the monitor, the campaign dialer.
        "permit": "127.0.0.0/255.0.0.0",
    }


def http_context(inp: RenderInput) -> dict[str, Any]:
    # Asterisk's HTTP server would serve ARI and static files; nothing of ours needs it.
    return {"bind": inp.site.ami_bind}



def rtp_context(inp: RenderInput) -> dict[str, Any]:
    return {"start": inp.site.rtp_start, "end": inp.site.rtp_end}






def musiconhold_context(inp: RenderInput) -> dict[str, Any]:
    classes = sorted({q.music for q in inp.profile.queues} - {"default"})
    return {"classes": classes}


def voicemail_context(inp: RenderInput) -> dict[str, Any]:
    profile = inp.profile
    mail = profile.mail
    boxes = [
        {"extension": p.extension, "name": p.name, "pin": mailbox_pin(inp, p.extension),
         "email": (p.email or "") if mail is not None else ""}
        for p in profile.phones if p.voicemail
    ]
    return {
        "context": VOICEMAIL_CONTEXT,
        "timezone": profile.office.timezone,
        "boxes": boxes,
        "mail": None if mail is None else {
            "sender": mail.sender, "office": profile.office.name,
            "command": f"/usr/bin/msmtp --host={mail.relay} --port={mail.port}"
                       f" --from={mail.sender} -t",
        },
    }


def mailbox_pin(inp: RenderInput, extension: int) -> str:
    """A six-digit PIN derived from the phone's secret: stable across renders, never
    stored twice. From its own phone (*97) nobody is asked for it."""
    digest = hashlib.sha256(f"voicemail:{inp.secrets.phone(extension)}".encode()).hexdigest()
    return f"{int(digest, 16) % 1_000_000:06d}"
