"""The one door to Neo4j: the driver, managed transactions, and error translation.

No other module imports ``neo4j``. Everything above gets plain ``dict`` rows or pydantic models
built from them, never driver records; every call names its database so that reads can be
routed by a cluster (``neo4j://``, ``neo4j+s://``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, LiteralString, TypeVar

import neo4j
from neo4j import GraphDatabase, Query, RoutingControl
from neo4j import exceptions as neo4j_errors

from kb.errors import ConnectionFailed, KbError, QueryRejected, QueryTimeout

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


def translate(err: Exception, uri: str = "") -> KbError:
    """Turn a driver exception into one of ours, with a sentence a user can act on."""
    where = f" at {uri}" if uri else ""
    if isinstance(err, neo4j_errors.AuthError):
        return ConnectionFailed(f"Neo4j{where} refused the credentials (check NEO4J_USER / NEO4J_PASSWORD).")
    if isinstance(err, neo4j_errors.ServiceUnavailable | neo4j_errors.SessionExpired):
        return ConnectionFailed(f"Cannot connect to Neo4j{where}: is it running? Start it with `kb db start`.")
    if isinstance(err, neo4j_errors.ConfigurationError):
        return ConnectionFailed(f"Bad Neo4j connection settings{where}: {err}")
    if isinstance(err, neo4j_errors.Neo4jError):
        code = err.code or ""
        message = err.message or str(err)
        if "TransactionTimedOut" in code or "Transaction.TransactionTimedOut" in code or "timed out" in message.lower():
            return QueryTimeout(f"The query ran past its time limit: {message}")
        return QueryRejected(f"Neo4j rejected the query ({code.rsplit('.', 1)[-1] or 'error'}): {message}")
    if isinstance(err, neo4j_errors.DriverError):
        return ConnectionFailed(f"Neo4j driver error{where}: {err}")
    return KbError(str(err))


def probe(uri: str, user: str, password: str) -> tuple[bool, str]:
    """Does Bolt answer these credentials now? (used while a server starts)."""
    try:
        with GraphDatabase.driver(
            uri, auth=(user, password), connection_timeout=3.0, max_connection_lifetime=10
        ) as driver:
            driver.verify_connectivity()
        return True, "ok"
    except (neo4j_errors.DriverError, neo4j_errors.Neo4jError, OSError) as err:
        return False, type(err).__name__


class Graph:
    """A connection to one Neo4j database. Use as a context manager or call ``close()``."""

    def __init__(
        self, uri: str, user: str, password: str, database: str = "neo4j", retry_seconds: float = 10.0
    ) -> None:
        self.uri = uri
        self.database = database
        try:
            self._driver = GraphDatabase.driver(
                uri,
                auth=(user, password),
                connection_timeout=10.0,
                # Managed transactions retry transient failures (a cluster leader switch); a
                # server that is simply gone should be reported within seconds, not after 30.
                max_transaction_retry_time=retry_seconds,
                # Warnings such as "label does not exist" on an empty graph are not for analysts.
                notifications_min_severity=neo4j.NotificationMinimumSeverity.OFF,
            )
        except (neo4j_errors.DriverError, ValueError) as err:
            raise ConnectionFailed(f"Bad Neo4j URI {uri!r}: {err}") from None

    def __enter__(self) -> Graph:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        self._driver.close()

    @contextmanager
    def _translated(self) -> Iterator[None]:
        try:
            yield
        except KbError:
            raise
        except (neo4j_errors.DriverError, neo4j_errors.Neo4jError) as err:
            raise translate(err, self.uri) from None

    def verify(self) -> None:
        """Raise ``ConnectionFailed`` unless the server answers."""
        with self._translated():
            self._driver.verify_connectivity()

    def read(self, cypher: str, params: Mapping[str, Any] | None = None, timeout: float | None = None) -> list[Row]:
        """Run one read query in a managed, routable read transaction; rows as dicts."""
        query = Query(_literal(cypher), timeout=timeout)
        with self._translated():
            records, _, _ = self._driver.execute_query(
                query, dict(params or {}), routing_=RoutingControl.READ, database_=self.database
            )
        return [record.data() for record in records]

    def write(self, cypher: str, params: Mapping[str, Any] | None = None) -> tuple[list[Row], Counters]:
        """Run one write query in its own managed write transaction."""
        with self._translated():
            records, summary, _ = self._driver.execute_query(
                _literal(cypher),
                dict(params or {}),
                routing_=RoutingControl.WRITE,
                database_=self.database,
            )
        return [record.data() for record in records], _counters(summary)

    def write_in_batches(self, cypher: str, params: Mapping[str, Any] | None = None) -> Counters:
        """Run a ``CALL {...} IN TRANSACTIONS`` write, which needs an implicit transaction."""
        with self._translated(), self._driver.session(database=self.database) as session:
            return _counters(session.run(_literal(cypher), dict(params or {})).consume())

    def write_transaction(self, work: Callable[[Tx], T]) -> T:
        """Run ``work`` in one managed write transaction: all of it commits, or none of it."""

        def unit(tx: neo4j.ManagedTransaction) -> T:
            return work(Tx(tx))

        with self._translated(), self._driver.session(database=self.database) as session:
            return session.execute_write(unit)

    def read_transaction(self, work: Callable[[Tx], T], timeout: float | None = None) -> T:
        """Run ``work`` in one managed read transaction (several statements, one snapshot)."""

        def unit(tx: neo4j.ManagedTransaction) -> T:
            return work(Tx(tx))

        unit_ = neo4j.unit_of_work(timeout=timeout)(unit) if timeout else unit
        with (
            self._translated(),
            self._driver.session(database=self.database, default_access_mode=neo4j.READ_ACCESS) as session,
        ):
            return session.execute_read(unit_)

    def read_capped(
        self, cypher: str, params: Mapping[str, Any] | None, timeout: float, cap: int
    ) -> tuple[list[str], list[Row], bool]:
        """Run an analyst's query in a read transaction with a timeout; at most ``cap`` rows.

        Returns the columns, the rows and whether more rows were left unread.
        """

        def unit(tx: neo4j.ManagedTransaction) -> tuple[list[str], list[Row], bool]:
            result = tx.run(_literal(cypher), dict(params or {}))
            keys = list(result.keys())
            rows: list[Row] = []
            for record in result:
                if len(rows) == cap:
                    return keys, rows, True
                rows.append(record.data())
            return keys, rows, False

        with (
            self._translated(),
            self._driver.session(database=self.database, default_access_mode=neo4j.READ_ACCESS) as session,
        ):
            return session.execute_read(neo4j.unit_of_work(timeout=timeout)(unit))

    def explain(self, cypher: str, params: Mapping[str, Any] | None = None) -> tuple[str, list[str]]:
        """Plan ``cypher`` without running it: its query type (``r``, ``w``, ``rw``, ``s``) and columns."""
        with (
            self._translated(),
            self._driver.session(database=self.database, default_access_mode=neo4j.READ_ACCESS) as session,
        ):
            result = session.run(_literal("EXPLAIN " + cypher), dict(params or {}))
            keys = list(result.keys())
            summary = result.consume()
        return str(summary.query_type or ""), keys

    def profile(self, cypher: str, params: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """PROFILE a read query: total db hits and rows (for benchmarks and reports)."""
        with (
            self._translated(),
            self._driver.session(database=self.database, default_access_mode=neo4j.READ_ACCESS) as session,
        ):
            result = session.run(_literal("PROFILE " + cypher), dict(params or {}))
            rows = len(list(result))
            summary = result.consume()
        plan = summary.profile or {}

        def hits(node: Mapping[str, Any]) -> int:
            return int(node.get("dbHits", 0)) + sum(hits(c) for c in node.get("children", []))

        return {"db_hits": hits(plan), "rows": rows}

    def server_info(self) -> dict[str, Any]:
        """Server version, edition and address."""
        rows = self.read(
            "CALL dbms.components() YIELD name, versions, edition RETURN name, versions[0] AS version, edition"
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
