"""Launch readiness: few founding members, few channels, a host (outcomes, no sentences).

Each check is a :class:`LaunchFinding`: its name, outcome and the case that decided it, with
the number or owner it judged. Its reason is written by
:func:`workbook.belonging.wording.launch_checks`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from workbook.belonging import rules
from workbook.belonging.rules import NOT_ASSESSED
from workbook.io import CommunityConfig
from workbook.results import Outcome

LAUNCH_CHECK_NAMES = ("Founding members", "Channels at launch", "Community owner")

#: Why a launch check came out as it did: "no community" (no community section at all), "not
#: given" (its key is missing), "none", "within", "few", "many"; for the owner "founder",
#: "team early" (a community team before product/market fit) or "team".
LaunchCase = Literal[
    "no community", "not given", "none", "within", "few", "many", "founder", "team early", "team"
]


@dataclass(frozen=True)
class LaunchFinding:
    """One launch check: its name, outcome, the case behind it and the value it judged."""

    name: str
    outcome: Outcome
    case: LaunchCase
    value: int | str | None = None
    stage: str = ""


def launch_findings(community: CommunityConfig | None, stage: str) -> tuple[LaunchFinding, ...]:
    """Check the launch like hosting a party: few founding members, few channels, a host.

    Founding members within the ``FOUNDING_MEMBERS`` range pass; outside it warn, and fail at
    zero or beyond ``LAUNCH_FAIL_FACTOR`` times the upper bound. Channels up to
    ``MAX_LAUNCH_CHANNELS`` pass, up to the fail factor times that warn, more (or none) fail. An
    owner passes; before fit the owner should be a founder (a community team warns); no owner
    fails.
    """
    members_name, channels_name, owner_name = LAUNCH_CHECK_NAMES
    if community is None:
        return tuple(
            LaunchFinding(name, NOT_ASSESSED, "no community") for name in LAUNCH_CHECK_NAMES
        )
    return (
        _founding_members(members_name, community.founding_members),
        _channels(channels_name, community.channels),
        _owner(owner_name, community.owner, stage),
    )


def _founding_members(name: str, members: int | None) -> LaunchFinding:
    low, high = rules.FOUNDING_MEMBERS.value
    if members is None:
        return LaunchFinding(name, NOT_ASSESSED, "not given")
    if low <= members <= high:
        return LaunchFinding(name, "pass", "within", members)
    if members == 0:
        return LaunchFinding(name, "fail", "none", members)
    if members < low:
        return LaunchFinding(name, "warn", "few", members)
    outcome: Outcome = "fail" if members > rules.LAUNCH_FAIL_FACTOR.value * high else "warn"
    return LaunchFinding(name, outcome, "many", members)


def _channels(name: str, channels: int | None) -> LaunchFinding:
    limit = rules.MAX_LAUNCH_CHANNELS.value
    if channels is None:
        return LaunchFinding(name, NOT_ASSESSED, "not given")
    if channels == 0:
        return LaunchFinding(name, "fail", "none", channels)
    if channels <= limit:
        return LaunchFinding(name, "pass", "within", channels)
    outcome: Outcome = "fail" if channels > rules.LAUNCH_FAIL_FACTOR.value * limit else "warn"
    return LaunchFinding(name, outcome, "many", channels)


def _owner(name: str, owner: str | None, stage: str) -> LaunchFinding:
    if owner is None:
        return LaunchFinding(name, NOT_ASSESSED, "not given")
    if owner == "none":
        return LaunchFinding(name, "fail", "none", owner)
    if owner == "founder":
        return LaunchFinding(name, "pass", "founder", owner)
    if stage == "pre-pmf":
        return LaunchFinding(name, "warn", "team early", owner, stage)
    return LaunchFinding(name, "pass", "team", owner, stage)
