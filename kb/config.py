"""Settings, read once from the environment (and a ``.env`` file if present).

Connection variables keep the names Neo4j users already know (``NEO4J_URI``, ``NEO4J_USER``,
``NEO4J_PASSWORD``, ``NEO4J_DATABASE``); everything specific to Maillage is ``MAILLAGE_*``.
Called by ``kb.runtime`` (which server to talk to) and ``kb.managed`` (the local server).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from pydantic import AliasChoices, Field, SecretStr, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from kb import validation_words
from kb.errors import UsageError
from kb.i18n import _

PROJECT_ROOT = Path(__file__).resolve().parent.parent
_WEEK = 7 * 24 * 3600.0


def _default_state_dir() -> Path:
    # In a checkout (the usual case: `make demo`), state lives beside the code, git-ignored.
    # Installed elsewhere, it goes where per-user application data goes.
    if (PROJECT_ROOT / "pyproject.toml").is_file() and (PROJECT_ROOT / "kb").is_dir():
        return PROJECT_ROOT / ".maillage"
    return Path.home() / ".local" / "share" / "maillage"


class Settings(BaseSettings):
    """Everything Maillage reads from its environment."""

    # No inf/nan anywhere: an infinite timeout overflows the driver's milliseconds.
    model_config = SettingsConfigDict(env_prefix="MAILLAGE_", env_file=".env", extra="ignore", allow_inf_nan=False)

    neo4j_uri: str | None = Field(default=None, validation_alias=AliasChoices("NEO4J_URI", "MAILLAGE_NEO4J_URI"))
    """An existing server (``bolt://``, ``neo4j://``, ``neo4j+s://``). Unset: Docker or the managed server."""

    neo4j_user: str = Field(
        default="neo4j", validation_alias=AliasChoices("NEO4J_USER", "NEO4J_USERNAME", "MAILLAGE_NEO4J_USER")
    )
    """User name for an existing server; the managed server always uses ``neo4j``."""

    neo4j_password: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("NEO4J_PASSWORD", "MAILLAGE_NEO4J_PASSWORD")
    )
    """Password for an existing server or Docker. The managed server generates and stores its own."""

    neo4j_database: str = Field(
        default="neo4j", validation_alias=AliasChoices("NEO4J_DATABASE", "MAILLAGE_NEO4J_DATABASE")
    )
    """Database name; always passed explicitly so reads can be routed in a cluster."""

    state_dir: Path = Field(default_factory=_default_state_dir)
    """Where the managed server keeps its jars' classpath, config, data, logs and password."""

    runtime: str = "auto"
    """``auto`` (external if NEO4J_URI, else Docker if an engine answers, else managed), or force
    one of ``external``, ``docker``, ``managed``."""

    neo4j_version: str = "5.26.30"
    """Neo4j 5.26 LTS patch release fetched from Maven Central for the managed server."""

    heap: str = "2g"
    """Java heap of the managed server (2 cores / 24 GiB machines: 2g heap + 1g page cache)."""

    pagecache: str = "1g"
    """Page cache of the managed server."""

    start_timeout: float = Field(default=180.0, gt=0, le=_WEEK)
    """Seconds to wait for Bolt to answer after starting a server."""

    retry_seconds: float = Field(default=10.0, ge=0, le=_WEEK)
    """How long managed transactions retry transient failures before giving up."""

    query_timeout: float = Field(default=30.0, gt=0, le=_WEEK)
    """Seconds a read query may run (the free Cypher console, the question library); the client
    gives up on a silent server a few seconds after it."""

    connect_timeout: float = Field(default=10.0, gt=0, le=_WEEK)
    """Seconds to connect (TCP and the Bolt handshake) before giving up."""

    write_timeout: float = Field(default=900.0, gt=0, le=_WEEK)
    """Seconds one write call (a whole ``kb seed load`` transaction) may take before the client gives up."""

    seed_dir: Path = PROJECT_ROOT / "seed"
    """Default folder of YAML extracts for ``kb seed validate|load``."""

    sources_dir: Path = PROJECT_ROOT.parent / "shared" / "seeds"
    """Folder holding the source documents the extracts quote (used to check quotes)."""


@cache
def get_settings() -> Settings:
    """The process-wide settings (read once); a bad value is a ``UsageError`` naming the variable."""
    try:
        return Settings()
    except ValidationError as err:
        raise UsageError(describe(err)) from None


def describe(err: ValidationError) -> str:
    """One line per bad setting: the variable, the value given, what it must be."""
    out = []
    for e in err.errors():
        name = str(e["loc"][0]) if e["loc"] else "?"
        variable = name if name.isupper() else f"MAILLAGE_{name.upper()}"
        value = e.get("input")
        shown = "" if "password" in name.lower() else f"={str(value)[:40]!r}"
        out.append(f"{variable}{shown}: {validation_words.known(e) or str(e['msg']).lower()}")
    return _("Bad setting {settings} (fix it in the environment or .env).").format(settings="; ".join(out))
