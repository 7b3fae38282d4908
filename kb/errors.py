"""The project's error classes: what can go wrong, in words a user can act on.

Every error carries the process exit code the CLI uses for it, so front ends never map
exceptions themselves. The driver layer (``kb.db``) translates neo4j's exceptions into these.
"""

from __future__ import annotations


class KbError(Exception):
    """Base of every expected failure. ``str(err)`` is a sentence for the user."""

    exit_code = 1


class InvalidInput(KbError):
    """Input rejected: a bad file, a bad parameter, a refused query."""

    exit_code = 1


class UsageError(KbError):
    """A bad option or setting (an infinite timeout, an unknown runtime): exit 2, like bad usage."""

    exit_code = 2


class NotFound(KbError):
    """No entity has that id or name."""

    exit_code = 1


class Ambiguous(KbError):
    """A name matches several entities; ``candidates`` lists them."""

    exit_code = 1

    def __init__(self, message: str, candidates: list[dict[str, str]] | None = None) -> None:
        super().__init__(message)
        self.candidates = candidates or []


class QueryRejected(KbError):
    """The database refused a query (syntax, a write in a read-only console, a constraint)."""

    exit_code = 1


class TransactionTooBig(QueryRejected):
    """Neo4j refused a transaction for memory (``db.memory.transaction.max``); never retried."""

    exit_code = 1


class ConnectionFailed(KbError):
    """The database cannot be reached or refuses our credentials."""

    exit_code = 3


class ServerError(KbError):
    """The managed server could not be provisioned, started or stopped."""

    exit_code = 3


class QueryTimeout(KbError):
    """A query ran past its time limit."""

    exit_code = 4


class LoadSwitching(QueryTimeout):
    """A load was switching the extracts to a new generation for longer than the read could wait."""

    exit_code = 4
