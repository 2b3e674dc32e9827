"""Which records a search may return: kind, publication type, years, level of evidence, retraction.

Kind, type and years narrow the candidates before scoring (`Store.rowids_where`). The level of
evidence is appraisal's judgement (`appraise.levels`), a later stage than search: the retriever reads
every record's level once per library generation with the `levels` a face hands it, so a level
filter, like the others, narrows the candidates before scoring. Retracted records are a deny-set,
left out unless asked for.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, Field

from bedside.models import Kind
from bedside.sources.kinds import parse_kind


class Filters(BaseModel):
    """Which records may be returned. Retracted records are left out unless asked for."""

    kinds: list[Kind] = Field(default_factory=list, description="Only these kinds (empty: any).")
    publication_types: list[str] = Field(default_factory=list, description="Only records with one of these types.")
    year_from: int | None = Field(None, description="Published in or after this year.")
    year_to: int | None = Field(None, description="Published in or before this year.")
    max_level: int | None = Field(
        None, description="Only evidence at this level or stronger (1 = guideline); needs the retriever's `levels`."
    )
    include_retracted: bool = Field(False, description="Keep retracted records (never used as evidence).")

    @classmethod
    def parse(cls, kinds: Sequence[str] = (), **rest: Any) -> Filters:
        """Filters from user words, with a clear error for an unknown kind."""
        parsed: list[Kind] = []
        for word in kinds:
            kind = parse_kind(word)
            if kind is None:
                raise ValueError(f"unknown kind {word!r}; use one of: {', '.join(k.value for k in Kind)}")
            parsed.append(kind)
        return cls(kinds=parsed, **rest)

    def restrictive(self) -> bool:
        """True when kind, publication type or years narrow the records (retracted ones are a deny-set)."""
        return bool(self.kinds or self.publication_types) or self.year_from is not None or self.year_to is not None
