"""The store interface: what every backend (SQLite default, PostgreSQL later) provides.

History rules (DESIGN §5): nothing is overwritten; one source fetch is one transaction; a
failed or empty fetch never deletes earlier data; a second run on the same input writes
nothing new.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

from catalog.errors import BadInput
from catalog.models import Classification, FetchSummary, ServerRecord, SourceFetch, ToolDefinition
from catalog.views import ProbeCandidate, ProbeFailure, ServerSummary, ServerView


class StoreError(BadInput):
    """A store that cannot be opened or used (corrupt file, wrong schema version, ...)."""


class Store(ABC):
    # --- writes -------------------------------------------------------------------------
    @abstractmethod
    def record_fetch(self, fetch: SourceFetch, records: Iterable[ServerRecord], *, complete: bool = True) -> FetchSummary:
        """Store every record of one source fetch in ONE transaction.

        `records` may be a generator (streamed pages); if it raises, nothing of this fetch is
        kept. `complete=True` means the fetch saw the whole source, so servers it no longer
        lists may be marked as unlisted; an empty complete fetch is treated as a failure and
        changes nothing.
        """

    @abstractmethod
    def save_classifications(self, items: Iterable[tuple[str, Classification]]) -> int:
        """(definition hash, classification) pairs, keyed by (hash, classifier_version)."""

    @abstractmethod
    def record_probe_failure(self, server_name: str, failure: ProbeFailure) -> None: ...

    @abstractmethod
    def get_source_state(self, source: str) -> dict[str, Any]:
        """Crawler bookkeeping per source (cursor, updated_since, ETags)."""

    @abstractmethod
    def set_source_state(self, source: str, state: dict[str, Any]) -> None: ...

    # --- reads --------------------------------------------------------------------------
    @abstractmethod
    def definitions_to_classify(self, classifier_version: str) -> Iterator[tuple[str, str, ToolDefinition]]:
        """(definition hash, server name, definition) with no classification at this version."""

    @abstractmethod
    def server_summaries(self) -> list[ServerSummary]: ...

    @abstractmethod
    def server_view(self, slug: str, classifier_version: str | None = None) -> ServerView | None:
        """Everything about one server; classifications at `classifier_version` (default: newest)."""

    @abstractmethod
    def find_server(self, slug_or_name: str) -> str | None:
        """The slug of a server given its slug, name, or a source id; None if unknown."""

    @abstractmethod
    def iter_server_views(self, classifier_version: str | None = None) -> Iterator[ServerView]:
        """Every server, streamed in slug order (memory stays flat at catalog scale)."""

    def probe_candidates(self) -> Iterator[ProbeCandidate]:
        """Every server, in slug order, as `probe --from-catalog` selects from: its packages,
        when its current tools were seen, and what was probed. Stores override this with a
        narrow query; this fallback derives it from full views (the reference)."""
        for view in self.iter_server_views():
            yield ProbeCandidate.from_view(view)

    @abstractmethod
    def surface_tools(self, surface_id: int) -> list[tuple[str, ToolDefinition]]:
        """(definition hash, definition) of one surface, sorted by tool name."""

    @abstractmethod
    def classification_for(self, definition_hash: str, classifier_version: str | None = None) -> Classification | None:
        """The classification of a definition at that version (default: the newest one stored)."""

    @abstractmethod
    def classification_history(self, definition_hash: str) -> list[tuple[datetime, Classification]]:
        """Every classification of one definition (one per classifier version), oldest first."""

    @abstractmethod
    def counts(self) -> dict[str, int]:
        """Row counts per table, for tests and the home page."""

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
