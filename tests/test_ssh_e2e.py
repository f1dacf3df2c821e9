"""Issue 6, SSH: two clerks logged in over SSH at once — one of the Office, one of Sở Y tế —
work side by side on the demo workspace, each within their role, and the audit names the
author of every change.

What runs, as the README's section «Máy chủ dùng chung qua SSH» describes it (with throwaway
names, all under one temporary directory, removed at the end even on failure):

- a group and two OS accounts, each with an SSH key in ~/.ssh/authorized_keys;
- the demo workspace built by root (`dondoc demo`, so root is its administrator) in a setgid
  directory of the group, the database file 0660 (SQLite's -wal/-shm files are created beside
  it, so the directory must be group-writable too);
- `dondoc clerk add` (as that administrator) for both accounts: an Office clerk, and a clerk
  of Sở Y tế;
- sshd on a free port of 127.0.0.1 with its own configuration: keys only, and for the group
  `ForceCommand` running a wrapper (the README's /usr/local/bin/dondoc-ssh) that opens the TUI
  on the shared database;
- one tmux session of 80×24 per clerk, each running `ssh -tt` as that clerk with
  TERM=xterm-256color (PuTTY set up as the README says); the screens are read with
  capture-pane, polled until what is expected shows (no fixed long sleeps).

The test is the "done" scenario: each header names its own clerk; the Sở Y tế clerk reports
an assignment of Sở Y tế done, cannot confirm it (the key is greyed and does nothing) nor
report for another unit; the Office clerk's screen shows the report by itself (the TUI's
30-second refresh — no key pressed) and the Office confirms it; the Sở Y tế clerk sees the
confirmation; `dondoc audit` lists the check-in and the confirmation with their authors.

Needs root (useradd, sshd) and sshd, ssh, ssh-keygen and tmux; `make test` installs what is
missing with apt-get when run as root (CI). It fails, saying what is missing, when it cannot
have them; it is skipped only when not run as root.
"""
from __future__ import annotations

import grp
import json
import os
import pwd
import re
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import sysconfig
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tui import strings as S

REPO = Path(__file__).resolve().parents[1]
DEMO_DAY = "01/09/2021"  # the demo workspace's own date: the TUI opens on it
# The assignment both clerks work on, found as a clerk would: Sở Y tế's task II.1.12 of the
# plan of 14/08/2021 ("Rà soát, xây dựng phương án giải quyết các tình huống…"), overdue on the
# demo's day with nothing recorded after it (the demo leaves such assignments open on purpose).
SEARCH = "phuong an giai quyet"
UNIT = "Sở Y tế"
TASK_PATH = "II.1.12"
OFFICE_NAME = "Ngô Thị Hồng Nhung"
UNIT_NAME = "Lý Quốc Bảo"
REFRESH_WAIT = 80  # the Office's screen refreshes every 30 s (tui.app.REFRESH_SECONDS)
TOOLS = {"sshd": "openssh-server", "ssh": "openssh-client", "ssh-keygen": "openssh-client", "tmux": "tmux",
         "useradd": "passwd", "userdel": "passwd", "groupadd": "passwd", "groupdel": "passwd",
         "runuser": "util-linux"}


def _run(cmd: list[str], *, timeout: float = 60, check: bool = True, **kw) -> subprocess.CompletedProcess:
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, **kw)
    if check and proc.returncode != 0:
        raise AssertionError(f"{shlex.join(cmd)} → {proc.returncode}\n{proc.stdout}\n{proc.stderr}")
    return proc


def _tool(name: str) -> str:
    found = shutil.which(name) or next((p for p in (f"/usr/sbin/{name}", f"/sbin/{name}")
                                        if os.access(p, os.X_OK)), None)
    if found is None:
        pytest.fail(f"The SSH test needs «{name}» (Debian package {TOOLS[name]}); `make test` installs "
                    f"it with apt-get when run as root: apt-get install -y {TOOLS[name]}", pytrace=False)
    return found


# --- the screen --------------------------------------------------------------------------------

_TOKEN = re.compile(r"\x1b\[([0-9;:]*)m|\x1b\[[0-9;:?]*[A-Za-z]|\x1b.|(.)", re.S)


def _bold_chars(line: str) -> tuple[str, list[bool]]:
    """A line of `capture-pane -e`: its text and, per character, whether it is drawn bold."""
    text, bold, flags = [], False, []
    for m in _TOKEN.finditer(line):
        if m.group(2) is not None:
            text.append(m.group(2))
            flags.append(bold)
            continue
        if m.group(1) is None:
            continue
        params = re.split("[;:]", m.group(1))
        i = 0
        while i < len(params):
            p = params[i]
            if p in ("", "0"):
                bold = False
            elif p == "1":
                bold = True
            elif p == "22":
                bold = False
            elif p in ("38", "48", "58"):  # a colour: 5;N or 2;R;G;B follow
                i += 2 if i + 1 < len(params) and params[i + 1] == "5" else 4
            i += 1
    return "".join(text), flags


@dataclass
class Pane:
    """One clerk's terminal: a tmux session running `ssh -tt clerk@127.0.0.1`."""
    tmux: list[str]
    name: str
    log: list[str] = field(default_factory=list)

    def send(self, *keys: str, literal: bool = False) -> None:
        _run(self.tmux + ["send-keys", "-t", self.name] + (["-l"] if literal else []) + list(keys))
        self.log.append(("type " if literal else "keys ") + " ".join(keys))

    def focus(self, key: str, label: str, *, timeout: float = 10) -> None:
        """Press `key` (Tab, /) and wait until the text cursor is in the field labelled (or
        showing the placeholder) `label`: on its row, right of where the label starts. Textual
        puts the terminal's (hidden) cursor where the focused field's cursor is. Keys sent
        before focus has moved would be lost: keys that reach the TUI in one read with the Tab
        go to the field being left (seen on the check-in form)."""
        self.send(key)
        deadline = time.monotonic() + timeout
        while True:
            lines = self.text().split("\n")
            x, y = (int(v) for v in _run(self.tmux + ["display-message", "-p", "-t", self.name,
                                                       "#{cursor_x} #{cursor_y}"]).stdout.split())
            row = next((i for i, line in enumerate(lines) if label in line), None)
            if row is not None and y == row and x >= lines[row].index(label) - 1:
                return
            if time.monotonic() > deadline:
                raise AssertionError(f"{self.name}: «{key}» did not move the cursor into «{label}» "
                                     f"(cursor at {x},{y})\nlast keys: {self.log[-6:]}\n--- screen ---\n"
                                     + "\n".join(lines))
            time.sleep(0.1)

    def text(self) -> str:
        return _run(self.tmux + ["capture-pane", "-p", "-t", self.name]).stdout

    def key_bar(self) -> str:
        """The last line with its escape sequences (to see which keys are greyed)."""
        lines = _run(self.tmux + ["capture-pane", "-p", "-e", "-t", self.name]).stdout.rstrip("\n").split("\n")
        return lines[-1]

    def key_enabled(self, key: str, label: str) -> bool:
        """The key bar draws a key that applies in bold, one that cannot apply greyed (dim)."""
        text, bold = _bold_chars(self.key_bar())
        at = text.find(f"{key} {label}")
        assert at >= 0, f"«{key} {label}» is not on the key line of {self.name}: {text!r}"
        return bold[at]

    def dead(self) -> bool:
        return _run(self.tmux + ["display-message", "-p", "-t", self.name, "#{pane_dead}"]).stdout.strip() == "1"

    def wait(self, *patterns: str, timeout: float = 20, why: str = "") -> str:
        """Poll the screen until every regex in `patterns` matches it; its text."""
        deadline = time.monotonic() + timeout
        while True:
            screen = self.text()
            if all(re.search(p, screen) for p in patterns):
                return screen
            if time.monotonic() > deadline or self.dead():
                missing = [p for p in patterns if not re.search(p, screen)]
                raise AssertionError(
                    f"{self.name}: {why or 'waiting'} — not on screen after {timeout:.0f} s: {missing}\n"
                    f"last keys: {self.log[-6:]}\n--- screen ---\n{screen}")
            time.sleep(0.2)

    def wait_keys(self, *shown: str, timeout: float = 10, why: str = "") -> None:
        """Poll the key line until it shows every one of `shown` ("n Báo cáo tiến độ")."""
        deadline = time.monotonic() + timeout
        while True:
            line, _bold = _bold_chars(self.key_bar())
            if all(s in line for s in shown):
                return
            if time.monotonic() > deadline:
                raise AssertionError(f"{self.name}: {why} — key line {line!r} lacks {shown}\n"
                                     f"last keys: {self.log[-6:]}\n--- screen ---\n{self.text()}")
            time.sleep(0.2)

    def wait_enabled(self, *keys: tuple[str, str], timeout: float = 5, why: str = "") -> None:
        """Poll the key line until every (key, label) in `keys` is shown enabled (bold)."""
        deadline = time.monotonic() + timeout
        while not all(self.key_enabled(k, label) for k, label in keys):
            if time.monotonic() > deadline:
                raise AssertionError(f"{self.name}: {why} — not enabled after {timeout:.0f} s: {keys}\n"
                                     f"key line: {self.key_bar()!r}\n--- screen ---\n{self.text()}")
            time.sleep(0.2)

    def stays(self, key: str, *absent: str, seconds: float = 1.5) -> None:
        """Press `key`; for `seconds` the screen shows none of `absent` (nothing opened)."""
        self.send(key)
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            screen = self.text()
            found = [p for p in absent if re.search(p, screen)]
            assert not found, f"{self.name}: «{key}» opened {found}\n{screen}"
            time.sleep(0.2)


# --- the machine -------------------------------------------------------------------------------


@dataclass
class Lab:
    tmp: Path
    group: str
    office: str
    unit: str
    db: Path
    port: int
    keys: dict[str, Path]
    tmux: list[str]
    sshd: subprocess.Popen | None = None
    sshd_log: Path | None = None

    def dondoc(self, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
        """`dondoc --db DB …` as root (the workspace's administrator), umask 002 as the README
        says; tables 160 columns wide (no name cut over two lines)."""
        return _run([sys.executable, "-m", "tui.cli", "--db", str(self.db), *args], cwd=REPO,
                    env={**os.environ, "DONDOC_DATA_DIR": str(self.db.parent), "COLUMNS": "160"},
                    umask=0o002, timeout=timeout)

    def open_pane(self, user: str) -> Pane:
        ssh = ["env", "TERM=xterm-256color", "LANG=C.UTF-8", "ssh", "-F", "/dev/null", "-tt",
               "-i", str(self.keys[user]), "-p", str(self.port), "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes",
               "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
               f"{user}@127.0.0.1"]
        _run(self.tmux + ["new-session", "-d", "-s", user, "-x", "80", "-y", "24", shlex.join(ssh)])
        return Pane(self.tmux, user)

    def diagnostics(self) -> str:
        log = self.sshd_log.read_text(errors="replace")[-3000:] if self.sshd_log and self.sshd_log.exists() else ""
        return f"--- sshd log ---\n{log}"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _pids_of(uid: int) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if entry.stat().st_uid == uid:
                    pids.append(int(entry.name))
            except FileNotFoundError:
                pass
    return pids


def _children_of(ppid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == ppid:
                out.append(int(entry.name))
    return out


def _kill(pids: list[int]) -> None:
    for sig in (signal.SIGTERM, signal.SIGKILL):
        for pid in pids:
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                pass
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline and any(Path(f"/proc/{p}").exists() for p in pids):
            time.sleep(0.1)


def _runtime(tmp: Path, user: str) -> tuple[str, str]:
    """The Python and PYTHONPATH with which the clerks' accounts run dondoc.

    The project's .venv may not be usable by other accounts: here its python is a symlink into
    root's pyenv (/root is 0700). A virtual environment only adds its site-packages to an
    interpreter, so any interpreter of the same minor version (the compiled extensions are built
    for it) runs dondoc with PYTHONPATH = the repository + the venv's site-packages: the venv's
    own python if the clerk can run it, else the system's (Debian's /usr/bin/python3). If the
    repository or the site-packages cannot be read by the clerk (a clone under /root), they are
    copied into the test's directory. This is what the README's install under /opt/dondoc, from
    the system Python, avoids on a real server."""
    version = f"{sys.version_info[0]}.{sys.version_info[1]}"
    site = sysconfig.get_paths()["purelib"]
    platlib = sysconfig.get_paths()["platlib"]
    candidates = list(dict.fromkeys([sys.executable, f"/usr/bin/python{version}", "/usr/bin/python3",
                                     shutil.which(f"python{version}") or "", f"/usr/local/bin/python{version}"]))
    probe = ("import sys; assert sys.version_info[:2] == ({}, {}), sys.version; "
             "import tui.cli, tui.app, textual, sqlalchemy, core.services.workspace").format(*sys.version_info[:2])

    def works(python: str, pythonpath: str) -> bool:
        if not python:
            return False
        proc = _run(["runuser", "-u", user, "--", "env", "-i", "PATH=/usr/bin:/bin", "LANG=C.UTF-8",
                     f"PYTHONPATH={pythonpath}", "PYTHONDONTWRITEBYTECODE=1", python, "-c", probe],
                    check=False, cwd="/", timeout=60)
        return proc.returncode == 0

    paths = ":".join(dict.fromkeys([str(REPO), site, platlib]))
    for python in candidates:
        if works(python, paths):
            return python, paths
    # Not readable by the clerk: a world-readable copy of the code and the site-packages.
    copy = tmp / "runtime"
    shutil.copytree(REPO, copy / "dondoc", symlinks=True,
                    ignore=shutil.ignore_patterns(".git", ".venv", ".hypothesis", ".pytest_cache", "tests", "bench"))
    for i, lib in enumerate(dict.fromkeys([site, platlib])):
        shutil.copytree(lib, copy / f"lib{i}", symlinks=True)
    _run(["chmod", "-R", "a+rX", str(copy)])
    paths = ":".join([str(copy / "dondoc")] + [str(copy / f"lib{i}") for i in range(len({site, platlib}))])
    for python in candidates:
        if works(python, paths):
            return python, paths
    pytest.fail(f"No Python {version} that the test's clerk account can run dondoc with (tried "
                f"{', '.join(c for c in candidates if c)}); install python{version} system-wide "
                "(Debian: apt-get install python3).", pytrace=False)


WRAPPER = """#!/bin/sh
# ForceCommand of the clerks' accounts (the README's /usr/local/bin/dondoc-ssh, with this test's
# paths): dondoc's TUI on the shared database, nothing else.
umask 002
export LANG=C.UTF-8
export DONDOC_DATABASE_URL={db}
export PYTHONPATH={pythonpath}
export PYTHONDONTWRITEBYTECODE=1
exec {python} -m tui.cli
"""

SSHD_CONFIG = """# sshd for tests/test_ssh_e2e.py: keys only, and for the dondoc group the TUI only.
ListenAddress 127.0.0.1
Port {port}
HostKey {host_key}
PidFile {pid_file}
UsePAM no
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin no
AllowGroups {group}
AuthorizedKeysFile .ssh/authorized_keys
PrintMotd no
PrintLastLog no
LogLevel VERBOSE

Match Group {group}
    ForceCommand {wrapper}
    PermitTTY yes
    AllowTcpForwarding no
    AllowAgentForwarding no
    AllowStreamLocalForwarding no
    X11Forwarding no
    PermitTunnel no
"""


@pytest.fixture
def lab():
    if os.geteuid() != 0:
        pytest.skip("the SSH end-to-end test creates OS accounts and runs sshd: run it as root (CI does)")
    sshd_bin = _tool("sshd")
    for name in ("ssh", "ssh-keygen", "tmux", "useradd", "userdel", "groupadd", "groupdel", "runuser"):
        _tool(name)

    tok = secrets.token_hex(3)
    group, office, unit = f"dondoc{tok}", f"ddvp{tok}", f"ddsyt{tok}"
    tmp = Path(tempfile.mkdtemp(prefix="dondoc-ssh-"))
    tmp.chmod(0o755)  # the clerks' accounts read the wrapper and the runtime under it
    # tmux: a server of its own (killed at the end), panes kept after ssh ends (to read why),
    # no status line (the pane is the whole 80×24).
    tmux = ["tmux", "-u", "-S", str(tmp / "tmux.sock"), "-f", str(tmp / "tmux.conf")]
    (tmp / "tmux.conf").write_text("set -g status off\nset -g remain-on-exit on\n"
                                   "set -g history-limit 200\nset -s escape-time 0\n")
    created_users: list[str] = []
    group_made = False
    the_lab: Lab | None = None
    try:
        # --- the accounts: a group, two clerks with keys -----------------------------------------
        _run(["groupadd", group])
        group_made = True
        keys: dict[str, Path] = {}
        (tmp / "client").mkdir(mode=0o700)
        for user in (office, unit):
            # -p '*': no password, but not a locked account ('!'), which sshd refuses without PAM.
            _run(["useradd", "-m", "-s", "/bin/sh", "-p", "*", "-G", group, user])
            created_users.append(user)
            key = tmp / "client" / user
            _run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", user, "-f", str(key)])
            home = Path(os.path.expanduser(f"~{user}"))
            ssh_dir = home / ".ssh"
            ssh_dir.mkdir(mode=0o700, exist_ok=True)
            (ssh_dir / "authorized_keys").write_text(key.with_suffix(".pub").read_text())
            (ssh_dir / "authorized_keys").chmod(0o600)
            _run(["chown", "-R", f"{user}:", str(ssh_dir)])
            keys[user] = key

        # --- the shared workspace: the demo, in a setgid directory of the group ------------------
        srv = tmp / "srv"
        srv.mkdir()
        os.chown(srv, 0, _gid(group))
        srv.chmod(0o2770)
        db = srv / "demo.sqlite3"
        the_lab = Lab(tmp=tmp, group=group, office=office, unit=unit, db=db, port=_free_port(),
                      keys=keys, tmux=tmux)
        _run([sys.executable, "-m", "tui.cli", "demo", "--force"], cwd=REPO, umask=0o002, timeout=120,
             env={**os.environ, "DONDOC_DATA_DIR": str(srv)})
        for path in srv.iterdir():  # the database (and a -wal/-shm if left): the group's, 0660
            os.chown(path, 0, _gid(group))
            path.chmod(0o660)
        the_lab.dondoc("clerk", "add", office, "--name", OFFICE_NAME, "--role", "office")
        the_lab.dondoc("clerk", "add", unit, "--name", UNIT_NAME, "--role", "unit", "--unit", UNIT)

        # --- dondoc for the clerks: the ForceCommand wrapper --------------------------------------
        python, pythonpath = _runtime(tmp, unit)
        (tmp / "bin").mkdir()
        wrapper = tmp / "bin" / "dondoc-ssh"
        wrapper.write_text(WRAPPER.format(db=shlex.quote(str(db)), pythonpath=shlex.quote(pythonpath),
                                          python=shlex.quote(python)))
        wrapper.chmod(0o755)

        # --- sshd on 127.0.0.1 ----------------------------------------------------------------------
        (tmp / "sshd").mkdir(mode=0o700)
        host_key = tmp / "sshd" / "host_ed25519"
        _run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(host_key)])
        config = tmp / "sshd" / "sshd_config"
        config.write_text(SSHD_CONFIG.format(port=the_lab.port, host_key=host_key, pid_file=tmp / "sshd" / "sshd.pid",
                                             group=group, wrapper=wrapper))
        Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)  # sshd's privilege separation directory
        _run([sshd_bin, "-t", "-f", str(config)])
        the_lab.sshd_log = tmp / "sshd" / "sshd.log"
        with open(the_lab.sshd_log, "w") as log:
            the_lab.sshd = subprocess.Popen([sshd_bin, "-D", "-e", "-f", str(config)], stdout=log,
                                            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        _wait_for_port(the_lab)

        yield the_lab
    finally:
        _teardown(the_lab, tmux, created_users, group if group_made else None, tmp)


def _gid(group: str) -> int:
    return grp.getgrnam(group).gr_gid


def _wait_for_port(lab: Lab) -> None:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if lab.sshd.poll() is not None:
            raise AssertionError(f"sshd exited ({lab.sshd.returncode})\n{lab.diagnostics()}")
        try:
            socket.create_connection(("127.0.0.1", lab.port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"sshd does not answer on 127.0.0.1:{lab.port}\n{lab.diagnostics()}")


def _teardown(lab: Lab | None, tmux: list[str], users: list[str], group: str | None, tmp: Path) -> None:
    """Everything the fixture made goes, each step whatever happened to the others: the tmux
    server (and so the ssh clients), sshd and the sessions it forked, the accounts' processes,
    the accounts with their homes, the group, the directory."""
    errors = []

    def step(what, fn):
        try:
            fn()
        except Exception as exc:  # noqa: BLE001 - clean up the rest, report at the end
            errors.append(f"{what}: {exc}")

    step("tmux", lambda: subprocess.run(tmux + ["kill-server"], capture_output=True, timeout=10))
    if lab is not None and lab.sshd is not None:
        sshd = lab.sshd

        def stop_sshd():
            children = _children_of(sshd.pid)  # the per-connection sshd processes
            sshd.terminate()
            try:
                sshd.wait(5)
            except subprocess.TimeoutExpired:
                sshd.kill()
                sshd.wait(5)
            _kill(children)

        step("sshd", stop_sshd)
    for user in users:
        def remove(user=user):
            uid = pwd.getpwnam(user).pw_uid
            _kill(_pids_of(uid))
            for _ in range(10):
                proc = subprocess.run(["userdel", "-r", user], capture_output=True, text=True, timeout=30)
                if proc.returncode in (0, 12):  # 12: home or mail spool already gone
                    return
                time.sleep(0.3)
                _kill(_pids_of(uid))
            raise RuntimeError(proc.stderr.strip())

        step(f"user {user}", remove)
    if group:
        step(f"group {group}", lambda: _run(["groupdel", group]))
    step("directory", lambda: shutil.rmtree(tmp))
    if errors:
        raise RuntimeError("cleaning up after the SSH test: " + "; ".join(errors))


# --- the scenario --------------------------------------------------------------------------------


def _open_the_assignment(pane: Pane) -> None:
    """Section 3, filtered to Sở Y tế and the task's words, then its detail (by keyboard)."""
    pane.send("3")
    pane.wait(re.escape(S.ASSIGN_UNIT_PLACEHOLDER), "xếp theo", why="section 3")
    pane.focus("Tab", S.ASSIGN_UNIT_PLACEHOLDER)  # the unit filter
    pane.send("so y te", literal=True)
    pane.wait(r"so y te", why="typed into the unit filter")
    pane.send("Escape")  # back to the table (the key line shows the table's keys again) …
    pane.wait_keys(f"n {S.KEY_CHECKIN}", why="the table's keys")
    pane.focus("/", S.ASSIGN_SEARCH_PLACEHOLDER)  # … and to the text search
    pane.send(SEARCH, literal=True)
    pane.wait(re.escape(SEARCH), r"\b1/1 · xếp theo", rf"{re.escape(TASK_PATH)}\s.*{UNIT}",
              why="one assignment left")
    pane.send("Escape")
    pane.wait_keys(f"n {S.KEY_CHECKIN}", why="the table's keys")
    pane.send("Enter")
    pane.wait(re.escape(S.TASKD_TITLE.format(path=TASK_PATH, directive="")),
              re.escape(S.TASKD_TIMELINE.format(unit=UNIT)), why="the task's detail")


def _row(unit: str, status: str) -> str:
    """A row of the task detail's unit table (status text may be cut at 80 columns)."""
    return rf"│ {re.escape(unit)}\s.*{status}"


AWAITING = r"· chờ"  # S.FLAG["awaiting"] / FLAG_SHORT, cut by the 80-column table
FORM = r"Hủy\s+Lưu"  # every form's buttons


def test_two_clerks_over_ssh_side_by_side_each_within_their_role(lab):
    started = time.monotonic()
    aid = _target(lab)
    note = f"Đã diễn tập phương án qua SSH ({secrets.token_hex(2)})"
    office = lab.open_pane(lab.office)
    unit = lab.open_pane(lab.unit)
    try:
        # Each sees their own name (header: the clerk · the date).
        for pane, name, other in ((office, OFFICE_NAME, UNIT_NAME), (unit, UNIT_NAME, OFFICE_NAME)):
            header = f"{name} · " + S.HEADER_AS_OF_PAST.format(date=DEMO_DAY)
            screen = pane.wait(re.escape(header), timeout=40, why="the header")
            assert other not in screen.splitlines()[0]
        _open_the_assignment(office)  # from here on the Office waits on it, pressing nothing
        assert not re.search(_row(UNIT, AWAITING), office.text())
        assert not office.key_enabled("x", S.KEY_CONFIRM)  # nothing to confirm yet
        _open_the_assignment(unit)

        # Sở Y tế's clerk reports the assignment done.
        unit.send("n")
        unit.wait(re.escape(S.CHECKIN_TITLE_DATED.format(date=DEMO_DAY)), why="the check-in form")
        unit.send("Enter")  # the status list
        unit.wait(S.CHECKIN_STATUS_OPTIONS[2][0], why="the status choices")  # only in the open list
        unit.send("Down", "Down", "Enter")  # Đang thực hiện → Gặp vướng mắc → Đã hoàn thành
        unit.wait(rf"{re.escape(S.CHECKIN_STATUS)}\s+Đã hoàn thành", re.escape(S.CHECKIN_COMPLETED_ON),
                  why="status done")
        unit.focus("Tab", S.CHECKIN_PROGRESS)
        unit.send("100", literal=True)
        unit.wait(rf"{re.escape(S.CHECKIN_PROGRESS)}\s+100", why="progress typed")
        unit.focus("Tab", S.CHECKIN_COMPLETED_ON)  # the day of the report, already filled in
        unit.focus("Tab", S.CHECKIN_RESULT)
        unit.send(note, literal=True)
        unit.wait(rf"{re.escape(S.CHECKIN_RESULT)}\s+{re.escape(note)}", why="result typed")
        unit.send("C-s")
        unit.wait(_row(UNIT, AWAITING), re.escape(S.TASKD_TIMELINE.format(unit=UNIT)), timeout=20,
                  why="saved: awaiting the Office")
        assert not re.search(FORM, unit.text())

        # … and cannot confirm it: the key is greyed and does nothing; nor edit the task.
        assert unit.key_enabled("n", S.KEY_CHECKIN)
        assert not unit.key_enabled("x", S.KEY_CONFIRM)
        assert not unit.key_enabled("e", S.KEY_EDIT)
        unit.stays("x", FORM, re.escape(S.DECISION_REPORT))
        unit.stays("e", FORM)
        # Nor report for another unit of the same task (Công an tỉnh coordinates it).
        unit.send("Down")
        unit.wait(re.escape(S.TASKD_TIMELINE.format(unit="Công an tỉnh")), why="another unit")
        assert not unit.key_enabled("n", S.KEY_CHECKIN)
        unit.stays("n", FORM, re.escape(S.CHECKIN_TITLE_DATED.format(date=DEMO_DAY)))
        unit.send("Up")
        unit.wait(re.escape(S.TASKD_TIMELINE.format(unit=UNIT)), why="back on Sở Y tế")

        # The Office's screen shows the report by itself (the 30-second refresh), …
        saved = time.monotonic()
        office.wait(_row(UNIT, AWAITING), timeout=REFRESH_WAIT, why="the other clerk's check-in")
        print(f"the Office's screen showed the check-in {time.monotonic() - saved:.1f} s after it was saved")
        # (The key line is redrawn in a frame of its own, a moment after the table.)
        office.wait_enabled(("x", S.KEY_CONFIRM), ("e", S.KEY_EDIT), why="the Office's keys for it")
        # … with what the unit wrote, and the Office confirms it.
        office.send("x")
        office.wait(re.escape(S.DECISION_REPORT), re.escape(note), FORM, why="the decision form")
        office.send("C-s")
        office.wait(_row(UNIT, S.CATEGORY_SHORT["done_late"]), timeout=20, why="confirmed")
        assert not re.search(FORM, office.text())

        # Sở Y tế's clerk sees the confirmation (r: refresh now).
        unit.send("r")
        unit.wait(_row(UNIT, S.CATEGORY_SHORT["done_late"]), why="the Office's confirmation")

        for pane in (office, unit):
            pane.send("q")
        for pane in (office, unit):
            deadline = time.monotonic() + 15
            while not pane.dead():
                assert time.monotonic() < deadline, f"{pane.name}: still running after q\n{pane.text()}"
                time.sleep(0.2)
    except AssertionError as exc:
        raise AssertionError(f"{exc}\n{lab.diagnostics()}") from None

    # The audit: both changes, each with its author (and nothing written by the unit's clerk
    # but its check-in).
    entries = json.loads(lab.dondoc("audit", "--json", "--limit", "200").stdout)["entries"]
    mine = [e for e in entries if e["os_user"] in (lab.office, lab.unit)]
    checkins = [e for e in mine if e["entity"] == "checkins" and e["action"] == "insert"]
    assert len(checkins) == 1, mine
    checkin = checkins[0]
    assert (checkin["os_user"], checkin["clerk"]) == (lab.unit, UNIT_NAME)
    assert checkin["after"]["assignment_id"] == aid and checkin["after"]["status"] == "done"
    assert checkin["after"]["result"] == note and checkin["after"]["progress"] == 100
    assert checkin["business_date"] == "2021-09-01"
    confirmations = [e for e in mine if e["entity"] == "confirmations" and e["action"] == "insert"]
    assert len(confirmations) == 1, mine
    confirmation = confirmations[0]
    assert (confirmation["os_user"], confirmation["clerk"]) == (lab.office, OFFICE_NAME)
    assert confirmation["after"]["checkin_id"] == checkin["after"]["id"]
    assert confirmation["after"]["decision"] == "confirm"
    assert {e["entity"] for e in mine if e["os_user"] == lab.unit} == {"checkins"}
    assert all(e["clerk"] == {lab.office: OFFICE_NAME, lab.unit: UNIT_NAME}[e["os_user"]] for e in mine)
    # The table a clerk reads says the same: who, and what.
    for user, name, entity in ((lab.unit, UNIT_NAME, "checkins"), (lab.office, OFFICE_NAME, "confirmations")):
        table = lab.dondoc("audit", "--user", user).stdout
        assert name in table and f"thêm {entity} #" in table, table
    print("\n".join(f"audit #{e['id']} {e['business_date']} {e['os_user']} ({e['clerk']}): {e['description']}"
                    for e in reversed(mine)))
    # As the CLI sees it now: confirmed, done late.
    rows = _tasks(lab)
    assert [(r["id"], r["category"]) for r in rows] == [(aid, "done_late")]
    print(f"SSH scenario: {time.monotonic() - started:.1f} s after set-up")


def _tasks(lab: Lab) -> list[dict]:
    return json.loads(lab.dondoc("tasks", "--unit", UNIT, "--search", SEARCH, "--json").stdout)["assignments"]


def _target(lab: Lab) -> int:
    rows = _tasks(lab)
    assert len(rows) == 1, rows
    row = rows[0]
    assert (row["task"], row["unit"], row["category"], row["flags"]) == (TASK_PATH, UNIT, "overdue", []), row
    return row["id"]
