"""The one door to Neo4j: the driver, managed transactions, and error translation.

No other module imports ``neo4j``. Everything above gets plain ``dict`` rows or pydantic models
built from them, never driver records; every call names its database so that reads can be
routed by a cluster (``neo4j://``, ``neo4j+s://``).
"""

from __future__ import annotations

import logging
import math
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, LiteralString, TypeVar
from urllib.parse import urlsplit, urlunsplit

from kb.errors import (
    ConnectionFailed,
    KbError,
    LoadSwitching,
    QueryRejected,
    QueryTimeout,
    TransactionTooBig,
    UsageError,
)
from kb.i18n import N_, _

# The driver imports numpy, pandas and pyarrow when they are installed (``neo4j._optional_deps``),
# to take and give their arrays. Maillage sends and reads only plain values, and numpy (installed
# for the maps) cost about 0.1 s of every command's start-up. They are hidden while the driver
# loads, so the driver sees them as absent; whoever imports them later gets them as usual.
ARRAY_LIBRARIES = ("numpy", "pandas", "pyarrow")
_hidden = [name for name in ARRAY_LIBRARIES if name not in sys.modules]
for _name in _hidden:
    sys.modules[_name] = None  # type: ignore[assignment]  # a None entry: ``import name`` raises ImportError
try:
    import neo4j
    from neo4j import GraphDatabase, Query
    from neo4j import exceptions as neo4j_errors
finally:
    for _name in _hidden:
        if _name in sys.modules and sys.modules[_name] is None:
            del sys.modules[_name]

# The driver logs retries and warnings; front ends show our errors instead, so keep its
# records off stderr unless an application configures logging itself.
_driver_log = logging.getLogger("neo4j")
_driver_log.addHandler(logging.NullHandler())
_driver_log.propagate = False

T = TypeVar("T")


def _literal(cypher: str) -> LiteralString:
    """Mark query text as trusted: it comes from cypher/ files or kb's literals (or, for the
    read-only console, has passed its checks); values always travel as parameters."""
    return cypher


Row = dict[str, Any]


@dataclass(frozen=True)
class Counters:
    """What a write changed, summed over its statements."""

    nodes_created: int = 0
    nodes_deleted: int = 0
    relationships_created: int = 0
    relationships_deleted: int = 0
    properties_set: int = 0

    def __add__(self, other: Counters) -> Counters:
        return Counters(*(a + b for a, b in zip(self.as_tuple(), other.as_tuple(), strict=True)))

    def as_tuple(self) -> tuple[int, ...]:
        return (
            self.nodes_created,
            self.nodes_deleted,
            self.relationships_created,
            self.relationships_deleted,
            self.properties_set,
        )

    @property
    def changed(self) -> bool:
        return any(self.as_tuple())


def _counters(summary: neo4j.ResultSummary) -> Counters:
    c = summary.counters
    return Counters(
        c.nodes_created, c.nodes_deleted, c.relationships_created, c.relationships_deleted, c.properties_set
    )


#: URI schemes the driver speaks Bolt with (``http://`` is Neo4j's HTTP API, another protocol).
BOLT_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
#: The longest timeout a call accepts, in seconds (a week): beyond it the driver's milliseconds overflow.
MAX_TIMEOUT = 7 * 24 * 3600.0
#: Seconds a call may run past its query timeout before the client gives up on the server itself.
DEADLINE_GRACE = 5.0
# Resample every index, wait for it (at most $s seconds), then empty the query caches (Graph.refresh_plans).
REPLAN = "CALL db.prepareForReplanning($s)"
log = logging.getLogger(__name__)


def redact(uri: str) -> str:
    """``uri`` without any ``user:password@`` part, fit for messages."""
    try:
        parts = urlsplit(uri)
    except ValueError:
        return "<unparsable URI>"
    if parts.username is None and parts.password is None and "@" not in parts.netloc:
        return uri
    host = parts.netloc.rsplit("@", 1)[-1]
    return urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))


def check_uri(uri: str) -> None:
    """Raise ``ConnectionFailed`` (one line, what to do) unless ``uri`` is a Bolt URI without credentials."""
    try:
        parts = urlsplit(uri)
        parts.port  # noqa: B018  (raises ValueError on a bad port)
    except ValueError:
        raise ConnectionFailed(
            _("NEO4J_URI {uri!r} is not a valid URI: give bolt://HOST:7687 or neo4j://HOST:7687.").format(
                uri=redact(uri)
            )
        ) from None
    scheme = parts.scheme.lower()
    if scheme not in BOLT_SCHEMES:
        hint = _(" (that is Neo4j's HTTP API; Maillage talks Bolt, usually on port 7687)") if "http" in scheme else ""
        raise ConnectionFailed(
            _(
                "NEO4J_URI scheme {scheme!r} is not supported{hint}: use one of {schemes}, e.g. bolt://127.0.0.1:7687."
            ).format(scheme=scheme or "(none)", hint=hint, schemes=", ".join(s + "://" for s in BOLT_SCHEMES))
        )
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        raise ConnectionFailed(
            _(
                "NEO4J_URI {uri!r} carries credentials: remove them from the URI "
                "and set NEO4J_USER and NEO4J_PASSWORD instead."
            ).format(uri=redact(uri))
        )
    if not parts.hostname:
        raise ConnectionFailed(_("NEO4J_URI {uri!r} names no host: give bolt://HOST:7687.").format(uri=redact(uri)))


def check_timeout(seconds: float | None, what: str = N_("the query timeout")) -> float | None:
    """``seconds`` if it is a usable timeout (finite, positive, at most a week); else ``UsageError``."""
    if seconds is None:
        return None
    if not isinstance(seconds, int | float) or not math.isfinite(seconds) or not 0 < seconds <= MAX_TIMEOUT:
        raise UsageError(
            _("{what} must be a number of seconds between 0 and {max} (a week), not {seconds!r}.").format(
                what=_(what), max=f"{MAX_TIMEOUT:.0f}", seconds=seconds
            )
        )
    return float(seconds)


def _tls(err: BaseException) -> bool:
    text = f"{err} {err.__cause__!r}".lower()
    return any(word in text for word in ("ssl", "tls", "certificate", "encrypt"))


def translate(err: Exception, uri: str = "") -> KbError:
    """Turn a driver exception into one of ours, with a sentence a user can act on (never a secret)."""
    shown = redact(uri) if uri else ""
    where = _(" at {uri}").format(uri=shown) if shown else ""
    secure = urlsplit(uri).scheme.endswith(("+s", "+ssc")) if uri else False
    code = (getattr(err, "code", None) or "") if isinstance(err, neo4j_errors.Neo4jError) else ""
    if "AuthenticationRateLimit" in code:
        return ConnectionFailed(
            _(
                "Neo4j{where} refuses logins for a few seconds after too many failed attempts: "
                "wait, then check NEO4J_USER / NEO4J_PASSWORD."
            ).format(where=where)
        )
    if isinstance(err, neo4j_errors.AuthError) or code.startswith("Neo.ClientError.Security.Unauthorized"):
        return ConnectionFailed(
            _("Neo4j{where} refused the credentials (check NEO4J_USER / NEO4J_PASSWORD).").format(where=where)
        )
    if "CredentialsExpired" in code:
        return ConnectionFailed(
            _("The password for Neo4j{where} has expired: change it, then set NEO4J_PASSWORD.").format(where=where)
        )
    if isinstance(err, neo4j_errors.ServiceUnavailable | neo4j_errors.SessionExpired):
        if secure and _tls(err):
            return ConnectionFailed(
                _(
                    "The TLS handshake with Neo4j{where} failed: the server may not use TLS "
                    "(try bolt:// or neo4j:// instead of +s), or its certificate is not trusted (+ssc accepts it)."
                ).format(where=where)
            )
        if isinstance(err.__cause__, TimeoutError) or "timed out" in str(err).lower():
            return QueryTimeout(
                _(
                    "Neo4j{where} accepted the connection but did not answer in time: it may be stalled or "
                    "overloaded; check it with `kb db status`."
                ).format(where=where)
            )
        return ConnectionFailed(
            _("Cannot connect to Neo4j{where}: is it running? Start it with `kb db start`.").format(where=where)
        )
    if isinstance(err, neo4j_errors.ConfigurationError):
        return ConnectionFailed(
            _("Bad Neo4j connection settings{where}: {error}").format(where=where, error=_scrub(str(err), uri))
        )
    if isinstance(err, neo4j_errors.Neo4jError) and is_memory_limit(err):
        return TransactionTooBig(
            _(
                "The transaction went past Neo4j's memory limit (db.memory.transaction.max); it was not retried, "
                "and nothing it did was kept: {error}"
            ).format(error=" ".join((err.message or str(err)).split()))
        )
    if isinstance(err, neo4j_errors.Neo4jError):
        message = err.message or str(err)
        if "TransactionTimedOut" in code or "timed out" in message.lower():
            return QueryTimeout(_("The query ran past its time limit: {error}").format(error=message))
        return QueryRejected(
            _("Neo4j rejected the query ({code}): {error}").format(
                code=code.rsplit(".", 1)[-1] or "error", error=message
            )
        )
    if isinstance(err, neo4j_errors.DriverError):
        return ConnectionFailed(
            _("Neo4j driver error{where}: {error}").format(where=where, error=_scrub(str(err), uri))
        )
    return KbError(_scrub(str(err), uri))


def is_memory_limit(err: BaseException) -> bool:
    """Is ``err`` Neo4j refusing a transaction for memory (``MemoryPoolOutOfMemoryError``...)?

    The driver classes these as transient and would replay the whole transaction, which fails
    again the same way after as long: they are never retried."""
    code = (getattr(err, "code", None) or "") if isinstance(err, neo4j_errors.Neo4jError) else ""
    return "OutOfMemory" in code or "MemoryPool" in code


def _unit(work: Callable[[neo4j.ManagedTransaction], T], uri: str) -> Callable[[neo4j.ManagedTransaction], T]:
    """``work`` for ``execute_write``, except that a memory-limit error ends it without a retry."""

    def unit(tx: neo4j.ManagedTransaction) -> T:
        try:
            return work(tx)
        except neo4j_errors.Neo4jError as err:
            if is_memory_limit(err):
                raise translate(err, uri) from None
            raise

    return unit


# The load switch's barrier (kb/generations.py). A load switches the extracts to their new
# generation in batches (one transaction would not fit in Neo4j's memory at national scale); while
# it does, the ``LoadPointer`` node names it, and every read of this module, checked in its own
# transaction first, leaves that transaction and waits rather than see half of the switch.
SWITCH_CHECK = "OPTIONAL MATCH (p:LoadPointer {id: 'switch'}) RETURN p.token AS token"
SWITCH_POLL = 0.25


class _Switching(Exception):
    """Raised inside a read transaction that found a switch under way (caught by ``_open``)."""


def _barred(work: Callable[[neo4j.ManagedTransaction], T]) -> Callable[[neo4j.ManagedTransaction], T]:
    def unit(tx: neo4j.ManagedTransaction) -> T:
        record = tx.run(SWITCH_CHECK).single()
        if record is not None and record["token"] is not None:
            raise _Switching
        return work(tx)

    return unit


def _open(seconds: float, attempt: Callable[[], T]) -> T:
    """``attempt()`` (a barred read), again every ``SWITCH_POLL`` s while a switch is under way."""
    end = time.monotonic() + seconds
    while True:
        try:
            return attempt()
        except _Switching:
            if time.monotonic() + SWITCH_POLL > end:
                raise LoadSwitching(
                    _(
                        "A load was switching the knowledge base to new extracts for more than {seconds}s; the "
                        "question was not answered (it would have seen half of them). Try again in a moment; if no "
                        "`kb seed load` is running, run it: it finishes the interrupted switch."
                    ).format(seconds=f"{seconds:g}")
                ) from None
            time.sleep(SWITCH_POLL)


def _scrub(text: str, uri: str) -> str:
    """``text`` with ``uri`` (and any password it carries) replaced by its redacted form; one line."""
    if uri:
        text = text.replace(uri, redact(uri))
        try:
            secret = urlsplit(uri).password
        except ValueError:
            secret = None
        if secret:
            text = text.replace(secret, "***")
    return " ".join(text.split())


def _bounded(seconds: float | None, what: str, uri: str, fn: Callable[[], T]) -> T:
    """Run ``fn`` in a helper thread; give up after ``seconds`` with ``QueryTimeout``.

    The driver bounds connecting but not a read on a socket whose server stopped answering
    (a SIGSTOPped or swapped-out JVM): this deadline is the client's own. The abandoned call
    stays in a daemon thread, which dies with the process.
    """
    if seconds is None:
        return fn()
    box: dict[str, Any] = {}
    done = threading.Event()

    def target() -> None:
        try:
            box["value"] = fn()
        except BaseException as err:  # handed to the caller's thread below
            box["error"] = err
        finally:
            done.set()

    threading.Thread(target=target, name=f"kb-neo4j-{what}", daemon=True).start()
    if not done.wait(seconds):
        raise QueryTimeout(
            _(
                "Neo4j at {uri} did not answer within {seconds}s ({what}): the server may be stalled "
                "or overloaded; check it with `kb db status`, or raise MAILLAGE_QUERY_TIMEOUT."
            ).format(uri=redact(uri), seconds=f"{seconds:g}", what=what)
        )
    if "error" in box:
        raise box["error"]
    return box["value"]  # type: ignore[no-any-return]


def probe(uri: str, user: str, password: str) -> tuple[bool, str]:
    """Does Bolt answer these credentials now? (used while a server starts)."""

    def attempt() -> None:
        with GraphDatabase.driver(
            uri, auth=(user, password), connection_timeout=3.0, connection_acquisition_timeout=5.0
        ) as driver:
            driver.verify_connectivity()

    try:
        _bounded(8.0, "probe", uri, attempt)
        return True, "ok"
    except (neo4j_errors.DriverError, neo4j_errors.Neo4jError, OSError, QueryTimeout) as err:
        return False, type(err).__name__


@dataclass(frozen=True)
class Plan:
    """What ``EXPLAIN`` says of a query: its type (``r``, ``w``, ``rw``, ``s``), columns, operator tree."""

    query_type: str
    columns: list[str]
    plan: dict[str, Any] | None
    database: str | None


class Graph:
    """A connection to one Neo4j database. Use as a context manager or call ``close()``.

    Every call has a client-side deadline: ``connect_timeout`` for connecting, the query's own
    timeout (``query_timeout`` by default) plus :data:`DEADLINE_GRACE` for a read, and
    ``write_timeout`` for a write. Past it the call ends in ``QueryTimeout`` even when the server
    has stopped answering altogether. ``uri`` is the address without credentials.
    """

    def __init__(
        self,
        uri: str,
        user: str,
        password: str,
        database: str = "neo4j",
        retry_seconds: float = 10.0,
        *,
        connect_timeout: float = 10.0,
        query_timeout: float = 30.0,
        write_timeout: float = 900.0,
    ) -> None:
        check_uri(uri)
        self.uri = redact(uri)
        self.database = database
        self.connect_timeout = check_timeout(connect_timeout, N_("the connection timeout")) or 10.0
        self.query_timeout = check_timeout(query_timeout, "MAILLAGE_QUERY_TIMEOUT") or 30.0
        self.write_timeout = check_timeout(write_timeout, "MAILLAGE_WRITE_TIMEOUT")
        retry = (check_timeout(retry_seconds, "MAILLAGE_RETRY_SECONDS") if retry_seconds else None) or 0.0
        self._raw_uri = uri
        try:
            self._driver = GraphDatabase.driver(
                uri,
                auth=(user, password),
                connection_timeout=self.connect_timeout,
                connection_acquisition_timeout=self.connect_timeout + DEADLINE_GRACE,
                # Managed transactions retry transient failures (a cluster leader switch); a
                # server that is simply gone should be reported within seconds, not after 30.
                max_transaction_retry_time=retry,
                # Warnings such as "label does not exist" on an empty graph are not for analysts.
                notifications_min_severity=neo4j.NotificationMinimumSeverity.OFF,
            )
        except (neo4j_errors.DriverError, ValueError, ImportError) as err:
            raise ConnectionFailed(
                _("Bad Neo4j URI {uri!r}: {error}").format(uri=self.uri, error=_scrub(str(err), uri))
            ) from None

    def __enter__(self) -> Graph:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the driver; bounded too, since a stalled server may not take its goodbye."""
        try:
            _bounded(self.connect_timeout, "close", self.uri, self._driver.close)
        except (QueryTimeout, neo4j_errors.DriverError, OSError, BufferError):
            # Best effort: the process is leaving, and its socket goes with it. BufferError: Ctrl-C left
            # the query's worker thread mid-message on the connection, whose goodbye then cannot be
            # written ("Existing exports of data", CI session 7); it must not replace the interrupt.
            pass

    def _call(self, seconds: float | None, what: str, fn: Callable[[], T]) -> T:
        """``fn()`` under a deadline, its driver errors translated."""
        try:
            return _bounded(seconds, what, self._raw_uri, fn)
        except KbError:
            raise
        except (neo4j_errors.DriverError, neo4j_errors.Neo4jError) as err:
            raise translate(err, self._raw_uri) from None

    def refresh_plans(self, seconds: float = 60.0) -> bool:
        """After a write that changes the graph's shape (the reference's 36k territories where there were none):
        resample the indexes, wait for it, and drop the cached plans (``db.prepareForReplanning``).

        Cypher keeps a plan made on the graph as it was: ``map_communes`` planned on an empty graph kept
        starting from every commune after the reference load (64.9M db hits for the Orne instead of
        15k, past the 30 s timeout). The procedure needs an admin; for another user the indexes are
        only resampled (their plans refresh by Neo4j's own rule, ``dbms.cypher.min_replan_interval``).
        Returns whether the plans were dropped."""

        def run(cypher: str, params: dict[str, Any]) -> None:
            with self._driver.session(database=self.database) as session:
                session.run(_literal(cypher), params).consume()

        try:
            self._call(seconds + DEADLINE_GRACE, "write", lambda: run(REPLAN, {"s": max(1, math.ceil(seconds))}))
            return True
        except KbError as err:
            log.info("plans not refreshed (%s); resampling the indexes only", err)
        try:
            self._call(seconds + DEADLINE_GRACE, "write", lambda: run("CALL db.resampleOutdatedIndexes()", {}))
        except KbError as err:
            log.info("indexes not resampled: %s", err)
        return False

    def _read_deadline(self, timeout: float | None) -> float:
        return (check_timeout(timeout) or self.query_timeout) + DEADLINE_GRACE

    def verify(self) -> None:
        """Raise ``ConnectionFailed`` unless the server answers (``QueryTimeout`` if it stalls)."""
        self._call(self.connect_timeout + DEADLINE_GRACE, "connect", self._driver.verify_connectivity)

    def read(
        self, cypher: str, params: Mapping[str, Any] | None = None, timeout: float | None = None, *, barred: bool = True
    ) -> list[Row]:
        """Run one read query in a managed, routable read transaction; rows as dicts. Waits while a
        load switches generations (``SWITCH_CHECK``) unless ``barred`` is False (the loader's own
        reads, and administration commands, which cannot share a transaction with a query)."""
        seconds = check_timeout(timeout) or self.query_timeout

        def unit(tx: neo4j.ManagedTransaction) -> list[Row]:
            return [record.data() for record in tx.run(_literal(cypher), dict(params or {}))]

        def attempt() -> list[Row]:
            with self._driver.session(database=self.database, default_access_mode=neo4j.READ_ACCESS) as session:
                return session.execute_read(neo4j.unit_of_work(timeout=seconds)(_barred(unit) if barred else unit))

        return self._call(self._read_deadline(timeout), "read", lambda: _open(seconds, attempt))

    def write(self, cypher: str, params: Mapping[str, Any] | None = None) -> tuple[list[Row], Counters]:
        """Run one write query in its own managed write transaction."""

        def unit(tx: neo4j.ManagedTransaction) -> tuple[list[Row], Counters]:
            result = tx.run(_literal(cypher), dict(params or {}))
            rows = [record.data() for record in result]
            return rows, _counters(result.consume())

        def work() -> tuple[list[Row], Counters]:
            with self._driver.session(database=self.database) as session:
                return session.execute_write(_unit(unit, self._raw_uri))

        return self._call(self.write_timeout, "write", work)

    def write_in_batches(self, cypher: str, params: Mapping[str, Any] | None = None) -> Counters:
        """Run a ``CALL {...} IN TRANSACTIONS`` write, which needs an implicit transaction."""

        def work() -> Counters:
            with self._driver.session(database=self.database) as session:
                return _counters(session.run(_literal(cypher), dict(params or {})).consume())

        return self._call(self.write_timeout, "write", work)

    def write_transaction(self, work: Callable[[Tx], T]) -> T:
        """Run ``work`` in one managed write transaction: all of it commits, or none of it."""

        def unit(tx: neo4j.ManagedTransaction) -> T:
            return work(Tx(tx))

        def call() -> T:
            with self._driver.session(database=self.database) as session:
                return session.execute_write(_unit(unit, self._raw_uri))

        return self._call(self.write_timeout, "write", call)

    @contextmanager
    def hold_lock(
        self, cypher: str, params: Mapping[str, Any] | None = None, waiting: Callable[[], None] = lambda: None
    ) -> Iterator[None]:
        """Run ``cypher`` (a write that takes a node's lock) in a transaction kept open for the block,
        then rolled back: a lock that dies with its holder (a crashed client, a restarted server).
        While another holder has it, calls ``waiting()`` and tries again, up to ``write_timeout``."""
        session = self._driver.session(database=self.database)
        # The transaction's own timeout: it stays open for the whole load (the server's default
        # db.transaction.timeout would end it early).
        seconds = MAX_TIMEOUT if self.write_timeout is None else min(MAX_TIMEOUT, 24 * self.write_timeout)
        deadline = time.monotonic() + (self.write_timeout or MAX_TIMEOUT)
        holder: list[neo4j.Transaction] = []

        def attempt() -> bool:
            tx = session.begin_transaction(timeout=seconds, metadata={"maillage": "load-lock"})
            try:
                tx.run(_literal(cypher), dict(params or {})).consume()
            except neo4j_errors.TransientError as err:
                tx.close()
                if "LockAcquisition" in (err.code or "") or "Deadlock" in (err.code or ""):
                    return False
                raise
            holder.append(tx)
            return True

        try:
            while not self._call(self.write_timeout, "lock", attempt):
                if time.monotonic() > deadline:
                    raise QueryTimeout(
                        _("Another load held the load lock for longer than MAILLAGE_WRITE_TIMEOUT; try later.")
                    )
                waiting()
            yield
        finally:
            for tx in holder:
                try:
                    _bounded(self.connect_timeout, "unlock", self.uri, tx.close)
                except (QueryTimeout, neo4j_errors.DriverError, neo4j_errors.Neo4jError, OSError):
                    pass
            try:
                _bounded(self.connect_timeout, "close", self.uri, session.close)
            except (QueryTimeout, neo4j_errors.DriverError, neo4j_errors.Neo4jError, OSError):
                pass

    def read_transaction(self, work: Callable[[Tx], T], timeout: float | None = None) -> T:
        """Run ``work`` in one managed read transaction (several statements, one snapshot)."""

        def unit(tx: neo4j.ManagedTransaction) -> T:
            return work(Tx(tx))

        seconds = check_timeout(timeout) or self.query_timeout
        unit_ = neo4j.unit_of_work(timeout=seconds)(_barred(unit))

        def call() -> T:
            with self._driver.session(database=self.database, default_access_mode=neo4j.READ_ACCESS) as session:
                return session.execute_read(unit_)

        return self._call(self._read_deadline(timeout), "read", lambda: _open(seconds, call))

    def read_capped(
        self, cypher: str, params: Mapping[str, Any] | None, timeout: float, cap: int
    ) -> tuple[list[str], list[Row], bool]:
        """Run an analyst's query in a read transaction with a timeout; at most ``cap`` rows.

        Returns the columns, the rows and whether more rows were left unread.
        """
        seconds = check_timeout(timeout) or self.query_timeout

        def unit(tx: neo4j.ManagedTransaction) -> tuple[list[str], list[Row], bool]:
            result = tx.run(_literal(cypher), dict(params or {}))
            keys = list(result.keys())
            rows: list[Row] = []
            for record in result:
                if len(rows) == cap:
                    return keys, rows, True
                rows.append(record.data())
            return keys, rows, False

        def call() -> tuple[list[str], list[Row], bool]:
            with self._driver.session(database=self.database, default_access_mode=neo4j.READ_ACCESS) as session:
                return session.execute_read(neo4j.unit_of_work(timeout=seconds)(_barred(unit)))

        return self._call(seconds + DEADLINE_GRACE, "read", lambda: _open(seconds, call))

    def plan(self, cypher: str, params: Mapping[str, Any] | None = None) -> Plan:
        """Plan ``cypher`` without running it (``EXPLAIN``): type, columns, operators, database."""

        def call() -> Plan:
            with self._driver.session(database=self.database, default_access_mode=neo4j.READ_ACCESS) as session:
                result = session.run(
                    Query(_literal("EXPLAIN " + cypher), timeout=self.query_timeout), dict(params or {})
                )
                keys = list(result.keys())
                summary = result.consume()
            plan = summary.plan if isinstance(summary.plan, dict) else None
            database = summary.database if isinstance(summary.database, str) else None
            return Plan(str(summary.query_type or ""), keys, plan, database)

        return self._call(self.query_timeout + DEADLINE_GRACE, "plan", call)

    def explain(self, cypher: str, params: Mapping[str, Any] | None = None) -> tuple[str, list[str]]:
        """Plan ``cypher`` without running it: its query type (``r``, ``w``, ``rw``, ``s``) and columns."""
        planned = self.plan(cypher, params)
        return planned.query_type, planned.columns

    def profile(self, cypher: str, params: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """PROFILE a read query: total db hits and rows (for benchmarks and reports)."""

        def call() -> tuple[int, dict[str, Any]]:
            with self._driver.session(database=self.database, default_access_mode=neo4j.READ_ACCESS) as session:
                result = session.run(_literal("PROFILE " + cypher), dict(params or {}))
                rows = len(list(result))
                summary = result.consume()
            return rows, summary.profile or {}

        rows, plan = self._call(self.query_timeout + DEADLINE_GRACE, "profile", call)

        def hits(node: Mapping[str, Any]) -> int:
            return int(node.get("dbHits", 0)) + sum(hits(c) for c in node.get("children", []))

        return {"db_hits": hits(plan), "rows": rows}

    def server_info(self) -> dict[str, Any]:
        """Server version, edition and address."""
        # A DBMS procedure (Neo4j plans it as an administration call), so not a cypher/ query file.
        rows = self.read(
            "CALL dbms.components() YIELD name, versions, edition RETURN name, versions[0] AS version, edition",
            barred=False,  # about the server, not the data: answered during a load's switch too
        )
        row = rows[0] if rows else {}
        return {"version": row.get("version"), "edition": row.get("edition"), "uri": self.uri}


class Tx:
    """A managed transaction handed to ``write_transaction`` / ``read_transaction`` work."""

    def __init__(self, tx: neo4j.ManagedTransaction) -> None:
        self._tx = tx
        self.counters = Counters()

    def run(self, cypher: str, params: Mapping[str, Any] | None = None) -> list[Row]:
        result = self._tx.run(_literal(cypher), dict(params or {}))
        rows = [record.data() for record in result]
        self.counters = self.counters + _counters(result.consume())
        return rows
