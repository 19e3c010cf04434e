"""``company.yaml``: the company's profile, parsed, checked and written back."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from workbook import safeload
from workbook.contract import COMMUNITY_OWNERS, STAGES
from workbook.contract.problems import Problem
from workbook.contract.reading import yaml_with_lines
from workbook.contract.values import parse_iso_date


@dataclass(frozen=True)
class CommunityConfig:
    """How the community was launched: who owns it, how many founding members and channels."""

    owner: str | None = None
    founding_members: int | None = None
    channels: int | None = None


@dataclass(frozen=True)
class CompanyConfig:
    """The parsed ``company.yaml``."""

    name: str
    stage: str
    started: date
    network_effects: bool
    as_of: date | None = None
    runway_months: float | None = None
    reference_product: str | None = None
    community: CommunityConfig | None = None
    business_model: str | None = None
    timezone: str | None = None


#: The optional ``business_model`` of company.yaml: it sets the 6-month retention a business of
#: its kind needs (the bands live in :data:`workbook.ttpmf.rules.RETENTION_BANDS`).
BUSINESS_MODELS: tuple[str, ...] = (
    "consumer-social",
    "consumer-transactional",
    "consumer-subscription",
    "smb-saas",
    "enterprise-saas",
)


def parse_company_config(
    text: str, file: str = "company.yaml"
) -> tuple[CompanyConfig | None, list[Problem]]:
    """Parse and check ``company.yaml`` text; return the config (None on error) and problems."""
    data, lines, yaml_problems = yaml_with_lines(text, file)
    if yaml_problems:
        return None, yaml_problems
    if not isinstance(data, dict):
        return None, [Problem("error", file, "a mapping of keys such as name, stage, started")]
    problems: list[Problem] = []

    def bad(key: str, expected: str, value: Any = None) -> None:
        problems.append(Problem("error", file, expected, lines.get(key), key, value))

    def as_date(key: str, required: bool) -> date | None:
        value = data.get(key)
        if value is None:
            if required:
                bad(key, "a date as YYYY-MM-DD (required)")
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        parsed = parse_iso_date(str(value))
        if parsed is None:
            bad(key, "a date as YYYY-MM-DD", value)
            return None
        latest = safeload.latest_allowed_date()
        if not safeload.EARLIEST_DATE <= parsed <= latest:
            bad(
                key,
                f"a date from {safeload.EARLIEST_DATE.isoformat()} to {latest.isoformat()} "
                "(a year after today)",
                value,
            )
            return None
        return parsed

    name = data.get("name")
    if name is None or str(name).strip() == "":
        bad("name", "the company's name (required)")
    else:
        name_problem = safeload.company_name_problem(name)
        if name_problem:
            bad("name", name_problem, str(name))
    stage = data.get("stage")
    if stage not in STAGES:
        bad("stage", f"one of: {', '.join(STAGES)}", stage)
    started = as_date("started", required=True)
    as_of = as_date("as_of", required=False)
    if started and as_of and as_of < started:
        bad("as_of", f"a date on or after started ({started.isoformat()})", as_of.isoformat())
    network_effects = data.get("network_effects", False)
    if not isinstance(network_effects, bool):
        bad("network_effects", "true or false", network_effects)
    runway = data.get("runway_months")
    most_runway = safeload.limit("runway_months")
    if runway is not None and (
        isinstance(runway, bool)
        or not isinstance(runway, int | float)
        or not math.isfinite(runway)
        or not 0 <= runway <= most_runway
    ):
        bad("runway_months", f"a number of months ≥ 0 and at most {most_runway:,}", runway)
    reference = data.get("reference_product")
    business_model = data.get("business_model")
    if business_model is not None and business_model not in BUSINESS_MODELS:
        bad("business_model", f"one of: {', '.join(BUSINESS_MODELS)}", business_model)
    timezone = data.get("timezone")
    if timezone is not None and not _is_time_zone(timezone):
        bad("timezone", "a time zone name such as Europe/Berlin, America/New_York or UTC", timezone)
    if reference is not None:
        reference_problem = safeload.label_problem(str(reference), "the reference product")
        if reference_problem:
            bad("reference_product", reference_problem, str(reference))

    community = None
    raw_community = data.get("community")
    if raw_community is not None:
        if not isinstance(raw_community, dict):
            bad("community", "a mapping with owner, founding_members, channels", raw_community)
        else:
            owner = raw_community.get("owner")
            if owner is not None and owner not in COMMUNITY_OWNERS:
                bad("community", f"owner as one of: {', '.join(COMMUNITY_OWNERS)}", owner)
            counts: dict[str, int | None] = {}
            for key in ("founding_members", "channels"):
                value = raw_community.get(key)
                if value is not None and (
                    isinstance(value, bool) or not isinstance(value, int) or value < 0
                ):
                    bad("community", f"{key} as a whole number ≥ 0", value)
                    value = None
                counts[key] = value
            community = CommunityConfig(owner, counts["founding_members"], counts["channels"])
    known = {
        "name",
        "stage",
        "started",
        "as_of",
        "runway_months",
        "network_effects",
        "reference_product",
        "community",
        "business_model",
        "timezone",
    }
    for key in data:
        if key not in known:
            problems.append(
                Problem(
                    "warning",
                    file,
                    f"a known key ({', '.join(sorted(known))}); this one is ignored",
                    lines.get(str(key)),
                    str(key),
                )
            )
    if any(p.severity == "error" for p in problems):
        return None, problems
    return (
        CompanyConfig(
            name=str(name),
            stage=str(stage),
            started=started,  # type: ignore[arg-type]  # checked above
            network_effects=bool(network_effects),
            as_of=as_of,
            runway_months=float(runway) if runway is not None else None,
            reference_product=str(reference) if reference is not None else None,
            community=community,
            business_model=business_model,
            timezone=str(timezone) if timezone is not None else None,
        ),
        problems,
    )


def _is_time_zone(name: Any) -> bool:
    """True when ``name`` is an IANA time zone name known to this system."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    if not isinstance(name, str) or not name.strip():
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def dump_company_config(config: CompanyConfig) -> str:
    """Render a ``company.yaml`` with the optional keys shown as comments, ready to fill in."""
    name = json.dumps(config.name, ensure_ascii=False)  # a JSON string is a valid YAML scalar
    lines = [
        "# Company profile for the Strategy Workbook (see docs/data-contract.md).",
        f"name: {name}",
        f"stage: {config.stage}  # pre-pmf | pmf | scaling",
        f"started: {config.started.isoformat()}  # when work on the product began",
        f"network_effects: {'true' if config.network_effects else 'false'}"
        "  # does the product get better as more people use it?",
        "# as_of: YYYY-MM-DD  # assessment date (default: the latest date in the data)",
        "# runway_months: 18  # months of money left at as_of",
        "# reference_product: the product at product/market fit that yours builds on",
        f"# business_model: smb-saas  # {' | '.join(BUSINESS_MODELS)}",
        "# timezone: Europe/Berlin  # dates survey answers by your calendar (default: as written)",
        "# community:",
        "#   owner: founder  # founder | community-team | none",
        "#   founding_members: 25",
        "#   channels: 2",
    ]
    return "\n".join(lines) + "\n"


def dump_company_config_full(config: CompanyConfig) -> str:
    """Render a complete ``company.yaml`` holding every value of ``config`` (the workshop
    editors' writer): :func:`parse_company_config` reads it back to an equal config.

    Unlike :func:`dump_company_config` (a template to fill in), only keys with a value are
    written, without comments; text values are quoted so YAML keeps them as text.
    """

    def text(value: str) -> str:
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid YAML scalar

    def number(value: float) -> str:
        return str(int(value)) if float(value).is_integer() else repr(float(value))

    lines = [
        "# Company profile for the Strategy Workbook (see docs/data-contract.md).",
        f"name: {text(config.name)}",
        f"stage: {config.stage}",
        f"started: {config.started.isoformat()}",
    ]
    if config.as_of is not None:
        lines.append(f"as_of: {config.as_of.isoformat()}")
    if config.runway_months is not None:
        lines.append(f"runway_months: {number(config.runway_months)}")
    lines.append(f"network_effects: {'true' if config.network_effects else 'false'}")
    if config.reference_product is not None:
        lines.append(f"reference_product: {text(config.reference_product)}")
    if config.business_model is not None:
        lines.append(f"business_model: {config.business_model}")
    if config.timezone is not None:
        lines.append(f"timezone: {text(config.timezone)}")
    community = config.community
    if community is not None:
        values = {
            "owner": community.owner,
            "founding_members": community.founding_members,
            "channels": community.channels,
        }
        present = {key: value for key, value in values.items() if value is not None}
        lines.append("community:" if present else "community: {}")
        lines += [f"  {key}: {value}" for key, value in present.items()]
    return "\n".join(lines) + "\n"
