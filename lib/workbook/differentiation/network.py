"""Network effects and the community: did a networked product rebuild its community too?

Read from the belonging result (levels, index, launch checks); the outcome follows
:data:`~.rules.BELONGING_OUTCOME`, and thin data never unlocks it. :mod:`.wording` writes the
sentence.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from workbook.differentiation import rules
from workbook.evidence import Evidence
from workbook.io import Company
from workbook.results import Check, Outcome
from workbook.stats import Estimate


class BelongingSummary(Protocol):
    """What this assessment reads from the belonging result (``workbook.belonging``)."""

    @property
    def status(self) -> str: ...  # strong, developing, weak or "not assessed"

    @property
    def index(self) -> Estimate | None: ...

    @property
    def launch_checks(self) -> Sequence[Check]: ...


@dataclass(frozen=True)
class NetworkEffectsFinding:
    """Whether a networked product rebuilt its community too, read from the belonging result.

    ``level`` is the belonging status (None when belonging was not read); ``outcome`` the
    community check's, ``evidence`` the belonging level's evidence and ``provisional`` True when
    a strong level from too few answers was held at a warning. ``checks`` holds the one check,
    written by :mod:`.wording` and attached by
    :func:`workbook.differentiation.assess_network_effects`.
    """

    applicable: bool
    community_data: bool
    level: str | None
    index: Estimate | None
    launch_checks: tuple[Check, ...]
    outcome: Outcome
    evidence: Evidence | None = None
    provisional: bool = False
    checks: tuple[Check, ...] = ()

    @property
    def check(self) -> Check:
        """The community check."""
        return self.checks[0]

    @property
    def clone_without_community(self) -> bool:
        """True when the product relies on network effects and there is no community data."""
        return self.applicable and not self.community_data

    @property
    def unmet_launch_checks(self) -> list[str]:
        """Names of the launch-readiness checks that fail or warn."""
        return [c.name for c in self.launch_checks if c.outcome in ("fail", "warn")]


def has_community_data(company: Company) -> bool:
    """True when there is any evidence of a community: survey, activity or a community config."""
    return (
        company.belonging_survey is not None
        or company.community_activity is not None
        or company.config.community is not None
    )


def needs_belonging(company: Company) -> bool:
    """True when the community check reads the belonging result: a networked product with
    community data."""
    return company.config.network_effects and has_community_data(company)


def read_network_effects(
    company: Company, belonging: BelongingSummary | None
) -> NetworkEffectsFinding:
    """The community check's finding; ``belonging`` is required when :func:`needs_belonging`."""
    if not company.config.network_effects:
        return NetworkEffectsFinding(False, False, None, None, (), "not assessed")
    if not has_community_data(company):
        return NetworkEffectsFinding(True, False, None, None, (), "fail")
    if belonging is None:
        raise ValueError("the community check of a networked product needs the belonging result")
    level = belonging.status
    outcome = rules.BELONGING_OUTCOME.get(level, "warn")
    evidence = getattr(belonging, "level_evidence", None)
    # Thin data never unlocks the check: a strong level from too few answers is provisional.
    provisional = outcome == "pass" and evidence is not None and not evidence.sufficient
    return NetworkEffectsFinding(
        True,
        True,
        level,
        belonging.index,
        tuple(belonging.launch_checks),
        "warn" if provisional else outcome,
        evidence,
        provisional,
    )
