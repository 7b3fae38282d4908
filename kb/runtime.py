"""Which Neo4j Maillage talks to, and how to start, stop and inspect it.

The order is the design's: ``NEO4J_URI`` set -> that server as is; else a Docker engine that
answers -> ``docker compose`` with the project's ``docker-compose.yml``; else the managed local
server (``kb.managed``). ``MAILLAGE_RUNTIME`` forces one. Front ends call ``connect()`` for a
``Graph`` and ``start``/``stop``/``status`` for ``kb db``.

The Docker-or-managed choice is made once per state folder and remembered in its ``runtime``
file (``docker`` or ``managed``), so a command does not ask ``docker info`` (up to seconds) every
time it runs. Delete that file, or set ``MAILLAGE_RUNTIME``, to choose again.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
from dataclasses import dataclass
from enum import StrEnum

from kb import catalog
from kb.config import PROJECT_ROOT, Settings, get_settings
from kb.db import Graph, redact
from kb.errors import ConnectionFailed, KbError, ServerError
from kb.i18n import _
from kb.managed import ManagedServer, Progress, _quiet, _write_private, ensure_private_dir


class Mode(StrEnum):
    EXTERNAL = "external"
    DOCKER = "docker"
    MANAGED = "managed"


@dataclass(frozen=True)
class Connection:
    """Where and how to connect; ``password`` never printed."""

    mode: Mode
    uri: str
    user: str
    password: str
    database: str

    def __repr__(self) -> str:  # keep secrets out of logs and tracebacks
        return f"Connection(mode={self.mode}, uri={redact(self.uri)!r}, user={self.user!r}, database={self.database!r})"


@dataclass(frozen=True)
class Status:
    """What ``kb db status`` reports."""

    mode: Mode
    uri: str
    running: bool
    version: str | None = None
    edition: str | None = None
    nodes: int | None = None
    relationships: int | None = None
    pid: int | None = None
    detail: str = ""


def docker_available() -> bool:
    """True when a Docker engine answers (not merely a client on the PATH)."""
    docker = shutil.which("docker")
    if docker is None:
        return False
    try:
        proc = subprocess.run(
            [docker, "info", "--format", "{{.ServerVersion}}"], capture_output=True, text=True, timeout=10, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return proc.returncode == 0 and bool(proc.stdout.strip())


RUNTIME_FILE = "runtime"  # in the state folder: the remembered auto choice, "docker" or "managed"


def remembered_mode(settings: Settings) -> Mode | None:
    """The auto choice an earlier command made for this state folder, if any (and still valid)."""
    path = settings.state_dir / RUNTIME_FILE
    try:
        said = path.read_text(encoding="utf-8").strip()
    except OSError:
        return None
    return Mode(said) if said in (Mode.DOCKER.value, Mode.MANAGED.value) else None


def _remember(settings: Settings, mode: Mode) -> None:
    try:
        ensure_private_dir(settings.state_dir)
        (settings.state_dir / RUNTIME_FILE).write_text(mode.value + "\n", encoding="utf-8")
    except OSError:
        pass  # a read-only state folder: the choice is simply made again next time


def choose_mode(settings: Settings) -> Mode:
    if settings.runtime != "auto":
        try:
            return Mode(settings.runtime)
        except ValueError:
            raise KbError(
                _("MAILLAGE_RUNTIME={runtime!r} is not one of auto, external, docker, managed.").format(
                    runtime=settings.runtime
                )
            ) from None
    if settings.neo4j_uri:
        return Mode.EXTERNAL
    remembered = remembered_mode(settings)
    if remembered is not None:
        return remembered
    mode = Mode.DOCKER if docker_available() else Mode.MANAGED
    _remember(settings, mode)
    return mode


def _docker_password(settings: Settings) -> str:
    if settings.neo4j_password is not None:
        return settings.neo4j_password.get_secret_value()
    path = settings.state_dir / "docker-password"
    if path.is_file():
        return path.read_text(encoding="utf-8").strip()
    ensure_private_dir(settings.state_dir)
    password = secrets.token_urlsafe(24)
    _write_private(path, password + "\n")
    return password


def connection(settings: Settings | None = None) -> Connection:
    """Resolve the connection for the chosen mode (no network I/O for external servers)."""
    settings = settings or get_settings()
    mode = choose_mode(settings)
    if mode is Mode.EXTERNAL:
        if not settings.neo4j_uri:
            raise ConnectionFailed(_("MAILLAGE_RUNTIME=external needs NEO4J_URI."))
        password = settings.neo4j_password.get_secret_value() if settings.neo4j_password else ""
        return Connection(mode, settings.neo4j_uri, settings.neo4j_user, password, settings.neo4j_database)
    if mode is Mode.DOCKER:
        return Connection(mode, "bolt://127.0.0.1:7687", "neo4j", _docker_password(settings), settings.neo4j_database)
    server = ManagedServer(settings)
    if not server.password_file.is_file():
        raise ConnectionFailed(_("The managed Neo4j has never been started: run `kb db start` (or `make demo`)."))
    return Connection(mode, server.uri, "neo4j", server.password(), settings.neo4j_database)


def open_graph(conn: Connection, settings: Settings) -> Graph:
    """A ``Graph`` for ``conn`` with the settings' deadlines (not yet verified)."""
    return Graph(
        conn.uri,
        conn.user,
        conn.password,
        conn.database,
        settings.retry_seconds,
        connect_timeout=settings.connect_timeout,
        query_timeout=settings.query_timeout,
        write_timeout=settings.write_timeout,
    )


def connect(settings: Settings | None = None) -> Graph:
    """A ``Graph`` on the configured server. Raises ``ConnectionFailed`` if it does not answer,
    ``QueryTimeout`` if it accepts the connection but does not answer in time."""
    settings = settings or get_settings()
    conn = connection(settings)
    graph = open_graph(conn, settings)
    try:
        graph.verify()
    except KbError:
        graph.close()
        raise
    return graph


def _compose(settings: Settings, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, NEO4J_PASSWORD=_docker_password(settings))
    cmd = ["docker", "compose", "-f", str(PROJECT_ROOT / "docker-compose.yml"), *args]
    return subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)


def start(settings: Settings | None = None, progress: Progress = _quiet) -> tuple[Status, bool]:
    """Start (or find running) the server; returns its status and whether it was already up."""
    settings = settings or get_settings()
    mode = choose_mode(settings)
    already = False
    if mode is Mode.MANAGED:
        already = ManagedServer(settings).start(progress).already_running
    elif mode is Mode.DOCKER:
        progress(_("Starting Neo4j with docker compose…"))
        proc = _compose(settings, "up", "-d", "--wait")
        if proc.returncode != 0:
            raise ServerError(_("docker compose up failed:\n{output}").format(output=proc.stderr.strip()[-2000:]))
    st = status(settings)
    if not st.running and mode is Mode.EXTERNAL:
        raise ConnectionFailed(
            _(
                "Cannot connect to Neo4j at {uri} (NEO4J_URI), a server Maillage does not "
                "run ({detail}): start it yourself, or unset NEO4J_URI to use a managed one."
            ).format(uri=st.uri, detail=st.detail.rstrip("."))
        )
    if not st.running:
        raise ConnectionFailed(_("Neo4j at {uri} does not answer: {detail}").format(uri=st.uri, detail=st.detail))
    return st, already


def stop(settings: Settings | None = None) -> str:
    """Stop the server Maillage runs; an external server is left alone."""
    settings = settings or get_settings()
    mode = choose_mode(settings)
    if mode is Mode.EXTERNAL:
        return _("NEO4J_URI points to a server Maillage does not run; nothing stopped.")
    if mode is Mode.DOCKER:
        proc = _compose(settings, "stop")
        if proc.returncode != 0:
            raise ServerError(_("docker compose stop failed:\n{output}").format(output=proc.stderr.strip()[-2000:]))
        return _("Neo4j (docker compose) stopped.")
    stopped = ManagedServer(settings).stop()
    return _("Neo4j stopped.") if stopped else _("Neo4j was not running.")


def status(settings: Settings | None = None) -> Status:
    """Is it running; its version, edition and size."""
    settings = settings or get_settings()
    mode = choose_mode(settings)
    pid = None
    if mode is Mode.MANAGED:
        server = ManagedServer(settings)
        pid = server.pid()
        if pid is None:
            uri = server.uri if server.port_file.is_file() else "bolt://127.0.0.1:7687"
            return Status(mode, uri, False, detail=_("not running (start it with `kb db start`)"))
    try:
        conn = connection(settings)
    except KbError as err:
        return Status(mode, redact(settings.neo4j_uri or ""), False, detail=str(err))
    try:
        with open_graph(conn, settings) as graph:
            graph.verify()
            info = graph.server_info()
            # whole-database counts, not a question: answered during a load's switch too (kb/generations.py)
            counts = graph.read(catalog.get("graph_size").text, barred=False)
    except KbError as err:
        return Status(mode, redact(conn.uri), False, pid=pid, detail=str(err))
    return Status(
        mode, redact(conn.uri), True, info["version"], info["edition"], counts[0]["nodes"], counts[0]["rels"], pid
    )
