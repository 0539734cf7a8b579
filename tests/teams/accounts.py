"""Real OS accounts for the tests where identity matters: a lead, two annotators and a hostile colleague, created in
the test session (the suite runs as root in CI, where useradd is there), and the CLI run as each of them."""

from __future__ import annotations

import atexit
import grp
import os
import pwd
import shutil
import stat
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.helpers import ROOT

TEAM = "crt-team"
"""The group of the team's shared folder; the hostile colleague is not in it."""
LEAD, ANA, BEN, MALLORY = "crt-lead", "crt-ana", "crt-ben", "crt-mallory"
OPT_OUT = "CLAIM_READER_TEST_ACCOUNTS"
"""Set to `skip` to skip these tests on purpose (they need root); unset, a run that cannot make them fails."""


@dataclass(frozen=True)
class Account:
    """One OS account the tests run the CLI as."""

    name: str
    uid: int
    gid: int

    def prefix(self) -> list[str]:
        """The command prefix that runs a program as this account, with its groups."""
        return ["setpriv", f"--reuid={self.uid}", f"--regid={self.gid}", "--init-groups"]

    def run(
        self, *args: str, cwd: Path | None = None, timeout: float = 60, check: bool = False
    ) -> subprocess.CompletedProcess[str]:
        """Run claim-reader as this account to its end (see `start`)."""
        process = self.start(*args, cwd=cwd)
        stdout, stderr = process.communicate(timeout=timeout)
        result = subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)
        if check:
            assert result.returncode == 0, result.stderr
        return result

    def start(self, *args: str, cwd: Path | None = None) -> subprocess.Popen[str]:
        """Start claim-reader as this account (umask 002, as the README asks of a team), with no name from the
        environment: who it is comes from the uid alone."""
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in ("CLAIM_READER_ANNOTATOR", "CLAIM_READER_DB", "USER", "LOGNAME")
        }
        env.update(HOME="/tmp", PYTHONPATH=str(ROOT), USER="root", LOGNAME="root")  # names the uid must override
        return subprocess.Popen(
            [*self.prefix(), sys.executable, "-m", "reader", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            text=True,
            env=env,
            cwd=cwd,
            preexec_fn=lambda: os.umask(0o002),
        )

    def python(self, code: str, *args: str) -> subprocess.Popen[str]:
        """Start a Python program as this account (a hostile script, a lock holder), reading its stdout."""
        return subprocess.Popen(
            [*self.prefix(), sys.executable, "-c", code, *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            text=True,
            env={**os.environ, "HOME": "/tmp"},
        )


def _ensure_group(name: str) -> int:
    try:
        return grp.getgrnam(name).gr_gid
    except KeyError:
        subprocess.run(["groupadd", name], capture_output=True, check=False)  # another run may have made it meanwhile
        return grp.getgrnam(name).gr_gid


def _ensure_user(name: str, groups: list[str]) -> Account:
    try:
        entry = pwd.getpwnam(name)
    except KeyError:
        subprocess.run(
            ["useradd", "--no-create-home", "--shell", "/usr/sbin/nologin", "--user-group", name],
            capture_output=True,
            check=False,
        )
        entry = pwd.getpwnam(name)
    for group in groups:
        subprocess.run(["usermod", "-a", "-G", group, name], capture_output=True, check=True)
    return Account(name, entry.pw_uid, entry.pw_gid)


def make_accounts() -> dict[str, Account]:
    """The lead and two annotators (in the team's group) and a hostile colleague (outside it), made once; fail loudly
    where they cannot be made or cannot run this Python."""
    if os.environ.get(OPT_OUT) == "skip":
        pytest.skip(f"{OPT_OUT}=skip: the tests with real OS accounts are skipped on purpose")
    if os.geteuid() != 0 or not shutil.which("useradd") or not shutil.which("setpriv"):
        pytest.fail(
            "these tests need root with useradd and setpriv to make real OS accounts (CI runs as root);"
            f" set {OPT_OUT}=skip to skip them on purpose"
        )
    _ensure_group(TEAM)
    accounts = {name: _ensure_user(name, [TEAM] if name != MALLORY else []) for name in (LEAD, ANA, BEN, MALLORY)}
    refusal = runs_here(accounts[ANA].prefix())
    if refusal:
        pytest.fail(
            f"{ANA} cannot run {sys.executable} on this checkout even with its folders opened for passing through:"
            f" make the virtualenv and the checkout readable, as .ci/run does: {refusal}"
        )
    return accounts


def runs_here(prefix: list[str]) -> str | None:
    """Why a process started with `prefix` cannot import this checkout with this Python (None if it can), after
    letting other accounts pass through the private folders above them (a fresh clone in a mktemp folder), as long
    as the test session lasts."""
    probe = [*prefix, sys.executable, "-c", "import reader.cli"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(probe, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        atexit.register(_restore, _pass_through([ROOT, Path(sys.prefix)]))
        done = subprocess.run(probe, capture_output=True, text=True, env=env, check=False)
    return None if done.returncode == 0 else " ".join(done.stderr.strip().splitlines()[-1:])


def _pass_through(paths: list[Path]) -> list[tuple[Path, int]]:
    """Give other accounts the search bit (no listing) on each folder above `paths` that lacks it; return the folders
    changed with their old modes."""
    changed = []
    for folder in dict.fromkeys(parent for path in paths for parent in [path, *path.resolve().parents]):
        mode = stat.S_IMODE(folder.stat().st_mode)
        if not mode & stat.S_IXOTH:
            folder.chmod(mode | stat.S_IXOTH)
            changed.append((folder, mode))
    return changed


def _restore(changed: list[tuple[Path, int]]) -> None:
    """Put back the modes `_pass_through` changed."""
    for folder, mode in changed:
        folder.chmod(mode)


def shared_folder(path: Path, mode: int = 0o2775) -> Path:
    """A folder of the team's group that its members may write (set-group-id, so new files are the team's)."""
    path.mkdir(parents=True)
    os.chown(path, 0, grp.getgrnam(TEAM).gr_gid)
    path.chmod(mode)
    return path
