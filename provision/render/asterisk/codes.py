"""Feature codes the dialplan answers, in one place: the dialplan, the phones' keys and
the README all read them from here."""

from __future__ import annotations

AGENT_LOGIN = "*41"  # toggle: log in to (or out of) every queue the phone is not static in
AGENT_PAUSE = "*42"  # toggle pause; *42R pauses with reason code R
AGENT_UNPAUSE = "*43"
SPY_LISTEN = "*44"  # + extension: listen (supervisors only)
SPY_WHISPER = "*45"  # + extension: speak to the agent only
SPY_BARGE = "*46"  # + extension: speak to both
VOICEMAIL = "*97"  # own mailbox, no PIN from the own phone
CALLBACK_KEY = "1"  # pressed while waiting in a queue with callback: true

# Pause reason codes: *42 + digit. The reason text lands in queue_log's PAUSE record.
PAUSE_REASONS: dict[str, str] = {
    "1": "break",
    "2": "lunch",
    "3": "meeting",
    "4": "training",
    "5": "acw",  # after-call work: the reports count it as wrap-up
    "6": "coaching",
    "7": "backoffice",
}
DEFAULT_PAUSE_REASON = "pause"
