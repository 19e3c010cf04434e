"""Reinvention share, core share and time to differentiation, from ``features.csv``.

Numbers, readings and check outcomes only: the sentences that explain them are written in
:mod:`.wording`. Every threshold is a rule of :mod:`.rules`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import pandas as pd

from workbook.differentiation import rules
from workbook.differentiation.rules import DIFFERENTIATING_CHANGES, Reading
from workbook.io import FEATURE_AREAS, FEATURE_CHANGES
from workbook.results import Check, Outcome
from workbook.stats import safe_ratio

#: Why the share check comes out as it does: a reading of the share, or the reference
#: product's core removed (which fails whatever the share).
ShareCase = Reading | Literal["core removed"]
SHARE_OUTCOMES: dict[ShareCase, Outcome] = {
    "not defined": "not assessed",
    "core removed": "fail",
    "on target": "pass",
    "clone": "fail",
    "rebuild-everything": "fail",
    "below the band": "warn",
    "above the band": "warn",
}
#: Where the reinvention sits: nothing reinvented; above the band, all of it in the core (the
#: bold rule) or not; otherwise mostly in the core or not.
CoreCase = Literal["none", "all core", "scattered", "mostly core", "not mostly core"]
CORE_OUTCOMES: dict[CoreCase, Outcome] = {
    "none": "not assessed",
    "all core": "pass",
    "scattered": "fail",
    "mostly core": "pass",
    "not mostly core": "fail",
}
#: How fast the difference is felt: no core candidate, none timed, in time, too late while
#: some candidates are untimed (they may be faster), too late.
TimeCase = Literal["no core", "not measured", "felt", "late, some not measured", "late"]
TIME_OUTCOMES: dict[TimeCase, Outcome] = {
    "no core": "not assessed",
    "not measured": "not assessed",
    "felt": "pass",
    "late, some not measured": "warn",
    "late": "fail",
}


def reinvention_reading(value: float | None) -> Reading:
    """Place a reinvention share on the scale clone / below / on target / above / rebuild."""
    if value is None:
        return "not defined"
    low, high = rules.TARGET_BAND.value
    if value < rules.CLONE_BELOW.value:
        return "clone"
    if value < low:
        return "below the band"
    if value <= high:
        return "on target"
    if value <= rules.REBUILD_ABOVE.value:
        return "above the band"
    return "rebuild-everything"


def is_mostly_core(core_share: float | None) -> bool:
    """True when more than the :data:`~.rules.MOSTLY_CORE` share of the reinvention is core."""
    return core_share is not None and core_share > rules.MOSTLY_CORE.value


def is_all_core(core_share: float | None) -> bool:
    """True when the reinvention sits in the core as fully as :data:`~.rules.BOLD_ALL_CORE`
    asks (compared with a tolerance, so that a share computed as 0.9999999 counts)."""
    if core_share is None:
        return False
    bar = rules.BOLD_ALL_CORE.value
    return core_share >= bar or math.isclose(core_share, bar, rel_tol=1e-9)


def is_felt_fast(fastest_seconds: float | None) -> bool:
    """True when a core difference is felt within :data:`~.rules.FELT_WITHIN_SECONDS`."""
    return fastest_seconds is not None and fastest_seconds <= rules.FELT_WITHIN_SECONDS.value


def is_felt(seconds_to_experience: pd.Series) -> pd.Series:
    """Per feature: True when felt in time, False when later, NA when not measured."""
    felt = (seconds_to_experience <= rules.FELT_WITHIN_SECONDS.value).astype("boolean")
    return felt.mask(seconds_to_experience.isna())


def share_zones(value: float | None) -> pd.DataFrame:
    """The zones of the share scale (``zone``, ``start``, ``end``); the last ends past the share.

    The scale ends at the tenth above the share, and at least at 60%.
    """
    upper = max(0.6, (math.floor((value or 0) * 10) + 1) / 10)
    low, high = rules.TARGET_BAND.value
    edges = [0.0, rules.CLONE_BELOW.value, low, high, rules.REBUILD_ABOVE.value, upper]
    zones = [r for r in rules.READINGS if r != "not defined"]
    return pd.DataFrame({"zone": zones, "start": edges[:-1], "end": edges[1:]})


@dataclass(frozen=True, eq=False)
class ReinventionFinding:
    """What the feature inventory says about how much was reinvented, where, and how visibly.

    ``share`` (every change: reinvented, new and removed, by importance) and ``core_share``
    (the share of the reinvented and new features that sits in the core) are None when not
    defined. ``core_removed`` is the share of the reference product's core (by importance) that
    was removed. ``fastest_seconds`` is the quickest measured feature among the most important
    reinvented or new core features; those without a measurement are in ``not_measured``.
    ``inventory`` has one row per change and area with ``features`` and summed
    ``importance``; ``differentiating`` lists the reinvented and new features, core first,
    fastest first. ``checks`` (share, core, time) are written by :mod:`.wording` from the cases
    below and attached by :func:`workbook.differentiation.assess_reinvention`.
    """

    share: float | None
    core_share: float | None
    core_removed: float | None
    fastest_seconds: float | None
    fastest_feature: str | None
    core_candidates: int
    not_measured: tuple[str, ...]
    inventory: pd.DataFrame
    differentiating: pd.DataFrame
    checks: tuple[Check, ...] = ()

    @property
    def share_check(self) -> Check:
        """Whether the reinvention share is in the target band."""
        return self.checks[0]

    @property
    def core_check(self) -> Check:
        """Whether the reinvention sits mostly in the core."""
        return self.checks[1]

    @property
    def time_check(self) -> Check:
        """Whether a reinvented or new core feature is felt within the time limit."""
        return self.checks[2]

    @property
    def reading(self) -> Reading:
        """Where the share falls: clone, below the band, on target, above the band, rebuild."""
        return reinvention_reading(self.share)

    @property
    def mostly_core(self) -> bool:
        """True when more than the mostly-core share of the reinvention sits in the core."""
        return is_mostly_core(self.core_share)

    @property
    def all_core(self) -> bool:
        """True when the reinvention sits in the core as fully as the bold rule asks."""
        return is_all_core(self.core_share)

    @property
    def felt_fast(self) -> bool:
        """True when a reinvented or new core feature is felt within the time limit."""
        return is_felt_fast(self.fastest_seconds)

    @property
    def core_gutted(self) -> bool:
        """True when more of the reference product's core was removed than the
        ``CORE_REMOVED_ABOVE`` rule allows."""
        return self.core_removed is not None and self.core_removed > rules.CORE_REMOVED_ABOVE.value

    @property
    def share_case(self) -> ShareCase:
        """Why the share check comes out as it does (see :data:`SHARE_OUTCOMES`)."""
        reading = self.reading
        if reading == "not defined":
            return "not defined"
        if self.core_gutted:
            return "core removed"
        return reading

    @property
    def core_case(self) -> CoreCase:
        """Where the reinvention sits (see :data:`CORE_OUTCOMES`)."""
        if self.core_share is None:
            return "none"
        if self.reading == "above the band":
            return "all core" if self.all_core else "scattered"
        return "mostly core" if self.mostly_core else "not mostly core"

    @property
    def time_case(self) -> TimeCase:
        """How fast the difference is felt (see :data:`TIME_OUTCOMES`)."""
        if self.core_candidates == 0:
            return "no core"
        if self.fastest_seconds is None:
            return "not measured"
        if self.felt_fast:
            return "felt"
        return "late, some not measured" if self.not_measured else "late"


def measure_reinvention(features: pd.DataFrame) -> ReinventionFinding:
    """Reinvention share, core share and time to differentiation from a feature inventory.

    Shares are weighted by ``importance`` so that one big reinvented feature counts for more than
    a handful of small ones. Removed features count as change (the share is every change over
    every feature, removed ones included: customers miss what was taken away), and removing
    most of the reference product's core is flagged. The time to differentiation is that of the
    most important reinvented or new core features, so a minor feature felt at once cannot
    stand in for the main reinvention.
    """
    inventory = (
        features.assign(
            change=pd.Categorical(features["change"], categories=FEATURE_CHANGES),
            area=pd.Categorical(features["area"], categories=FEATURE_AREAS),
        )
        .groupby(["change", "area"], observed=False)
        .agg(features=("feature", "size"), importance=("importance", "sum"))
        .reset_index()
    )
    inventory["change"] = inventory["change"].astype(str)
    inventory["area"] = inventory["area"].astype(str)
    inventory["features"] = inventory["features"].astype("int64")
    inventory["importance"] = inventory["importance"].astype("int64")

    reinvented = features[features["change"].isin(DIFFERENTIATING_CHANGES)]
    changed = features[features["change"] != "kept"]
    value = safe_ratio(float(changed["importance"].sum()), float(features["importance"].sum()))
    core = reinvented[reinvented["area"] == "core"]
    core_share = safe_ratio(float(core["importance"].sum()), float(reinvented["importance"].sum()))
    reference_core = features[(features["area"] == "core") & (features["change"] != "new")]
    removed_core = reference_core[reference_core["change"] == "removed"]
    core_removed = safe_ratio(
        float(removed_core["importance"].sum()), float(reference_core["importance"].sum())
    )

    # "Felt in time" is judged on the most important reinvented or new core features only.
    main = core[core["importance"] == core["importance"].max()] if len(core) else core
    measured = main.dropna(subset=["seconds_to_experience"])
    fastest_seconds = fastest_feature = None
    if len(measured):
        fastest = measured.sort_values(["seconds_to_experience", "feature"], kind="stable").iloc[0]
        fastest_seconds = float(fastest["seconds_to_experience"])
        fastest_feature = str(fastest["feature"])
    not_measured = tuple(sorted(main.loc[main["seconds_to_experience"].isna(), "feature"]))

    differentiating = (
        reinvented.assign(_peripheral=reinvented["area"] != "core")
        .sort_values(["_peripheral", "seconds_to_experience", "feature"], kind="stable")
        .drop(columns="_peripheral")
        .reset_index(drop=True)
    )
    return ReinventionFinding(
        share=value,
        core_share=core_share,
        core_removed=core_removed,
        fastest_seconds=fastest_seconds,
        fastest_feature=fastest_feature,
        core_candidates=len(core),
        not_measured=not_measured,
        inventory=inventory,
        differentiating=differentiating,
    )
