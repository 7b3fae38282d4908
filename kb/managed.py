"""The managed local Neo4j server, for machines without Docker.

Neo4j 5.26 LTS Community is not installed system-wide: its jars are the runtime dependencies of
``org.neo4j:neo4j`` on Maven Central, resolved by Maven into a classpath, and the server is
started on the system JDK 17 with ``org.neo4j.server.CommunityEntryPoint`` and our own
``neo4j.conf`` (``kb/resources``). Everything lives under ``<state_dir>/neo4j``: the config,
data, logs, the pid file, the chosen Bolt port and the generated password (mode 0600).

Called by ``kb.runtime`` only; the CLI's ``kb db start|stop|status`` go through there.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from kb.config import Settings
from kb.errors import ServerError
from kb.i18n import _

Progress = Callable[[str], None]

ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
ADMIN_TOOL = "org.neo4j.cli.AdminTool"
DEFAULT_BOLT_PORT = 7687
JVM_OPTIONS = [
    "-XX:+UseG1GC",
    "-XX:+ExitOnOutOfMemoryError",
    "-Djdk.tls.ephemeralDHKeySize=2048",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
]


def _quiet(_: str) -> None:
    return None


def _tail(path: Path, lines: int = 20) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return ""
    return "\n".join(text[-lines:])


def _write_private(path: Path, text: str) -> None:
    """Write a file readable by its owner only, created with that mode (no window of 0644)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.chmod(path, 0o600)


_warned: set[Path] = set()


def ensure_private_dir(path: Path) -> None:
    """Create ``path`` owner-only (0700); a folder that exists keeps its mode.

    An existing folder that others can read or write is left as it is (it may be shared on
    purpose, say a 1777 folder) with one warning line on stderr, once per process.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.mkdir(path, 0o700)
    except FileExistsError:
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077 and path not in _warned:
            _warned.add(path)
            sys.stderr.write(
                _(
                    "kb: warning: {path} is open to other users (mode {mode}); Maillage keeps a password "
                    "there: `chmod 700 {path}` unless you share it on purpose."
                ).format(path=path, mode=f"{mode:04o}")
                + "\n"
            )
        return
    os.chmod(path, 0o700)  # exactly 0700 whatever the umask: we just created it


def _port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def check_prerequisites() -> tuple[str, str]:
    """Paths of ``java`` (17 or newer) and ``mvn``, or one sentence saying what to install."""
    java = shutil.which("java")
    if java is None:
        raise ServerError(
            _(
                "No Java found: install a JDK 17 (e.g. `apt-get install openjdk-17-jdk-headless`), "
                "or run Neo4j yourself and set NEO4J_URI."
            )
        )
    probe = subprocess.run([java, "-version"], capture_output=True, text=True, check=False)
    match = re.search(r'version "(\d+)', probe.stderr + probe.stdout)
    if match is None or int(match.group(1)) < 17:
        said = (probe.stderr or probe.stdout).strip()
        first = said.splitlines()[0] if said else _("nothing")
        raise ServerError(
            _("Neo4j 5.26 needs Java 17 or newer; `{java} -version` says: {said}.").format(java=java, said=first)
        )
    mvn = shutil.which("mvn")
    if mvn is None:
        raise ServerError(
            _(
                "No Maven found: install it (e.g. `apt-get install maven`) so Neo4j's jars can be "
                "fetched from Maven Central, or set NEO4J_URI to a server of your own."
            )
        )
    return java, mvn


@dataclass(frozen=True)
class StartResult:
    """What ``start`` did."""

    uri: str
    pid: int
    already_running: bool
    seconds: float


class ManagedServer:
    """One managed Neo4j home under ``<state_dir>/neo4j``."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.home = settings.state_dir / "neo4j"
        self.conf_dir = self.home / "conf"
        self.data_dir = self.home / "data"
        self.logs_dir = self.home / "logs"
        self.run_dir = self.home / "run"
        self.pid_file = self.run_dir / "maillage-neo4j.pid"
        self.password_file = self.home / "password"
        self.port_file = self.home / "bolt_port"
        self.classpath_file = self.home / f"classpath-{settings.neo4j_version}.txt"

    # -- what is stored --------------------------------------------------------------------

    @property
    def bolt_port(self) -> int:
        """The Bolt port, chosen on first use (7687 if free) and kept from then on."""
        if self.port_file.is_file():
            return int(self.port_file.read_text().strip())
        self._ensure_home()
        port = DEFAULT_BOLT_PORT if _port_is_free(DEFAULT_BOLT_PORT) else _free_port()
        self.port_file.write_text(f"{port}\n")
        return port

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt_port}"

    def password(self) -> str:
        """The generated password (created on first use, stored 0600)."""
        if self.password_file.is_file():
            return self.password_file.read_text(encoding="utf-8").strip()
        if (self.data_dir / "databases").exists():
            raise ServerError(
                _(
                    "The managed server has data but its password file {file} is gone; "
                    "stop it and remove {home} to start afresh (its data will be lost)."
                ).format(file=self.password_file, home=self.home)
            )
        self._ensure_home()
        # token_urlsafe may start with '-', which the admin tool's picocli reads as an option
        # ("Missing required parameter: '<password>'"): about 1 start in 64 failed. Never start with one.
        password = secrets.token_urlsafe(24)
        while password.startswith("-"):
            password = secrets.token_urlsafe(24)
        _write_private(self.password_file, password + "\n")
        return password

    def _ensure_home(self) -> None:
        for folder in (self.settings.state_dir, self.home):
            ensure_private_dir(folder)
        for folder in (self.conf_dir, self.data_dir, self.logs_dir, self.run_dir, self.home / "import"):
            folder.mkdir(parents=True, exist_ok=True)

    # -- provisioning ----------------------------------------------------------------------

    def classpath(self, progress: Progress = _quiet) -> str:
        """Neo4j's classpath, resolved by Maven once per version (jars stay in ~/.m2)."""
        if self.classpath_file.is_file():
            text = self.classpath_file.read_text().strip()
            if text and all(Path(p).is_file() for p in text.split(os.pathsep)[:5]):
                return text
        mvn = check_prerequisites()[1]
        self._ensure_home()
        pom = self.home / "pom.xml"
        pom.write_text(resources.files("kb").joinpath("resources/pom.xml").read_text(encoding="utf-8"))
        progress(
            _("Fetching Neo4j {version} Community from Maven Central (once)…").format(
                version=self.settings.neo4j_version
            )
        )
        out = self.classpath_file.with_suffix(".tmp")
        cmd = [
            mvn,
            "-q",
            "-B",
            "-f",
            str(pom),
            "dependency:build-classpath",
            f"-Dneo4j.version={self.settings.neo4j_version}",
            f"-Dmdep.outputFile={out}",
            "-Dmdep.includeScope=runtime",
        ]
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if proc.returncode != 0 or not out.is_file():
            detail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-15:])
            raise ServerError(
                _("Maven could not fetch Neo4j {version}:\n{output}").format(
                    version=self.settings.neo4j_version, output=detail
                )
            )
        out.replace(self.classpath_file)
        return self.classpath_file.read_text().strip()

    def write_config(self) -> None:
        template = resources.files("kb").joinpath("resources/neo4j.conf").read_text(encoding="utf-8")
        text = template.format(
            bolt_port=self.bolt_port,
            heap=self.settings.heap,
            pagecache=self.settings.pagecache,
            data_dir=self.data_dir,
            logs_dir=self.logs_dir,
            run_dir=self.run_dir,
            import_dir=self.home / "import",
        )
        (self.conf_dir / "neo4j.conf").write_text(text, encoding="utf-8")

    def _java_env(self) -> dict[str, str]:
        env = dict(os.environ)
        env["NEO4J_HOME"] = str(self.home)
        env["NEO4J_CONF"] = str(self.conf_dir)
        return env

    def _set_initial_password(self, java: str, classpath: str) -> None:
        # Before the very first start only: the server then never accepts neo4j/neo4j. The
        # password goes through a picocli @argfile (0600, in the 0700 home, deleted after), never
        # on the command line, where `ps` and /proc/PID/cmdline would show it to every user.
        password = self.password()
        fd, name = tempfile.mkstemp(prefix=".initial-password-", dir=self.home)  # created 0600
        argfile = Path(name)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(password + "\n")  # token_urlsafe: no quote or space to escape
            proc = subprocess.run(
                [java, "-cp", classpath, ADMIN_TOOL, "dbms", "set-initial-password", f"@{argfile}"],
                capture_output=True,
                text=True,
                env=self._java_env(),
                check=False,
            )
        finally:
            argfile.unlink(missing_ok=True)
        if proc.returncode != 0:
            said = (proc.stderr.strip() or proc.stdout.strip()).replace(password, "***")
            raise ServerError(_("Could not set the initial password: {error}").format(error=said))

    # -- lifecycle -------------------------------------------------------------------------

    def pid(self) -> int | None:
        """The server's pid if it is running (and really is our Neo4j), else None."""
        try:
            pid = int(self.pid_file.read_text().strip())
        except (OSError, ValueError):
            return None
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
        except OSError:
            try:
                os.kill(pid, 0)
            except OSError:
                return None
            return pid
        if ENTRY_POINT not in cmdline or str(self.home) not in cmdline:
            return None
        return pid

    def start(self, progress: Progress = _quiet) -> StartResult:
        """Start the server and wait until Bolt answers; a no-op when it already runs."""
        began = time.monotonic()
        running = self.pid()
        if running is not None:
            return StartResult(self.uri, running, True, 0.0)
        java, _mvn = check_prerequisites()
        classpath = self.classpath(progress)
        self._ensure_home()
        port = self.bolt_port
        if not _port_is_free(port):
            # The recorded port was ours, but another program holds it now: move rather than fail.
            new_port = _free_port()
            progress(
                _(
                    "Port {port} on 127.0.0.1 is taken by another program: starting Neo4j on port {new_port} "
                    "instead (recorded in {file})."
                ).format(port=port, new_port=new_port, file=self.port_file)
            )
            self.port_file.write_text(f"{new_port}\n")
        self.write_config()  # after the port is settled: the configuration names it
        first_start = not (self.data_dir / "databases").exists()
        if first_start:
            self._set_initial_password(java, classpath)
        else:
            self.password()  # fail early, with a clear message, when it went missing
        console = self.logs_dir / "console.log"
        cmd = [
            java,
            f"-Xms{self.settings.heap}",
            f"-Xmx{self.settings.heap}",
            *JVM_OPTIONS,
            "-cp",
            classpath,
            ENTRY_POINT,
            f"--home-dir={self.home}",
            f"--config-dir={self.conf_dir}",
        ]
        progress(_("Starting Neo4j {version} on {uri}…").format(version=self.settings.neo4j_version, uri=self.uri))
        with open(console, "ab") as log:
            proc = subprocess.Popen(
                cmd,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=self._java_env(),
                start_new_session=True,
                cwd=self.home,
            )
        self.pid_file.write_text(f"{proc.pid}\n")
        self._wait_for_bolt(proc, began)
        return StartResult(self.uri, proc.pid, False, time.monotonic() - began)

    def _wait_for_bolt(self, proc: subprocess.Popen[bytes], began: float) -> None:
        from kb.db import probe  # the one module that talks to the driver

        deadline = began + self.settings.start_timeout
        last_error = _("no answer yet")
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                self.pid_file.unlink(missing_ok=True)
                raise ServerError(
                    _("Neo4j exited with code {code} while starting. Last lines of its logs:\n{logs}").format(
                        code=proc.returncode, logs=self._log_tail()
                    )
                )
            ok, last_error = probe(self.uri, "neo4j", self.password())
            if ok:
                return
            time.sleep(0.5)
        self.stop()
        raise ServerError(
            _("Neo4j did not answer on {uri} within {seconds}s ({error}). Last lines of its logs:\n{logs}").format(
                uri=self.uri, seconds=f"{self.settings.start_timeout:.0f}", error=last_error, logs=self._log_tail()
            )
        )

    def _log_tail(self) -> str:
        parts = [_tail(self.logs_dir / "neo4j.log"), _tail(self.logs_dir / "console.log", 10)]
        return "\n".join(p for p in parts if p) or _("(no log written)")

    def stop(self, timeout: float = 60.0) -> bool:
        """SIGTERM, then SIGKILL after ``timeout``; True if a server was running."""
        pid = self.pid()
        if pid is None:
            self.pid_file.unlink(missing_ok=True)
            return False
        try:
            os.killpg(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        except PermissionError:
            os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and _alive(pid):
            time.sleep(0.2)
        if _alive(pid):
            try:
                os.killpg(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            while _alive(pid):
                time.sleep(0.1)
        self.pid_file.unlink(missing_ok=True)
        return True


def _alive(pid: int) -> bool:
    try:
        # A zombie child of ours still answers kill(0); reap it if it is ours.
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done == pid:
            return False
    except ChildProcessError:
        pass
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1][0]
    except (OSError, IndexError):
        return True
    return state != "Z"
