"""`tamas apply`: profile -> rendered tree -> lint -> ansible-playbook -> summary.

Everything that can be wrong with the input is found before Ansible starts: the profile
is validated, the target resolved, the tree rendered and the dialplan linted, so a bad
input never leaves a half-applied appliance.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from appliance.errors import ApplyError, LabError
from appliance.profile.load import load_profile
from appliance.profile.model import Profile
from appliance.secrets import Secrets, secrets_for
from provision.apply.lint import Remark, lint_dialplan
from provision.apply.runner import Event, PlaybookRun, run_playbook
from provision.apply.summary import Summary
from provision.lab import Lab
from provision.lab.overlay import overlay_profile, overlay_secrets
from provision.packages.build import ensure as ensure_packages
from provision.packages.cache import CachedRepo
from provision.packages.releases import AsteriskSource, Release, asterisk_source
from provision.render import render_all, site_for, write_tree
from provision.router.handoff import router_vars
from provision.ssh.probe import Ask, read_os_release, trust_host
from provision.targets import SshOptions, Target, lab_target, local_target, ssh_target


class ApplyFailed(ApplyError):
    """The playbook ran and a task failed; the summary says which."""

    def __init__(self, summary: Summary) -> None:
        self.summary = summary
        if summary.unreachable and not summary.failed:
            super().__init__("the box could not be reached during the apply")
        else:
            super().__init__(f"{summary.failed + summary.unreachable} task(s) failed")

    def lines(self) -> list[str]:
        return [str(self), *(f"  {f}" for f in self.summary.failures)]


# Where the packages for a box's release come from: the cache, or a build now (the CLI
# passes one that shows the build's progress).
Packages = Callable[[Release], CachedRepo]


@dataclass
class Prepared:
    profile: Profile
    secrets: Secrets
    target: Target
    tree: dict[str, str]
    remarks: list[Remark] = field(default_factory=list)
    asterisk: AsteriskSource | None = None
    repo: CachedRepo | None = None
    source: Path | None = None  # the profile file, for the lab's record of what it runs


def prepare(
    profile_path: Path, target: str, lab_name: str | None = None, *,
    ssh: SshOptions | None = None, packages: Packages | None = None,
    ask: Ask | None = None,
) -> Prepared:
    """Everything before Ansible: raises on any bad input, changes no host."""
    profile = load_profile(profile_path)
    secrets = secrets_for(profile, profile_path)
    lab: Lab | None = None
    if target == "lab":
        lab = Lab.named(lab_name)
        if not lab.status().running:
            raise LabError(f"lab {lab.name!r} is not running: run tamas lab up --name {lab.name}")
        profile = overlay_profile(profile, lab.addresses)
        secrets = overlay_secrets(secrets, lab.router_password)
        resolved = lab_target(profile, lab.name, lab.client_key, lab.known_hosts)
    elif target == "local":
        resolved = local_target()
    else:
        resolved = ssh_target(profile, None if target == "profile" else target, ssh)
    tree = render_all(profile, secrets, site_for(profile))
    if not any(path.startswith("asterisk/") for path in tree):
        raise ApplyError("the render produced no asterisk/ configs: nothing to provision")
    source = asterisk_source(_os_release(resolved, lab, ssh, ask))
    repo = None
    if source.release is not None:
        repo = (packages or ensure_packages)(source.release)
    return Prepared(profile, secrets, resolved, tree, asterisk=source, repo=repo,
                    source=profile_path)


def _os_release(target: Target, lab: Lab | None, ssh: SshOptions | None,
                ask: Ask | None) -> str:
    """The box's /etc/os-release: from the lab's root, this machine, or over SSH."""
    if lab is not None:
        return (lab.root / "etc/os-release").read_text()
    if target.kind == "local":
        return Path("/etc/os-release").read_text()
    reach = target.reach()
    trust_host(reach, ssh.host_key if ssh else None, ask)
    return read_os_release(reach)


def profile_vars(profile: Profile, target: Target) -> dict[str, Any]:
    """The profile's non-secret facts the roles check against the live system."""
    site = site_for(profile)
    return {
        "tamas_lab": target.kind == "lab",
        "tamas_timezone": profile.office.timezone,
        "tamas_language": profile.office.language,
        "tamas_queues": [q.name for q in profile.queues],
        "tamas_extensions": [p.extension for p in profile.phones],
        "tamas_lines": [line.name for line in profile.lines],
        "tamas_moh_classes": sorted({q.music for q in profile.queues} | {"default"}),
        "tamas_recording_retention_days": profile.recording.retention_days,
        "tamas_mail_relay": profile.mail is not None,
        "tamas_ntp_servers": list(profile.appliance.ntp_servers),
        # where the box's own checks reach its services (the listeners' address)
        "tamas_local_address": site.address if site.sip_bind == site.address else "127.0.0.1",
    }


def asterisk_vars(prepared: Prepared) -> dict[str, Any]:
    """The repository the pbx role ships, when the box's release needs Tamas's packages."""
    if prepared.repo is None or prepared.asterisk is None or prepared.asterisk.release is None:
        return {}
    return {
        "tamas_asterisk_repo": str(prepared.repo.repo),
        "tamas_asterisk_release": prepared.asterisk.release.codename,
    }


def apply_prepared(
    prepared: Prepared, *, check: bool = False, diff: bool = False,
    on_event: Callable[[Event], None] | None = None, keep_workdir: Path | None = None,
) -> Summary:
    workdir = Path(tempfile.mkdtemp(prefix="tamas-apply-"))
    try:
        tree_dir = workdir / "tree"
        write_tree(prepared.tree, tree_dir)
        extensions = tree_dir / "asterisk" / "extensions.conf"
        if extensions.exists():
            prepared.remarks = lint_dialplan(extensions)
        run = PlaybookRun(
            workdir=workdir / "ansible", tree=tree_dir, target=prepared.target,
            extra_vars={
                **profile_vars(prepared.profile, prepared.target),
                **asterisk_vars(prepared),
                # the router role reads the applied profile and its secrets from files
                **router_vars(prepared.profile, prepared.secrets, workdir / "profile"),
            },
            check=check, diff=diff,
        )
        summary = run_playbook(run, on_event)
    finally:
        if keep_workdir is not None:
            shutil.copytree(workdir, keep_workdir, dirs_exist_ok=True)
        shutil.rmtree(workdir, ignore_errors=True)
    redact(summary, prepared.secrets)
    summary.warnings += [str(r) for r in prepared.remarks if r.kind == "W"]
    if not summary.success:
        raise ApplyFailed(summary)
    if prepared.target.lab_name and prepared.source is not None and not check:
        Lab.named(prepared.target.lab_name).record_profile(prepared.source)
    return summary


def redact(summary: Summary, secrets: Secrets) -> None:
    """No secret leaves through a message or a diff."""
    summary.failures = [secrets.redact(f) for f in summary.failures]
    for item in summary.diffs:
        for key in ("before", "after"):
            if isinstance(item.get(key), str):
                item[key] = secrets.redact(item[key])


def apply(
    profile_path: Path, target: str = "lab", *, lab_name: str | None = None,
    check: bool = False, diff: bool = False, on_event: Callable[[Event], None] | None = None,
) -> Summary:
    return apply_prepared(
        prepare(profile_path, target, lab_name), check=check, diff=diff, on_event=on_event
    )
