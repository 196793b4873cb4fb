"""Looking clauses up in the policy catalogue the service sent."""

from __future__ import annotations

from collections.abc import Iterator

from reviewdesk.api.models import PolicyCatalogue, PolicyClause
from reviewdesk.domain.enums import Category


class UnknownClause(LookupError):
    """A clause id that the catalogue does not contain; ``str()`` is a sentence."""

    def __init__(self, clause_id: str) -> None:
        super().__init__(f"Unknown policy clause: {clause_id}.")
        self.clause_id = clause_id


class CatalogueError(ValueError):
    """The catalogue contradicts itself (a clause id listed twice)."""


class PolicyIndex:
    """A policy catalogue indexed by clause id and by category, in catalogue order."""

    def __init__(self, catalogue: PolicyCatalogue) -> None:
        self._catalogue = catalogue
        self._by_id: dict[str, PolicyClause] = {}
        self._by_category: dict[Category, list[PolicyClause]] = {}
        for clause in catalogue.clauses:
            if clause.id in self._by_id:
                raise CatalogueError(
                    f"The policy catalogue {catalogue.version} lists clause {clause.id} twice."
                )
            self._by_id[clause.id] = clause
            self._by_category.setdefault(clause.category, []).append(clause)

    @property
    def version(self) -> str:
        """The catalogue version the index was built from."""
        return self._catalogue.version

    @property
    def catalogue(self) -> PolicyCatalogue:
        """The catalogue the index was built from."""
        return self._catalogue

    @property
    def all_ids(self) -> tuple[str, ...]:
        """Every clause id, in catalogue order."""
        return tuple(self._by_id)

    def clause(self, clause_id: str) -> PolicyClause:
        """The clause with ``clause_id``; raises :class:`UnknownClause` if there is none."""
        try:
            return self._by_id[clause_id]
        except KeyError:
            raise UnknownClause(clause_id) from None

    def get(self, clause_id: str) -> PolicyClause | None:
        """The clause with ``clause_id``, or ``None``."""
        return self._by_id.get(clause_id)

    def clauses_for(self, category: Category) -> list[PolicyClause]:
        """The clauses of ``category``, in catalogue order (a new list each call)."""
        return list(self._by_category.get(category, ()))

    def matching(self, text: str) -> list[PolicyClause]:
        """Clauses whose id or title contains every word of ``text`` (any case)."""
        words = text.casefold().split()
        return [
            clause
            for clause in self._by_id.values()
            if all(word in f"{clause.id} {clause.title}".casefold() for word in words)
        ]

    def __contains__(self, clause_id: object) -> bool:
        return clause_id in self._by_id

    def __iter__(self) -> Iterator[PolicyClause]:
        return iter(self._by_id.values())

    def __len__(self) -> int:
        return len(self._by_id)
