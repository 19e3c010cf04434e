"""``company.yaml``: the company's profile, parsed, checked and written back."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from workbook import safeload
from workbook.contract import COMMUNITY_OWNERS, STAGES
from workbook.contract.problems import Problem
from workbook.contract.reading import yaml_with_lines
from workbook.contract.yaml_schema import Field, check_fields, date_within_limits


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


def _name_problem(name: str) -> str | None:
    return safeload.company_name_problem(name)


def _reference_problem(reference: str) -> str | None:
    return safeload.label_problem(reference, "the reference product")


def _on_or_after_started(as_of: date, before: Mapping[str, Any]) -> str | None:
    started = before.get("started")
    if started and as_of < started:
        return f"a date on or after started ({started.isoformat()})"
    return None


def _time_zone_problem(name: Any) -> str | None:
    if _is_time_zone(name):
        return None
    return "a time zone name such as Europe/Berlin, America/New_York or UTC"


#: The keys of company.yaml, in the order they are checked (and problems reported).
COMPANY_FIELDS: tuple[Field, ...] = (
    Field(
        "name",
        "text",
        required=True,
        missing="the company's name (required)",
        check=_name_problem,
        note="the company's name, without control, zero-width or right-to-left override "
        "characters, within the name limit (see [Limits](#limits-and-what-is-never-read))",
    ),
    Field(
        "stage",
        "enum",
        required=True,
        choices=STAGES,
        missing="one of: " + ", ".join(STAGES),
        note="where the company stands, from before product/market fit to scaling",
    ),
    Field(
        "started",
        "date",
        required=True,
        check=date_within_limits,
        note="the date work on the product began: the time-to-fit clock starts here (a date "
        "within the limits (see [Limits](#limits-and-what-is-never-read)))",
    ),
    Field(
        "as_of",
        "date",
        check=date_within_limits,
        relation=_on_or_after_started,
        note="assessment date, on or after `started`; default: the latest date found in the "
        "company's data",
    ),
    Field(
        "network_effects",
        "bool",
        default=False,
        allow_null=False,
        note="does the product get better as more people use it? (default `false`)",
    ),
    Field(
        "runway_months",
        "number",
        minimum=0,
        maximum=safeload.limit("runway_months"),
        expected=f"a number of months ≥ 0 and at most {safeload.limit('runway_months'):,}",
        note="months of money left at `as_of`",
    ),
    Field(
        "business_model",
        "enum",
        choices=BUSINESS_MODELS,
        note="judges 6-month retention against Lenny Rachitsky and Casey Winters' good/great "
        "bands for that kind of business (`smb-saas`: SMB/mid-market SaaS); without it, the "
        "retention floor alone applies",
    ),
    Field(
        "timezone",
        "any",
        check=_time_zone_problem,
        expected="a time zone name such as Europe/Berlin, America/New_York or UTC",
        note="the company's time zone as an IANA name: survey times that carry an offset are "
        "dated in it",
    ),
    Field(
        "reference_product",
        "text",
        check=_reference_problem,
        note="the product at product/market fit that this one builds on",
    ),
    Field(
        "community",
        "mapping",
        fields=(
            Field("owner", "enum", choices=COMMUNITY_OWNERS),
            Field("founding_members", "int", minimum=0),
            Field("channels", "int", minimum=0),
        ),
        note="who owns the community, and how many founding members and channels it started with",
    ),
)


def parse_company_config(
    text: str, file: str = "company.yaml"
) -> tuple[CompanyConfig | None, list[Problem]]:
    """Parse and check ``company.yaml`` text against :data:`COMPANY_FIELDS`; return the config
    (None on error) and the problems."""
    data, lines, yaml_problems = yaml_with_lines(text, file)
    if yaml_problems:
        return None, yaml_problems
    if not isinstance(data, dict):
        return None, [Problem("error", file, "a mapping of keys such as name, stage, started")]
    values, problems = check_fields(
        data, COMPANY_FIELDS, file, lines.get, unknown="a known key ({known}); this one is ignored"
    )
    if any(p.severity == "error" for p in problems):
        return None, problems
    community = values["community"]
    timezone, reference = values["timezone"], values["reference_product"]
    return (
        CompanyConfig(
            name=values["name"],
            stage=values["stage"],
            started=values["started"],
            network_effects=values["network_effects"],
            as_of=values["as_of"],
            runway_months=values["runway_months"],
            reference_product=reference,
            community=CommunityConfig(**community) if community is not None else None,
            business_model=values["business_model"],
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
