"""The wizard's help text (shown with F1)."""

WIZARD_HELP = """\
# Setup wizard

Describe the office step by step; the wizard writes a **hardware profile** (YAML)
that `tamas validate`, `tamas plan` and `tamas apply` read.

Every change is checked at once with the same rules and messages as
`tamas validate`: a wrong field is marked red and the problem is listed under the form,
e.g. `lines[0].channels: must be at least 1 (got 0)`. `lines[0]` is the first row
of the Lines table.

## Keys
| key | does |
|---|---|
| `Tab` / `Shift+Tab` | next / previous field |
| `Ctrl+N` | next step |
| `Ctrl+B` | previous step |
| `Ctrl+S` | go to Review and write the profile |
| `F1` | this help |
| `Ctrl+Q` | quit without writing |

## Tables
Row fields take one item per line, columns separated by commas:

- **Lines**: `city, sip.provider.example, 4, 02188776655, 02188776655`
  (name, host, channels, username, numbers, kind)
- **Phones**: `101, Sara, 80:5e:c0:11:22:01, yealink T31P` or `110, Boss, soft, , supervisor`.
  Paste a column of MAC addresses: each bare MAC becomes a phone with the next free
  extension and the model chosen above the table.
- **Queues**: `support, 101 102 103:10, rrmemory, 300`
  (`103:10`: extension 103 with penalty 10 rings later)
- **IVR keys**: `1, queue support`, `2, extension 110`, `9, voicemail 110`

## Review
Lists every problem left and the plan's findings (lines, agents, bandwidth, router,
appliance size), previews the YAML, and writes it. *Write and apply* quits and runs
`tamas apply PROFILE --target TARGET`.
"""
