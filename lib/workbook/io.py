"""The data contract: finding, loading and validating a company's inputs.

Every company lives in ``<data_dir>/companies/<slug>/``. Only ``company.yaml`` is required; each
other file feeds one part of one assessment. Only the contract's files are read, through
:func:`read_contract_bytes` (regular files inside the data folder, within the limits of
:mod:`workbook.safeload`), and YAML under that module's rules. Files are read as text, checked
with pandera (lazily, so every problem of a file is reported at once) and only then converted to
typed frames. A problem names the file, the spreadsheet row, the column, the value and what was
expected. A file with an error is left out of the assessment (its part says why); warnings keep
the data.

The full contract, with examples, is in ``docs/data-contract.md``.
"""

from __future__ import annotations

import json
import math
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from io import StringIO
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd
import yaml

from workbook import safeload
from workbook.atomic import write_text_atomic
from workbook.contract import (
    COMMUNITY_OWNERS,
    COMPANY_FILE,
    DATA_ENV_VAR,
    STAGES,
    TEAM_ASSESSMENT_FILE,
)
from workbook.errors import WorkbookError
from workbook.format import SHOWN_CHARACTERS, shorten, visible

if TYPE_CHECKING:
    import pandera.pandas as pa

# --------------------------------------------------------------------------------------------
# Where data lives
# --------------------------------------------------------------------------------------------

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SLUG_PATTERN = re.compile(r"[a-z0-9-]{1,64}")
INSTRUMENT_RELATIVE_PATH = Path("instruments") / "belonging.yaml"


def default_data_dir() -> Path:
    """Return the data folder: ``$WORKBOOK_DATA`` when set, else the project's ``data/``.

    The project folder is found from this file, so the answer does not depend on the working
    directory (notebooks run by papermill from any folder find the same data as the CLI).
    """
    configured = os.environ.get(DATA_ENV_VAR)
    return Path(configured).expanduser() if configured else PROJECT_ROOT / "data"


def resolve_data_dir(data_dir: str | os.PathLike[str] | None) -> Path:
    """Return ``data_dir`` as a path, or the default data folder when it is empty or None."""
    return Path(data_dir).expanduser() if data_dir else default_data_dir()


# --------------------------------------------------------------------------------------------
# Problems and domain errors
# --------------------------------------------------------------------------------------------

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One finding about an input file, precise enough to fix without opening the code.

    ``row`` is the spreadsheet row (the header is row 1, so the first data row is row 2) for
    CSV files and the line number for YAML files; ``None`` when the problem concerns the whole
    file or column.
    """

    severity: Severity
    file: str
    expected: str
    row: int | None = None
    column: str | None = None
    value: Any = None

    def __post_init__(self) -> None:
        # A problem keeps only the start of a long value: a 20 MB cell must not travel in every
        # message, JSON record and page that reports it.
        if isinstance(self.value, str) and len(self.value) > PROBLEM_VALUE_CHARACTERS:
            object.__setattr__(self, "value", shorten(self.value, PROBLEM_VALUE_CHARACTERS))
        if isinstance(self.column, str) and len(self.column) > PROBLEM_VALUE_CHARACTERS:
            object.__setattr__(self, "column", shorten(self.column, PROBLEM_VALUE_CHARACTERS))

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}" if self.file.endswith(".csv") else f"line {self.row}")
        if self.column is not None:
            where.append(f"column '{visible(self.column)}'")
        text = ", ".join(where) + ": "
        if self.value is not None and not _is_missing(self.value):
            shown = repr(self.value) if isinstance(self.value, str) else shorten(repr(self.value))
            text += f"value {shown}: "
        return text + visible(shorten(self.expected, PROBLEM_EXPECTED_CHARACTERS))


#: How much of a value a problem keeps and shows (longer ones end in "… (N characters)").
PROBLEM_VALUE_CHARACTERS = SHOWN_CHARACTERS
#: How much of a problem's expectation is shown (it may quote a name from the file).
PROBLEM_EXPECTED_CHARACTERS = 400


class DataError(WorkbookError):
    """Input that cannot be used, with the problems that explain why."""

    def __init__(self, message: str, problems: Sequence[Problem] = ()) -> None:
        super().__init__(message)
        self.problems = list(problems)

    def __str__(self) -> str:
        lines = [self.args[0], *(f"  - {p}" for p in self.problems)]
        return "\n".join(lines)


class InvalidSlugError(DataError, ValueError):
    """A company slug that is not 1–64 lowercase letters, digits and hyphens."""


class CompanyNotFoundError(DataError, FileNotFoundError):
    """No company folder (or no ``company.yaml``) where one was expected."""


def check_slug(slug: str) -> str:
    """Return ``slug`` when it is valid; raise :class:`InvalidSlugError` before any path use."""
    if not isinstance(slug, str) or not SLUG_PATTERN.fullmatch(slug):
        raise InvalidSlugError(
            f"Invalid company slug {slug!r}: expected 1–64 characters of lowercase letters, "
            "digits and hyphens (for example 'acme-analytics')."
        )
    return slug


def _is_missing(value: Any) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


# --------------------------------------------------------------------------------------------
# Small parsers shared by YAML and CSV validation
# --------------------------------------------------------------------------------------------

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
INTEGER = re.compile(r"[+-]?\d+")
NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


#: A date, or a date and time with an optional UTC offset (ISO 8601, "T" or a space between).
ISO_TIMESTAMP = re.compile(
    r"\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?\s*(Z|UTC|[+-]\d{2}(:?\d{2})?)?)?"
)


def _read_timestamp(text: Any) -> pd.Timestamp | None:
    """The moment an ISO date or date-time names, keeping its offset if it has one; None if the
    text is not one. ``UTC`` is read as ``Z``."""
    if not isinstance(text, str) or not ISO_TIMESTAMP.fullmatch(text.strip()):
        return None
    try:
        return pd.Timestamp(text.strip().replace("UTC", "Z"))
    except ValueError:
        return None


def parse_timestamp(text: str) -> pd.Timestamp | None:
    """The moment written as an ISO date or date-time, as a naive timestamp; None if not one.

    A time with an offset is converted to UTC wall time (call :func:`localize_timestamps`
    first to date answers in the company's time zone); a time without one is kept as written.
    """
    moment = _read_timestamp(text)
    if moment is not None and moment.tzinfo is not None:
        moment = moment.tz_convert("UTC").tz_localize(None)
    return moment


def localize_timestamps(values: pd.Series, timezone: str) -> pd.Series:
    """Rewrite date-times that carry an offset as wall time in ``timezone`` (an IANA name such as
    ``Europe/Berlin``), so that each answer is dated by the company's calendar. Dates, times
    without an offset and text that is not a timestamp are left as they are (validation then
    reports the last)."""

    def local(text: Any) -> Any:
        moment = _read_timestamp(text)
        if moment is None or moment.tzinfo is None:
            return text
        return moment.tz_convert(timezone).tz_localize(None).isoformat(sep=" ")

    return values.map(local, na_action="ignore").astype(object)


def parse_iso_date(text: str) -> date | None:
    """Return the date written as ``YYYY-MM-DD``, or None when the text is not such a date."""
    if not isinstance(text, str) or not ISO_DATE.fullmatch(text.strip()):
        return None
    try:
        return datetime.strptime(text.strip(), "%Y-%m-%d").date()
    except ValueError:
        return None


#: The Sean Ellis question's answers: short codes, and the survey tools' full texts.
PMF_ANSWER_CODES = ("very", "somewhat", "not", "na")
#: Every accepted text (compared after folding case, spaces, dashes and curly quotes), with its
#: code. "N/A - I no longer use <product>" is accepted for any product name (see below).
PMF_ANSWER_TEXTS: dict[str, str] = {
    "very": "very",
    "somewhat": "somewhat",
    "not": "not",
    "na": "na",
    "n/a": "na",
    "very disappointed": "very",
    "somewhat disappointed": "somewhat",
    "mildly disappointed": "somewhat",
    "not disappointed": "not",
    "not at all disappointed": "not",
    "not disappointed (it isn't really that useful)": "not",
    "n/a - i no longer use it": "na",
    "n/a, i no longer use it": "na",
    "i no longer use it": "na",
}
#: The original survey's N/A option names the product: "N/A - I no longer use Acme".
_PMF_NO_LONGER_USE = re.compile(r"(n/a\s*[-,:]?\s*)?i no longer use .+")
_DASHES = str.maketrans(
    {
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u00a0": " ",
    }
)


def fold_text(text: str) -> str:
    """Lower-case ``text`` with dashes, curly quotes and runs of spaces made plain, so that
    wordings typed in different tools compare equal."""
    return " ".join(text.translate(_DASHES).lower().split())


def normalize_pmf_answer(answer: Any) -> str | None:
    """Map a Sean Ellis answer (code or full text, any case or dash) to ``very|somewhat|not|na``.

    Returns None for anything that is not a recognised answer.
    """
    if not isinstance(answer, str):
        return None
    key = fold_text(answer)
    code = PMF_ANSWER_TEXTS.get(key)
    if code is None and _PMF_NO_LONGER_USE.fullmatch(key):
        return "na"
    return code


def pmf_answer_expectation() -> str:
    """Every accepted Sean Ellis answer, for problem messages."""
    texts = [text for text in PMF_ANSWER_TEXTS if text not in PMF_ANSWER_CODES]
    shown = (
        (text[0].upper() + text[1:]).replace("N/a", "N/A").replace(" i ", " I ") for text in texts
    )
    quoted = ", ".join(f'"{text}"' for text in shown)
    return (
        f"one of: {', '.join(PMF_ANSWER_CODES)}, or the texts {quoted}, "
        '"N/A - I no longer use <product>" (any case; -, – or — alike)'
    )


# --------------------------------------------------------------------------------------------
# The belonging instrument
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """One survey statement of an instrument."""

    id: str
    text: str
    subscale: str
    reversed: bool = False


@dataclass(frozen=True)
class Subscale:
    """A group of items measuring one facet (e.g. trust)."""

    id: str
    label: str


@dataclass(frozen=True)
class Instrument:
    """A belonging instrument: answer scale, items grouped in subscales, and scoring rule."""

    name: str
    scale_min: int
    scale_max: int
    scoring: Literal["sum", "mean"]
    subscales: tuple[Subscale, ...]
    items: tuple[Item, ...]
    scale_labels: dict[int, str] = field(default_factory=dict)

    @property
    def item_ids(self) -> list[str]:
        """Item ids in instrument order (the survey's answer columns)."""
        return [item.id for item in self.items]

    def items_of(self, subscale: str) -> list[Item]:
        """The items of one subscale, in instrument order."""
        return [item for item in self.items if item.subscale == subscale]


def load_yaml(text: str) -> Any:
    """Parse YAML safely, keeping dates as ``YYYY-MM-DD`` text for our own checks.

    Raises ``yaml.YAMLError`` for aliases, deep nesting, duplicate keys, over-long integers
    and numbers that are not finite (the rules of :mod:`workbook.safeload`).
    """
    return safeload.load_yaml(text)


def parse_yaml(text: str, file: str) -> tuple[Any, dict[tuple[str, ...], int], list[Problem]]:
    """Parse a contract YAML file: the data, each key's line by its path, and the problems.

    Never raises on bad YAML: text that is not YAML, aliases, deep nesting, duplicate keys,
    over-long integers and numbers that are not finite are problems naming the line and key;
    the data is then None.
    """
    try:
        node, findings = safeload.compose_checked(text)
    except yaml.YAMLError as exc:
        return None, {}, [_yaml_problem(file, exc)]
    if findings:
        problems = [
            Problem("error", file, finding.expected, finding.line, finding.key, finding.value)
            for finding in findings
        ]
        return None, {}, problems
    return safeload.construct(node), safeload.key_lines(node), []


def _yaml_with_lines(text: str, file: str) -> tuple[Any, dict[str, int], list[Problem]]:
    """Parse YAML; return the data, the line of each top-level key and the problems."""
    data, lines, problems = parse_yaml(text, file)
    top = {path[0]: line for path, line in lines.items() if len(path) == 1}
    return data, top, problems


def read_contract_bytes(
    path: Path, name: str | None = None, root: Path | None = None
) -> tuple[bytes | None, list[Problem]]:
    """The bytes of a contract file, or None and a problem saying why it is not read.

    Only a regular file inside ``root`` (default: the file's own folder) and within the
    contract's size limit for its name is read; the size is checked before reading, and a named
    pipe or device is refused at once (see :func:`workbook.safeload.read_regular_file`).
    """
    name = name or path.name
    try:
        raw = safeload.read_regular_file(
            path, root if root is not None else path.parent, safeload.file_size_limit(path.name)
        )
    except safeload.RefusedFile as exc:
        return None, [Problem("error", name, str(exc))]
    except OSError as exc:
        return None, [Problem("error", name, f"a readable file ({exc.strerror or exc})")]
    return raw, []


def _decode(raw: bytes, name: str) -> tuple[str | None, list[Problem]]:
    """Text of UTF-8 bytes (BOM allowed); on bad bytes a problem naming the position."""
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        bad = raw[exc.start : exc.start + 1].hex()
        return None, [
            Problem(
                "error",
                name,
                f"the file is not valid UTF-8 (byte 0x{bad} at line {line}, position "
                f"{exc.start}); save it as UTF-8 (in Excel: 'CSV UTF-8')",
            )
        ]


def read_text(path: Path, name: str, root: Path | None = None) -> tuple[str | None, list[Problem]]:
    """Read a UTF-8 contract file (BOM allowed) through :func:`read_contract_bytes`; a refused
    file or bad bytes give None and a problem naming the reason or the position."""
    raw, problems = read_contract_bytes(path, name, root)
    if raw is None:
        return None, problems
    return _decode(raw, name)


def load_instrument(path: str | os.PathLike[str]) -> Instrument:
    """Read and check an instrument YAML; raise :class:`DataError` listing every problem."""
    path = Path(path)
    name = path.name
    if not os.path.lexists(path):
        raise DataError(f"Instrument file not found: {path}")
    text, problems = read_text(path, name)
    if text is None:
        raise DataError(f"Cannot read instrument {path}", problems)
    data, lines, problems = _yaml_with_lines(text, name)
    if problems:
        raise DataError(f"Cannot read instrument {path}", problems)
    if not isinstance(data, dict):
        raise DataError(
            f"Cannot read instrument {path}",
            [Problem("error", name, "a mapping with scale, scoring, subscales and items")],
        )

    def bad(key: str, expected: str, value: Any = None) -> None:
        problems.append(Problem("error", name, expected, lines.get(key), key, value))

    scale = data.get("scale") or {}
    scale_min, scale_max = scale.get("min"), scale.get("max")
    if not (isinstance(scale_min, int) and isinstance(scale_max, int) and scale_min < scale_max):
        bad("scale", "a mapping {min: <int>, max: <int>} with min < max", scale or None)
    scoring = data.get("scoring")
    if scoring not in ("sum", "mean"):
        bad("scoring", "one of: sum, mean", scoring)

    subscales: list[Subscale] = []
    for entry in data.get("subscales") or []:
        if isinstance(entry, str):
            subscales.append(Subscale(entry, entry.replace("_", " ").capitalize()))
        elif isinstance(entry, dict) and isinstance(entry.get("id"), str):
            subscales.append(Subscale(entry["id"], str(entry.get("label") or entry["id"])))
        else:
            bad("subscales", "each subscale as an id or {id, label}", entry)
    if not subscales:
        bad("subscales", "at least one subscale")
    known = {s.id for s in subscales}

    items: list[Item] = []
    seen: set[str] = set()
    for position, entry in enumerate(data.get("items") or [], start=1):
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
            bad("items", f"item {position} as {{id, text, subscale, reversed}}", entry)
            continue
        item_id = entry["id"]
        if item_id in seen:
            bad("items", f"unique item ids (item {position} repeats '{item_id}')", item_id)
        if entry.get("subscale") not in known:
            bad(
                "items",
                f"item '{item_id}' in one of the subscales {sorted(known)}",
                entry.get("subscale"),
            )
        if not isinstance(entry.get("reversed", False), bool):
            bad("items", f"item '{item_id}': reversed as true or false", entry.get("reversed"))
        seen.add(item_id)
        items.append(
            Item(
                item_id,
                str(entry.get("text") or ""),
                str(entry.get("subscale")),
                bool(entry.get("reversed", False)),
            )
        )
    if not items:
        bad("items", "at least one item")
    for subscale in subscales:
        if items and not any(item.subscale == subscale.id for item in items):
            bad("subscales", f"at least one item in subscale '{subscale.id}'", subscale.id)
    if problems:
        raise DataError(f"Instrument {path} is not usable", problems)
    labels = {int(k): str(v) for k, v in (data.get("scale_labels") or {}).items()}
    return Instrument(
        name=str(data.get("name") or path.stem),
        scale_min=scale_min,
        scale_max=scale_max,
        scoring=scoring,
        subscales=tuple(subscales),
        items=tuple(items),
        scale_labels=labels,
    )


def _yaml_problem(name: str, exc: yaml.YAMLError) -> Problem:
    mark = getattr(exc, "problem_mark", None)
    line = mark.line + 1 if mark is not None else None
    detail = getattr(exc, "problem", None) or str(exc)
    return Problem("error", name, f"valid YAML ({detail})", line)


# --------------------------------------------------------------------------------------------
# company.yaml
# --------------------------------------------------------------------------------------------


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
    data, lines, yaml_problems = _yaml_with_lines(text, file)
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


# --------------------------------------------------------------------------------------------
# team_assessment.yaml: the team's own answers, written by the workshop editors
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Practice:
    """One trust & safety practice: its key in team_assessment.yaml, a label and the question."""

    key: str
    label: str
    question: str


#: The belonging trust & safety checklist, in the order it is asked (workshops reuse it).
TRUST_SAFETY_PRACTICES: tuple[Practice, ...] = (
    Practice(
        "code_of_conduct",
        "Code of conduct",
        "Do members see written house rules for how people treat each other?",
    ),
    Practice(
        "active_moderation",
        "Active moderation",
        "Does someone watch the community and act on problems within a day or so?",
    ),
    Practice(
        "harm_reporting",
        "A way to report harm",
        "Can a member report harassment or harm easily, and hear back about it?",
    ),
    Practice(
        "member_contact",
        "Members can reach each other",
        "Can members contact each other directly, not only through the company?",
    ),
    Practice(
        "shared_values",
        "Stated shared values",
        "Has the community written down the values its members share?",
    ),
    Practice(
        "no_ads_or_bait",
        "No ads or engagement bait",
        "Are community spaces free of ads and of posts designed only to get clicks?",
    ),
    Practice(
        "data_minimisation",
        "Only the data it needs",
        "Does the company collect only the member data it actually needs?",
    ),
)
#: The answers a practice can have; an unanswered practice is "not assessed", never "no".
PRACTICE_ANSWERS = ("yes", "partly", "no")


#: The most actions a team records in a workshop's Decisions step.
MAX_DECISIONS = 3
#: The longest action or owner text a decision keeps.
MAX_DECISION_TEXT = 200


@dataclass(frozen=True)
class Decision:
    """One action the team agreed in a workshop, with who owns it and by when."""

    action: str
    owner: str
    date: date


@dataclass(frozen=True)
class TeamAssessment:
    """The parsed ``team_assessment.yaml``: the team's trust & safety answers and decisions.

    ``practices`` maps a practice key to "yes", "partly" or "no"; unanswered practices are absent.
    ``decisions`` holds up to :data:`MAX_DECISIONS` actions, each with an owner and a date.
    """

    practices: Mapping[str, str] = field(default_factory=dict)
    decisions: tuple[Decision, ...] = ()


def parse_decisions(
    raw: Any, file: str, lines: Mapping[tuple[str, ...], int]
) -> tuple[tuple[Decision, ...], list[Problem]]:
    """The ``decisions`` list: each entry needs an action, an owner and a date (YYYY-MM-DD);
    an unusable entry is an error naming its line and is left out."""
    if raw is None:
        return (), []
    where = lines.get(("decisions",))
    if not isinstance(raw, list):
        expected = "a list of actions, each with action, owner and date"
        return (), [Problem("error", file, expected, where, "decisions")]
    problems: list[Problem] = []
    if len(raw) > MAX_DECISIONS:
        problems.append(
            Problem(
                "error",
                file,
                f"at most {MAX_DECISIONS} decisions (the first {MAX_DECISIONS} are kept)",
                where,
                "decisions",
                len(raw),
            )
        )
    decisions: list[Decision] = []
    for number, entry in enumerate(raw[:MAX_DECISIONS], start=1):
        column = f"decisions {number}"
        if not isinstance(entry, dict):
            expected = "a mapping with action, owner and date"
            problems.append(Problem("error", file, expected, where, column))
            continue
        values: dict[str, Any] = {}
        usable = True
        for key in ("action", "owner"):
            text = entry.get(key)
            text = str(text).strip() if text is not None else ""
            if not text or len(text) > MAX_DECISION_TEXT:
                expected = f"{key}: text of 1 to {MAX_DECISION_TEXT} characters"
                problems.append(Problem("error", file, expected, where, column, _short(text)))
                usable = False
            values[key] = text
        day = _decision_date(entry.get("date"))
        if day is None:
            expected = "date: a date as YYYY-MM-DD"
            problems.append(Problem("error", file, expected, where, column, entry.get("date")))
        if usable and day is not None:
            decisions.append(Decision(values["action"], values["owner"], day))
    return tuple(decisions), problems


def _decision_date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip()) if value is not None else None
    except ValueError:
        return None


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _practice_answer(value: Any) -> str | None:
    """A checklist answer as yes/partly/no; YAML booleans (unquoted yes/no) count too."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str) and value.strip().lower() in PRACTICE_ANSWERS:
        return value.strip().lower()
    return None


def parse_team_assessment(
    text: str, file: str = TEAM_ASSESSMENT_FILE
) -> tuple[TeamAssessment, list[Problem]]:
    """Parse and check ``team_assessment.yaml`` text; unusable answers are left out as problems.

    An answer that is not yes, partly or no is an error naming its line (the practice stays
    "not assessed"); unknown sections and practices are warnings.
    """
    data, lines, yaml_problems = parse_yaml(text, file)
    if yaml_problems:
        return TeamAssessment(), yaml_problems
    if data is None:
        return TeamAssessment(), []
    if not isinstance(data, dict):
        return TeamAssessment(), [
            Problem("error", file, "a mapping with one section per assessment")
        ]
    problems: list[Problem] = []
    for section in data:
        if section not in ("belonging", "decisions"):
            problems.append(
                Problem(
                    "warning",
                    file,
                    "a known section (belonging, decisions); ignored",
                    lines.get((section,)),
                    str(section),
                )
            )
    belonging = data.get("belonging") or {}
    practices = belonging.get("practices") if isinstance(belonging, dict) else None
    if belonging and not isinstance(practices, dict):
        where = lines.get(("belonging", "practices"), lines.get(("belonging",)))
        problems.append(
            Problem(
                "error",
                file,
                "belonging: practices: a mapping of practice keys to yes, partly or no",
                where,
                "belonging",
            )
        )
        practices = {}
    known = {practice.key for practice in TRUST_SAFETY_PRACTICES}
    answers: dict[str, str] = {}
    for key, raw in (practices or {}).items():
        line = lines.get(("belonging", "practices", str(key)))
        if key not in known:
            problems.append(
                Problem(
                    "warning",
                    file,
                    f"a known practice ({', '.join(sorted(known))}); ignored",
                    line,
                    str(key),
                )
            )
            continue
        if raw is None:
            continue
        answer = _practice_answer(raw)
        if answer is None:
            problems.append(
                Problem(
                    "error",
                    file,
                    f"one of {', '.join(PRACTICE_ANSWERS)} (left unanswered until fixed)",
                    line,
                    str(key),
                    raw,
                )
            )
            continue
        answers[str(key)] = answer
    ordered = {p.key: answers[p.key] for p in TRUST_SAFETY_PRACTICES if p.key in answers}
    decisions, decision_problems = parse_decisions(data.get("decisions"), file, lines)
    return TeamAssessment(practices=ordered, decisions=decisions), problems + decision_problems


def dump_team_assessment(team: TeamAssessment) -> str:
    """Render ``team_assessment.yaml``: every practice listed, unanswered ones left empty.

    Answers are quoted so that YAML keeps yes/no as text; each practice carries its question as
    a comment, so the file reads as the checklist it is.
    """
    lines = [
        "# The team's own answers for the Strategy Workbook (see docs/data-contract.md).",
        "belonging:",
        "  practices:  # yes | partly | no; leave empty when not assessed",
    ]
    for practice in TRUST_SAFETY_PRACTICES:
        answer = team.practices.get(practice.key)
        value = f'"{answer}"' if answer is not None else ""
        lines.append(f"    {practice.key}: {value}".rstrip() + f"  # {practice.question}")
    if team.decisions:
        lines.append(
            f"decisions:  # up to {MAX_DECISIONS} actions agreed in the workshop, "
            "each with an owner and a date"
        )
        for decision in team.decisions:
            lines.append(f"  - action: {json.dumps(decision.action, ensure_ascii=False)}")
            lines.append(f"    owner: {json.dumps(decision.owner, ensure_ascii=False)}")
            lines.append(f"    date: {decision.date.isoformat()}")
    return "\n".join(lines) + "\n"


def save_team_assessment(folder: Path, team: TeamAssessment) -> Path:
    """Write a company's ``team_assessment.yaml`` atomically; invalid answers are refused.

    Raises :class:`DataError` (nothing written) when an answer is not yes, partly or no or a
    practice key is unknown.
    """
    known = {practice.key for practice in TRUST_SAFETY_PRACTICES}
    problems = [
        Problem(
            "error",
            TEAM_ASSESSMENT_FILE,
            f"one of {', '.join(PRACTICE_ANSWERS)}",
            None,
            key,
            answer,
        )
        for key, answer in team.practices.items()
        if key not in known or answer not in PRACTICE_ANSWERS
    ]
    if problems:
        raise DataError(f"{TEAM_ASSESSMENT_FILE} was not written", problems)
    path = Path(folder) / TEAM_ASSESSMENT_FILE
    write_text_atomic(path, dump_team_assessment(team))
    return path


# --------------------------------------------------------------------------------------------
# CSV column rules (turned into pandera schemas)
# --------------------------------------------------------------------------------------------

ColumnKind = Literal["text", "int", "number", "date", "timestamp", "month", "enum", "pmf_answer"]


@dataclass(frozen=True)
class ColumnRule:
    """What one CSV column must hold; ``required`` columns must be present in the header."""

    name: str
    kind: ColumnKind
    required: bool = True
    nullable: bool = False
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] = ()
    #: A text shown as a label (names, segments, ids): short, with no control, zero-width or
    #: bidi override characters; other text only refuses control and bidi override characters.
    label: bool = False

    def expectation(self) -> str:
        """Plain words for a valid value, used in problem messages."""
        if self.kind == "text":
            return "some text"
        if self.kind == "date":
            return "a date as YYYY-MM-DD"
        if self.kind == "month":
            return "the first day of a month as YYYY-MM-01"
        if self.kind == "pmf_answer":
            return pmf_answer_expectation()
        if self.kind == "timestamp":
            return (
                "a date as YYYY-MM-DD, or a date and time as YYYY-MM-DD HH:MM[:SS] "
                "(with an optional offset such as Z or +02:00)"
            )
        if self.kind == "enum":
            return "one of: " + ", ".join(self.choices)
        noun = "a whole number" if self.kind == "int" else "a number"
        if self.minimum is not None and self.maximum is not None:
            return f"{noun} from {_fmt(self.minimum)} to {_fmt(self.maximum)}"
        if self.minimum is not None:
            return f"{noun} ≥ {_fmt(self.minimum)}"
        return noun

    def valid(self, values: pd.Series) -> pd.Series:
        """Element-wise validity of non-blank text values."""
        if self.kind == "text":
            return pd.Series(True, index=values.index)
        ok = _per_distinct(values, lambda distinct: self._valid_distinct(distinct.str.strip()))
        return ok.fillna(False).astype(bool)

    def _valid_distinct(self, text: pd.Series) -> pd.Series:
        if self.kind in ("date", "month"):
            dates = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
            ok = text.str.fullmatch(ISO_DATE.pattern) & dates.notna()
            return ok & (dates.dt.day == 1) if self.kind == "month" else ok
        if self.kind == "timestamp":
            shaped = text.str.fullmatch(ISO_TIMESTAMP.pattern).astype(bool)
            parsed = text.where(shaped).map(parse_timestamp, na_action="ignore")
            return shaped & parsed.notna()
        if self.kind == "enum":
            return text.str.lower().isin(self.choices)
        if self.kind == "pmf_answer":
            return text.map(normalize_pmf_answer).notna()
        pattern = INTEGER if self.kind == "int" else NUMBER
        ok = text.str.fullmatch(pattern.pattern).astype(bool)
        if self.kind == "int":  # a whole number must fit, exactly, in the typed column
            ok &= text.str.count(r"\d") <= safeload.limit("integer_digits")
        # float() turns an over-long number into inf instead of failing, so finiteness is checked
        numbers = text.where(ok).astype(float)
        ok &= np.isfinite(numbers)
        if self.minimum is not None:
            ok &= numbers >= self.minimum
        if self.maximum is not None:
            ok &= numbers <= self.maximum
        return ok.fillna(False).astype(bool)

    def convert(self, values: pd.Series) -> pd.Series:
        """Typed values from validated text: dates, numbers, lower-case enum codes, text."""
        if self.kind in ("int", "number"):
            numbers = _per_distinct(values, pd.to_numeric).astype("float64")
            return numbers.astype("int64") if self.kind == "int" and not self.nullable else numbers
        text = values.where(values.isna(), values.astype(str).str.strip())
        if self.kind in ("date", "month"):
            return pd.to_datetime(text, format="%Y-%m-%d")
        if self.kind == "timestamp":
            return _per_distinct(text, lambda distinct: distinct.map(parse_timestamp)).astype(
                "datetime64[ns]"
            )
        if self.kind == "enum":
            return text.str.lower()
        if self.kind == "pmf_answer":
            return _per_distinct(text, lambda distinct: distinct.map(normalize_pmf_answer))
        return text


def _per_distinct(values: pd.Series, function: Callable[[pd.Series], pd.Series]) -> pd.Series:
    """Apply ``function`` to each distinct non-blank value once and spread the results back.

    Survey columns repeat a handful of answers over many rows, so this keeps checks and
    conversions fast on 100k-row files. Blank cells give NaN.
    """
    codes, distinct = pd.factorize(values, use_na_sentinel=True)
    results = function(pd.Series(distinct, dtype=object).astype(str)).reset_index(drop=True)
    spread = results.reindex(codes)  # code -1 (blank) finds no label and becomes NaN
    spread.index = values.index
    return spread


def _fmt(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else str(number)


def _rule(name: str, kind: ColumnKind, **options: Any) -> ColumnRule:
    return ColumnRule(name, kind, **options)


def _optional(name: str, kind: ColumnKind, **options: Any) -> ColumnRule:
    return ColumnRule(name, kind, required=False, nullable=True, **options)


SPACES_OBJECTIVES = ("support", "product", "acquisition", "contribution", "engagement", "success")
FEATURE_AREAS = ("core", "peripheral")
FEATURE_CHANGES = ("kept", "reinvented", "new", "removed")
KANO_ANSWERS = ("like", "expect", "neutral", "tolerate", "dislike")
#: Which way a community goal's metric should move (community_goals.csv ``direction``; blank
#: means higher): support tickets or days to close are better lower.
GOAL_DIRECTIONS = ("higher", "lower")


@dataclass(frozen=True)
class DataFile:
    """One optional input file: its columns, its key, and the part of the workbook it unlocks."""

    name: str
    unlocks: str
    columns: tuple[ColumnRule, ...]
    unique_key: tuple[str, ...] = ()

    def header(self, extra: Sequence[str] = ()) -> list[str]:
        """Column names in contract order (with dynamic columns such as survey items)."""
        fixed = [rule.name for rule in self.columns]
        return fixed[:2] + [c for c in extra if c not in fixed] + fixed[2:] if extra else fixed


DATA_FILES: dict[str, DataFile] = {
    f.name: f
    for f in (
        DataFile(
            "belonging_survey.csv",
            "the Belonging Index, subscale scores and reliability (belonging assessment)",
            (
                _rule("respondent_id", "text", label=True),
                _rule("submitted_at", "timestamp"),
                _optional("segment", "text", label=True),
                _optional("comment", "text"),
            ),
        ),
        DataFile(
            "community_activity.csv",
            "the community health trends: activity and value (belonging assessment)",
            (
                _rule("week", "date"),
                # Every measure may be blank or absent: a community tool's export supplies
                # some of them (see docs/importing.md); the assessment judges the measures
                # present and reports the others missing.
                _optional("members", "int", minimum=0),
                _optional("active_members", "int", minimum=0),
                _optional("posts", "int", minimum=0),
                _optional("replies", "int", minimum=0),
                _optional("questions", "int", minimum=0),
                _optional("questions_answered", "int", minimum=0),
                _optional("median_first_response_hours", "number", minimum=0),
            ),
            unique_key=("week",),
        ),
        DataFile(
            "community_goals.csv",
            "the SPACES goals check (belonging assessment)",
            (
                _rule("goal", "text", label=True),
                _rule("objective", "enum", choices=SPACES_OBJECTIVES),
                _rule("business_goal", "text", nullable=True),
                _rule("program", "text", nullable=True),
                _rule("metric", "text", nullable=True),
                _optional("target", "number"),
                _optional("current", "number"),
                _optional("direction", "enum", choices=GOAL_DIRECTIONS),
            ),
        ),
        DataFile(
            "features.csv",
            "reinvention share, core share and time to differentiation "
            "(differentiation assessment)",
            (
                _rule("feature", "text", label=True),
                _rule("area", "enum", choices=FEATURE_AREAS),
                _rule("change", "enum", choices=FEATURE_CHANGES),
                _rule("importance", "int", minimum=1, maximum=5),
                _optional("seconds_to_experience", "number", minimum=0),
            ),
            unique_key=("feature",),
        ),
        DataFile(
            "kano_survey.csv",
            "the Kano table and Better/Worse coefficients (differentiation assessment)",
            (
                _rule("respondent_id", "text", label=True),
                _rule("feature", "text", label=True),
                _rule("functional", "enum", choices=KANO_ANSWERS),
                _rule("dysfunctional", "enum", choices=KANO_ANSWERS),
            ),
        ),
        DataFile(
            "strategy_canvas.csv",
            "the strategy canvas and divergence from competitors (differentiation assessment)",
            (_rule("factor", "text", label=True),),
            unique_key=("factor",),
        ),
        DataFile(
            "pmf_survey.csv",
            "the Sean Ellis score, its trend and the segment analysis (TTPMF assessment)",
            (
                _rule("respondent_id", "text", label=True),
                _rule("submitted_at", "timestamp"),
                _rule("answer", "pmf_answer", choices=PMF_ANSWER_CODES),
                _optional("segment", "text", label=True),
                _optional("main_benefit", "text"),
                _optional("improvement", "text"),
            ),
        ),
        DataFile(
            "retention.csv",
            "the retention curves and flattening check (TTPMF assessment)",
            (
                _rule("cohort", "month"),
                _rule("period", "int", minimum=0),
                _rule("active_users", "int", minimum=0),
            ),
            unique_key=("cohort", "period"),
        ),
    )
}

SourceStatus = Literal["ok", "missing", "empty", "invalid"]


#: For the files a survey tool or an analytics export can fill: the commands that fill them.
_COLLECT_WITH = {
    "pmf_survey.csv": "workbook survey pmf --company {slug}",
    "kano_survey.csv": "workbook survey kano --company {slug}",
    "belonging_survey.csv": "workbook survey belonging --company {slug}",
}


def how_to_supply(file_name: str, status: SourceStatus = "missing", slug: str = "SLUG") -> str:
    """Say, in one sentence, why a part cannot run and which file to add or fix to unlock it
    (and, for surveys and retention, the ``workbook`` commands that collect and import it)."""
    spec = DATA_FILES[file_name]
    columns = ", ".join(rule.name for rule in spec.columns if rule.required)
    if file_name == "belonging_survey.csv":
        columns += ", one column per instrument item"
    elif file_name == "strategy_canvas.csv":
        columns += ", then one column per product (yours first)"
    elif file_name == "community_activity.csv":
        measures = ", ".join(rule.name for rule in spec.columns if not rule.required)
        columns += f", then any of {measures}"
    reason = {
        "missing": f"No {file_name} yet.",
        "empty": f"{file_name} has no data rows yet.",
        "invalid": f"{file_name} has errors (run `workbook validate` to see them).",
        "ok": "",
    }[status]
    advice = (
        f"{reason} Add {file_name} (columns: {columns}; see docs/data-contract.md) "
        f"to unlock {spec.unlocks}."
    ).strip()
    if status in ("missing", "empty") and file_name in _COLLECT_WITH:
        survey = _COLLECT_WITH[file_name].format(slug=slug)
        advice += (
            f" To collect it: `{survey}` prints the questions, then "
            f"`workbook import EXPORT --company {slug}` reads your survey tool's export."
        )
    elif status in ("missing", "empty") and file_name == "retention.csv":
        advice += (
            f" From an events export (user_id, timestamp): "
            f"`workbook import EVENTS.csv --company {slug}`."
        )
    elif status in ("missing", "empty") and file_name == "community_activity.csv":
        advice += (
            " From a Slack member analytics export (one week) or Discourse's admin reports: "
            f"`workbook import EXPORT --company {slug} --as activity`."
        )
    return advice


# --------------------------------------------------------------------------------------------
# Reading and validating one CSV
# --------------------------------------------------------------------------------------------


@dataclass
class LoadedFile:
    """The outcome of reading one input file."""

    status: SourceStatus
    frame: pd.DataFrame | None
    problems: list[Problem]


def _schema(rules: Iterable[ColumnRule], unique_key: Sequence[str]) -> pa.DataFrameSchema:
    """Build the pandera schema that checks raw text columns against their rules.

    pandera is imported here, on first validation, so that importing the library stays cheap.
    """
    import pandera.pandas as pa

    columns = {}
    for rule in rules:
        check = pa.Check(rule.valid, name=rule.expectation(), ignore_na=True)
        columns[rule.name] = pa.Column(
            object,
            checks=[check],
            nullable=rule.nullable,
            required=rule.required,
            unique=list(unique_key) == [rule.name],
            coerce=False,
        )
    return pa.DataFrameSchema(
        columns,
        unique=list(unique_key) if len(unique_key) > 1 else None,
        strict=False,
        report_duplicates="all",
    )


def _schema_errors() -> type[Exception]:
    """pandera's lazy-validation error class (imported with pandera, on first use)."""
    from pandera.errors import SchemaErrors

    return SchemaErrors


def _failure_problems(
    failures: pd.DataFrame,
    file: str,
    rules: dict[str, ColumnRule],
    frame: pd.DataFrame,
    unique_key: Sequence[str],
) -> list[Problem]:
    """Turn pandera's failure cases into problems with spreadsheet rows and expectations."""
    problems = []
    for case in failures.itertuples(index=False):
        column = None if _is_missing(case.column) else str(case.column)
        row = None if _is_missing(case.index) else int(case.index) + 2
        check = str(case.check)
        value = case.failure_case
        if check == "column_in_dataframe":
            rule = rules.get(str(value))
            expected = "this required column is missing from the header"
            if rule is not None:
                expected += f" ({rule.expectation()})"
            problems.append(Problem("error", file, expected, None, str(value)))
            continue
        if check == "not_nullable":
            rule = rules.get(column or "")
            needed = rule.expectation() if rule else "a value"
            problems.append(
                Problem("error", file, f"a value is required here ({needed})", row, column)
            )
            continue
        if check in ("field_uniqueness", "multiple_fields_uniqueness"):
            if len(unique_key) > 1:
                if column != unique_key[0]:
                    continue  # one problem per row, not one per key column
                key = ", ".join(unique_key)
                value = ", ".join(str(frame.at[row - 2, c]) for c in unique_key)
                expected = f"a unique combination of {key} (this one appears more than once)"
                problems.append(Problem("error", file, expected, row, key, value))
            else:
                expected = "a unique value (this one appears more than once)"
                problems.append(Problem("error", file, expected, row, column, value))
            continue
        problems.append(Problem("error", file, check, row, column, value))
    problems.sort(key=lambda p: (p.row or 0, p.column or ""))
    return _dedupe(problems)


def _dedupe(problems: list[Problem]) -> list[Problem]:
    seen: set[Problem] = set()
    result = []
    for problem in problems:
        key = problem if not isinstance(problem.value, list | dict) else None
        if key is not None and key in seen:
            continue
        if key is not None:
            seen.add(key)
        result.append(problem)
    return result


def read_csv_text(
    path: Path, root: Path | None = None
) -> tuple[pd.DataFrame | None, SourceStatus, list[Problem]]:
    """Read a CSV as text columns; empty and header-only files give status ``empty``.

    The file is read through :func:`read_contract_bytes` (regular files inside ``root``, within
    the size limit), and cells over the contract's length limit are refused before parsing.
    """
    raw, problems = read_contract_bytes(path, path.name, root)
    if raw is None:
        return None, "invalid", problems
    long_cells = _long_cell_problems(raw, path.name)
    if long_cells:
        return None, "invalid", long_cells
    text, problems = _decode(raw, path.name)
    if text is None:
        return None, "invalid", problems
    if not text.strip():
        return None, "empty", problems
    try:
        frame = pd.read_csv(
            StringIO(text),
            dtype=object,
            keep_default_na=False,
            na_values=[""],
            skipinitialspace=True,
            skip_blank_lines=False,  # keep the index aligned with spreadsheet rows
        )
    except pd.errors.ParserError as exc:
        message = str(exc).strip().splitlines()[-1]
        return None, "invalid", [Problem("error", path.name, f"a well-formed CSV ({message})")]
    frame.columns = [str(c).strip() for c in frame.columns]
    frame = frame.dropna(how="all")  # blank lines, kept out without renumbering rows
    if frame.empty:
        return frame, "empty", problems
    return frame, "ok", problems


def _unshowable(text: pd.Series, *, label: bool) -> pd.Series:
    """Which texts are too long or hold characters a reader cannot see (element-wise)."""
    pattern = safeload.LABEL_FORBIDDEN_PATTERN if label else safeload.TEXT_FORBIDDEN_PATTERN
    most = safeload.limit("label_characters" if label else "cell_characters")
    values = text.tolist()
    # One pass over all values at once settles the usual case (nothing to report) quickly.
    if max(map(len, values), default=0) <= most and not re.search(pattern, " ".join(values)):
        return pd.Series(False, index=text.index)
    return text.str.contains(pattern) | (text.str.len() > most)


def _text_problems(frame: pd.DataFrame, file: str, rules: Sequence[ColumnRule]) -> list[Problem]:
    """Text cells that cannot be shown as text: too long, or holding control, zero-width or
    right-to-left override characters (see :func:`workbook.safeload.label_problem`)."""
    problems = []
    for rule in rules:
        if rule.kind != "text" or rule.name not in frame.columns:
            continue
        column = frame[rule.name].dropna()  # read_csv gives text (dtype=object) or NaN
        flagged = _unshowable(column, label=rule.label)
        for index in column.index[flagged.astype(bool)]:
            value = str(column.at[index])
            what = "a label" if rule.label else "text"
            expected = safeload.label_problem(value, what, label=rule.label) or f"{what}"
            problems.append(Problem("error", file, expected, int(index) + 2, rule.name, value))
    return problems


def _normalised_duplicates(frame: pd.DataFrame, file: str, column: str) -> list[Problem]:
    """Rows whose ``column`` repeats an earlier row once case, width and invisible characters
    are ignored (Unicode NFKC, zero-width removed, case folded): "Search" and "ｓearch" are one."""
    first_row: dict[str, int] = {}
    problems = []
    for index, value in frame[column].items():
        key = safeload.normalise_label(str(value))
        row = int(index) + 2
        if key in first_row:
            problems.append(
                Problem(
                    "error",
                    file,
                    f"a unique value: the same as row {first_row[key]} once case, width and "
                    "invisible characters are ignored",
                    row,
                    column,
                    value,
                )
            )
        else:
            first_row[key] = row
    return problems


def _long_cell_problems(raw: bytes, file: str) -> list[Problem]:
    """Cells longer than the contract allows, found in the raw bytes before pandas reads them."""
    most = safeload.limit("cell_characters")
    return [
        Problem(
            "error",
            file,
            f"a cell of at most {most:,} characters (this one has {cell.length:,}; the file is "
            "not read further)",
            cell.line,
            cell.column,
            cell.start + "…",
        )
        for cell in safeload.long_cells(raw, most)
    ]


def validate_frame(
    raw: pd.DataFrame,
    file: str,
    rules: Sequence[ColumnRule],
    unique_key: Sequence[str] = (),
    expected_extra: Sequence[str] = (),
) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Check raw text columns with pandera; return the typed frame (None on error) and problems.

    Unknown columns are dropped with a warning; ``expected_extra`` names columns that are not in
    ``rules`` but belong to the file (e.g. a canvas' product columns).
    """
    problems: list[Problem] = []
    known = {rule.name for rule in rules} | set(expected_extra)
    duplicated_headers = raw.columns[raw.columns.duplicated()].tolist()
    for name in duplicated_headers:
        problems.append(Problem("error", file, "each column name only once in the header", 1, name))
    for column in raw.columns:
        if column not in known:
            problems.append(
                Problem(
                    "warning",
                    file,
                    "not a column of this file; it is ignored (check the spelling against "
                    "docs/data-contract.md)",
                    1,
                    str(column),
                )
            )
    if duplicated_headers:
        return None, problems
    kept = raw[[c for c in raw.columns if c in known]]
    schema = _schema(rules, unique_key)
    text_problems = _text_problems(kept, file, rules)
    try:
        schema.validate(kept, lazy=True)
    except _schema_errors() as exc:
        by_name = {rule.name: rule for rule in rules}
        problems.extend(_failure_problems(exc.failure_cases, file, by_name, kept, unique_key))
        return None, problems + text_problems
    if text_problems:
        return None, problems + text_problems
    typed = kept.copy()
    for rule in rules:
        if rule.name in typed.columns:
            typed[rule.name] = rule.convert(typed[rule.name])
        elif not rule.required:
            typed[rule.name] = rule.convert(pd.Series([None] * len(typed), dtype=object))
    return typed, problems


# --------------------------------------------------------------------------------------------
# File-specific rules beyond single columns
# --------------------------------------------------------------------------------------------


def _keep_latest_submission(frame: pd.DataFrame, file: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Keep each respondent's latest answer per survey wave; say how many were replaced.

    Answers by the same respondent in different waves are all kept (a panel re-surveyed every
    quarter is the usual way to follow a score); see :mod:`workbook.waves`.
    """
    from workbook.waves import repeated_within_waves

    replaced = repeated_within_waves(frame)
    dropped = int(replaced.sum())
    problems = []
    if dropped:
        examples = ", ".join(sorted(frame.loc[replaced, "respondent_id"].astype(str).unique())[:3])
        problems.append(
            Problem(
                "warning",
                file,
                f"one answer per respondent and survey wave: {dropped} earlier answer(s) given "
                f"again in the same wave were replaced by the respondent's latest "
                f"(e.g. {examples})",
                column="respondent_id",
            )
        )
    kept = frame[~replaced].reset_index(drop=True)
    kept["submitted_at"] = kept["submitted_at"].dt.normalize()  # waves are dated by day
    return kept, problems


def _normalize_segments(frame: pd.DataFrame, file: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Make segment labels that differ only in case or spacing one label (the most frequent
    spelling, then the first), with a warning naming what was merged."""
    if "segment" not in frame.columns or frame["segment"].isna().all():
        return frame, []
    labels = frame["segment"].dropna().astype(str)
    folded = labels.map(fold_text)
    spellings = labels.groupby(folded.to_numpy()).agg(lambda group: group.value_counts().index[0])
    merged = {
        key: sorted(set(group))
        for key, group in labels.groupby(folded.to_numpy())
        if group.nunique() > 1
    }
    if not merged:
        return frame, []
    frame = frame.copy()
    frame["segment"] = frame["segment"].map(
        lambda label: spellings[fold_text(label)] if isinstance(label, str) else label
    )
    described = "; ".join(
        f"{' / '.join(repr(v) for v in variants)} read as {spellings[key]!r}"
        for key, variants in merged.items()
    )
    return frame, [
        Problem(
            "warning",
            file,
            f"one spelling per segment: labels that differ only in case or spaces were merged "
            f"({described})",
            column="segment",
        )
    ]


def _row_checks(
    frame: pd.DataFrame,
    file: str,
    checks: Sequence[tuple[str, str, Callable[[pd.DataFrame], pd.Series]]],
) -> list[Problem]:
    """Run (column, expectation, predicate) checks row by row; list the failing rows."""
    problems = []
    for column, expected, predicate in checks:
        ok = predicate(frame).fillna(True)
        for index in frame.index[~ok]:
            problems.append(
                Problem("error", file, expected, int(index) + 2, column, frame.at[index, column])
            )
    return problems


def _validate_belonging(
    raw: pd.DataFrame, instrument: Instrument | None
) -> tuple[pd.DataFrame | None, list[Problem]]:
    file = "belonging_survey.csv"
    spec = DATA_FILES[file]
    if instrument is None:
        return None, [
            Problem(
                "error",
                file,
                f"a usable instrument at data/{INSTRUMENT_RELATIVE_PATH} to check the answers",
            )
        ]
    item_rule = {
        item.id: ColumnRule(
            item.id,
            "int",
            nullable=True,
            minimum=instrument.scale_min,
            maximum=instrument.scale_max,
        )
        for item in instrument.items
    }
    rules = [*spec.columns, *item_rule.values()]
    typed, problems = validate_frame(raw, file, rules)
    if typed is None:
        return None, problems
    typed, duplicate_problems = _keep_latest_submission(typed, file)
    typed, segment_problems = _normalize_segments(typed, file)
    problems += duplicate_problems + segment_problems
    for item in instrument.items:
        answered = typed[item.id].notna().mean() if len(typed) else 0.0
        if answered < 0.5:
            problems.append(
                Problem(
                    "warning",
                    file,
                    f"answers from at least half of the respondents (only {answered:.0%} "
                    "answered this item; its subscale may not be scored for many of them)",
                    column=item.id,
                )
            )
    ordered = ["respondent_id", "submitted_at", "segment", *instrument.item_ids, "comment"]
    return typed[ordered], problems


def _validate_activity(raw: pd.DataFrame) -> tuple[pd.DataFrame | None, list[Problem]]:
    file = "community_activity.csv"
    spec = DATA_FILES[file]
    typed, problems = validate_frame(raw, file, spec.columns, spec.unique_key)
    if typed is None:
        return None, problems
    errors = _row_checks(
        typed,
        file,
        [
            ("week", "the Monday that starts the week", lambda f: f["week"].dt.day_of_week == 0),
            (
                "active_members",
                "no more than members",
                lambda f: (
                    f["active_members"].isna()
                    | f["members"].isna()
                    | (f["active_members"] <= f["members"])
                ),
            ),
            (
                "questions_answered",
                "no more than questions",
                lambda f: (
                    f["questions_answered"].isna()
                    | f["questions"].isna()
                    | (f["questions_answered"] <= f["questions"])
                ),
            ),
        ],
    )
    if errors:
        return None, problems + errors
    return typed.sort_values("week").reset_index(drop=True), problems


def _validate_kano(raw: pd.DataFrame) -> tuple[pd.DataFrame | None, list[Problem]]:
    file = "kano_survey.csv"
    spec = DATA_FILES[file]
    typed, problems = validate_frame(raw, file, spec.columns)
    if typed is None:
        return None, problems
    repeated = typed.duplicated(["respondent_id", "feature"], keep="last")
    if repeated.any():
        problems.append(
            Problem(
                "warning",
                file,
                f"one answer pair per respondent and feature: {int(repeated.sum())} earlier "
                "repeat(s) were dropped, keeping the last one in the file",
                column="respondent_id",
            )
        )
        typed = typed[~repeated].reset_index(drop=True)
    return typed, problems


def _validate_canvas(raw: pd.DataFrame) -> tuple[pd.DataFrame | None, list[Problem]]:
    file = "strategy_canvas.csv"
    spec = DATA_FILES[file]
    products = [c for c in raw.columns if c != "factor"]
    if len(products) < 2:
        return None, [
            Problem(
                "error",
                file,
                "after 'factor', one column per product: your own product first, then at "
                f"least one other (found {len(products)})",
            )
        ]
    header_problems = [
        Problem("error", file, expected, 1, product)
        for product in products
        if (expected := safeload.label_problem(product, "a product name as column name"))
    ]
    rules = [*spec.columns, *(ColumnRule(p, "number", minimum=0, maximum=10) for p in products)]
    typed, problems = validate_frame(raw, file, rules, spec.unique_key)
    return _unique_labels(typed, problems + header_problems, file, "factor")


def _validate_features(raw: pd.DataFrame) -> tuple[pd.DataFrame | None, list[Problem]]:
    file = "features.csv"
    spec = DATA_FILES[file]
    typed, problems = validate_frame(raw, file, spec.columns, spec.unique_key)
    return _unique_labels(typed, problems, file, "feature")


def _unique_labels(
    typed: pd.DataFrame | None, problems: list[Problem], file: str, column: str
) -> tuple[pd.DataFrame | None, list[Problem]]:
    """The typed frame when its labels in ``column`` are unique once normalised, else None."""
    if typed is not None:
        problems = problems + _normalised_duplicates(typed, file, column)
    if typed is None or any(p.severity == "error" for p in problems):
        return None, problems
    return typed, problems


def _validate_pmf(raw: pd.DataFrame) -> tuple[pd.DataFrame | None, list[Problem]]:
    file = "pmf_survey.csv"
    typed, problems = validate_frame(raw, file, DATA_FILES[file].columns)
    if typed is None:
        return None, problems
    typed, duplicate_problems = _keep_latest_submission(typed, file)
    typed, segment_problems = _normalize_segments(typed, file)
    return typed, problems + duplicate_problems + segment_problems


def _validate_retention(raw: pd.DataFrame) -> tuple[pd.DataFrame | None, list[Problem]]:
    file = "retention.csv"
    spec = DATA_FILES[file]
    typed, problems = validate_frame(raw, file, spec.columns, spec.unique_key)
    if typed is None:
        return None, problems
    typed = typed.sort_values(["cohort", "period"]).reset_index(drop=True)
    sizes = typed[typed["period"] == 0].set_index("cohort")["active_users"]
    without_size = sorted(set(typed["cohort"]) - set(sizes.index))
    for cohort in without_size:
        problems.append(
            Problem(
                "warning",
                file,
                "a period 0 row giving the cohort's size; this cohort is left out of the curves",
                column="cohort",
                value=cohort.strftime("%Y-%m-%d"),
            )
        )
    if without_size:
        typed = typed[~typed["cohort"].isin(without_size)].reset_index(drop=True)
    return typed, problems


def _validate_plain(
    file: str,
) -> Callable[[pd.DataFrame], tuple[pd.DataFrame | None, list[Problem]]]:
    spec = DATA_FILES[file]
    return lambda raw: validate_frame(raw, file, spec.columns, spec.unique_key)


# --------------------------------------------------------------------------------------------
# The company
# --------------------------------------------------------------------------------------------


@dataclass
class Company:
    """A company's validated inputs. A frame is None when its file is missing, empty or invalid.

    ``sources`` says which: ``ok``, ``missing``, ``empty`` or ``invalid``;
    :meth:`missing_message` turns that into advice for the part that needs the file.
    """

    slug: str
    path: Path
    config: CompanyConfig
    as_of: date
    instrument: Instrument | None = None
    belonging_survey: pd.DataFrame | None = None
    community_activity: pd.DataFrame | None = None
    community_goals: pd.DataFrame | None = None
    features: pd.DataFrame | None = None
    kano_survey: pd.DataFrame | None = None
    strategy_canvas: pd.DataFrame | None = None
    pmf_survey: pd.DataFrame | None = None
    retention: pd.DataFrame | None = None
    team_assessment: TeamAssessment = field(default_factory=TeamAssessment)
    sources: dict[str, SourceStatus] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def name(self) -> str:
        """The company's display name."""
        return self.config.name

    @property
    def errors(self) -> list[Problem]:
        """Problems that keep a part from being assessed."""
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        """Problems that were worked around (data kept)."""
        return [p for p in self.problems if p.severity == "warning"]

    def frame(self, file_name: str) -> pd.DataFrame | None:
        """The typed frame for a contract file name such as ``"pmf_survey.csv"``."""
        return getattr(self, file_name.removesuffix(".csv"))

    def missing_message(self, file_name: str) -> str:
        """Advice for a part whose file is not usable; empty when the file loaded fine."""
        status = self.sources.get(file_name, "missing")
        return "" if status == "ok" else how_to_supply(file_name, status, self.slug)


def company_dir(
    slug_or_path: str | os.PathLike[str], data_dir: str | os.PathLike[str] | None = None
) -> Path:
    """Return a company's folder from its slug (a ``str``, checked first) or a ``Path`` to it.

    Text is always treated as a slug, so ``"../x"`` is refused rather than followed.
    """
    if isinstance(slug_or_path, os.PathLike):
        return Path(slug_or_path)
    return resolve_data_dir(data_dir) / "companies" / check_slug(str(slug_or_path))


def list_companies(data_dir: str | os.PathLike[str] | None = None) -> list[str]:
    """Slugs of the company folders under ``<data_dir>/companies`` (valid slugs only), sorted."""
    root = resolve_data_dir(data_dir) / "companies"
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if p.is_dir() and SLUG_PATTERN.fullmatch(p.name))


def misnamed_company_folders(data_dir: str | os.PathLike[str] | None = None) -> list[Problem]:
    """A warning for each folder under ``companies/`` whose name is not a valid slug (``Acme``,
    ``acme co``): such a folder is left out of every command, so it must be reported, with the
    name to rename it to. Hidden folders (``.git``) are not companies and are not reported."""
    root = resolve_data_dir(data_dir) / "companies"
    if not root.is_dir():
        return []
    warnings = []
    for path in sorted(root.iterdir()):
        if path.name.startswith(".") or SLUG_PATTERN.fullmatch(path.name) or not path.is_dir():
            continue
        suggestion = safeload.folder_slug_suggestion(path.name)
        warnings.append(
            Problem(
                "warning",
                f"companies/{visible(shorten(path.name))}",
                "a folder name of 1–64 lowercase letters, digits and hyphens; this folder is "
                f"left out of every command until it is renamed (for example to "
                f"companies/{suggestion})",
            )
        )
    return warnings


_VALIDATORS: dict[str, Callable[[pd.DataFrame], tuple[pd.DataFrame | None, list[Problem]]]] = {
    "community_activity.csv": _validate_activity,
    "community_goals.csv": _validate_plain("community_goals.csv"),
    "features.csv": _validate_features,
    "kano_survey.csv": _validate_kano,
    "strategy_canvas.csv": _validate_canvas,
    "pmf_survey.csv": _validate_pmf,
    "retention.csv": _validate_retention,
}


def load_data_file(
    path: Path,
    instrument: Instrument | None = None,
    timezone: str | None = None,
    root: Path | None = None,
) -> LoadedFile:
    """Read and validate one contract CSV; a missing file is status ``missing``, not an error.

    With a company ``timezone``, survey answers whose time carries an offset are dated in it.
    Something that is there but is not a regular file inside ``root`` (the data folder; default
    the file's folder), such as a named pipe or a link out of the folder, is ``invalid``.
    """
    if not os.path.lexists(path):
        return LoadedFile("missing", None, [])
    raw, status, problems = read_csv_text(path, root)
    if timezone and raw is not None and "submitted_at" in raw.columns:
        raw["submitted_at"] = localize_timestamps(raw["submitted_at"], timezone)
    if raw is None or status == "empty":
        if status == "empty" and raw is not None:
            missing = _missing_header(raw, path.name, instrument)
            if missing:
                return LoadedFile("invalid", None, problems + missing)
        return LoadedFile(status, None, problems)
    if path.name == "belonging_survey.csv":
        frame, more = _validate_belonging(raw, instrument)
    else:
        frame, more = _VALIDATORS[path.name](raw)
    problems += more
    if frame is None:
        return LoadedFile("invalid", None, problems)
    return LoadedFile("ok", frame.reset_index(drop=True), problems)


def _missing_header(raw: pd.DataFrame, file: str, instrument: Instrument | None) -> list[Problem]:
    """For a header-only file, the required columns its header lacks (a likely typo)."""
    spec = DATA_FILES[file]
    required = [rule.name for rule in spec.columns if rule.required]
    if file == "belonging_survey.csv" and instrument is not None:
        required += instrument.item_ids
    return [
        Problem("error", file, "this required column is missing from the header", None, name)
        for name in required
        if name not in raw.columns
    ]


def data_as_of(company: Company) -> date:
    """The assessment date used when ``company.yaml`` sets no ``as_of``: the latest plausible
    date in the company's data, else today (the rule :func:`load_company` applies)."""
    frames = [company.frame(name) for name in DATA_FILES]
    return _latest_date(frames, company.retention)[0] or date.today()


def _latest_date(
    frames: Iterable[pd.DataFrame | None], retention: pd.DataFrame | None
) -> tuple[date | None, tuple[date, ...]]:
    """The latest plausible date of the data and the dates ignored as implausible (after today,
    or a far outlier such as a mistyped year; see :func:`workbook.window.default_as_of`).

    A retention cell counts from the month it describes, and only when someone was active in
    it: exports lay retention out as a full cohort × period grid whose future cells are 0.
    """
    from workbook.window import default_as_of

    days: list[date] = []
    for frame in frames:
        if frame is None or frame is retention:
            continue
        for column in ("submitted_at", "week"):
            if column in frame.columns:
                days += [stamp.date() for stamp in pd.to_datetime(frame[column]).dropna()]
    if retention is not None and len(retention):
        observed = retention[retention["active_users"] > 0]
        days += [
            (cohort + pd.DateOffset(months=int(period))).date()
            for cohort, period in observed[["cohort", "period"]].itertuples(index=False)
        ]
    return default_as_of(days)


def _ignored_dates_problem(ignored: tuple[date, ...]) -> list[Problem]:
    """A warning naming the dates that did not move the default as-of date."""
    if not ignored:
        return []
    shown = ", ".join(day.isoformat() for day in ignored[:3])
    more = f" and {len(ignored) - 3} more" if len(ignored) > 3 else ""
    return [
        Problem(
            "warning",
            COMPANY_FILE,
            "dates in the data up to today and close to the rest; these lie in the future or "
            f"far after all other dates (a mistyped year?) and do not set the as-of date: "
            f"{shown}{more}. Fix them, or set as_of in company.yaml",
            column="as_of",
        )
    ]


def load_company(
    slug_or_path: str | os.PathLike[str], data_dir: str | os.PathLike[str] | None = None
) -> Company:
    """Load a company's inputs, validated and typed.

    Raises :class:`InvalidSlugError` for a bad slug, :class:`CompanyNotFoundError` when the folder
    or its ``company.yaml`` is missing, and :class:`DataError` when ``company.yaml`` is invalid.
    Problems in the other files do not raise: the file's frame is None, ``sources`` says why,
    and ``problems`` lists every finding.
    """
    folder = company_dir(slug_or_path, data_dir)
    config_path = folder / COMPANY_FILE
    if not folder.is_dir():
        raise CompanyNotFoundError(
            f"No company folder at {folder} (create one with `workbook new`)."
        )
    if not os.path.lexists(config_path):
        raise CompanyNotFoundError(
            f"{folder.name}: {COMPANY_FILE} is missing (it is the one required file)."
        )
    root = data_dir_of(folder, data_dir)
    text, problems = read_text(config_path, COMPANY_FILE, root)
    config = None
    if text is not None:
        config, config_problems = parse_company_config(text)
        problems += config_problems
    if config is None:
        raise DataError(f"{folder.name}: {COMPANY_FILE} is not valid", problems)

    instrument, instrument_problems = _company_instrument(root)

    frames: dict[str, pd.DataFrame | None] = {}
    sources: dict[str, SourceStatus] = {}
    for file_name in DATA_FILES:
        loaded = load_data_file(folder / file_name, instrument, config.timezone, root)
        frames[file_name.removesuffix(".csv")] = loaded.frame
        sources[file_name] = loaded.status
        problems += loaded.problems
    if sources["belonging_survey.csv"] == "invalid":
        problems += instrument_problems
    problems += _cross_file_checks(frames)

    team = TeamAssessment()
    team_path = folder / TEAM_ASSESSMENT_FILE
    if os.path.lexists(team_path):
        team, team_problems = _read_team_assessment(team_path, root)
        problems += team_problems

    as_of = config.as_of
    if as_of is None:
        latest, ignored = _latest_date(frames.values(), frames["retention"])
        as_of = latest or date.today()
        problems += _ignored_dates_problem(ignored)
    return Company(
        slug=folder.name,
        path=folder,
        config=config,
        as_of=as_of,
        instrument=instrument,
        team_assessment=team,
        sources=sources,
        problems=problems,
        **frames,
    )


def _company_instrument(root: Path) -> tuple[Instrument | None, list[Problem]]:
    """The belonging instrument of a data folder, or None with the problems that explain why."""
    path = root / INSTRUMENT_RELATIVE_PATH
    try:
        return load_instrument(path), []
    except DataError as exc:
        file = str(INSTRUMENT_RELATIVE_PATH)
        return None, exc.problems or [Problem("error", file, f"an instrument file: {exc.args[0]}")]


def data_dir_of(folder: Path, data_dir: str | os.PathLike[str] | None = None) -> Path:
    """The data folder a company folder belongs to (``<data_dir>/companies/<slug>``)."""
    if data_dir:
        return Path(data_dir).expanduser()
    if folder.parent.name == "companies":
        return folder.parent.parent
    return default_data_dir()


def _cross_file_checks(frames: dict[str, pd.DataFrame | None]) -> list[Problem]:
    """Warnings that need two files: Kano features that features.csv does not list."""
    kano, features = frames.get("kano_survey"), frames.get("features")
    if kano is None or features is None:
        return []
    unknown = sorted(set(kano["feature"]) - set(features["feature"]))
    return [
        Problem(
            "warning",
            "kano_survey.csv",
            "a feature listed in features.csv (its Kano answers cannot be cross-checked)",
            column="feature",
            value=name,
        )
        for name in unknown
    ]


def _read_team_assessment(path: Path, root: Path) -> tuple[TeamAssessment, list[Problem]]:
    text, problems = read_text(path, path.name, root)
    if text is None:
        return TeamAssessment(), problems
    return parse_team_assessment(text, path.name)


# --------------------------------------------------------------------------------------------
# Validation without loading (for the CLI) and safe writing
# --------------------------------------------------------------------------------------------


def validate_company(
    slug_or_path: str | os.PathLike[str], data_dir: str | os.PathLike[str] | None = None
) -> list[Problem]:
    """Every problem of a company's files; a missing or invalid ``company.yaml`` is reported too."""
    try:
        return load_company(slug_or_path, data_dir).problems
    except CompanyNotFoundError as exc:
        return [Problem("error", COMPANY_FILE, str(exc.args[0]))]
    except InvalidSlugError:
        raise
    except DataError as exc:
        folder = company_dir(slug_or_path, data_dir)
        problems = list(exc.problems)
        # Report the other files too, so one run shows everything to fix.
        root = data_dir_of(folder, data_dir)
        instrument, instrument_problems = _company_instrument(root)
        for file_name in DATA_FILES:
            loaded = load_data_file(folder / file_name, instrument, root=root)
            problems += loaded.problems
            if file_name == "belonging_survey.csv" and loaded.status == "invalid":
                problems += instrument_problems
        return problems
