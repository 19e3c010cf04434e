"""The data contract's former home, kept as a facade: ``from workbook import io`` and
``io.<name>`` keep working for every public name, now defined in :mod:`workbook.contract`.

New code imports the contract's modules directly (``workbook.contract.load``,
``workbook.contract.problems``, …). The vocabularies of an assessment's own files (Kano answers,
feature areas, SPACES objectives) live in that assessment's ``inputs`` module and are looked up
here on first use, so that importing this facade imports no assessment.
"""

from __future__ import annotations

import importlib
import os  # noqa: F401  (tests patch io.os.replace, as before the split)
from typing import Any

from workbook.atomic import write_text_atomic
from workbook.contract import (
    COMMUNITY_OWNERS,
    COMPANY_FILE,
    DATA_ENV_VAR,
    STAGES,
    TEAM_ASSESSMENT_FILE,
)
from workbook.contract.columns import ColumnKind, ColumnRule, validate_frame
from workbook.contract.company import Company, data_as_of
from workbook.contract.config import (
    BUSINESS_MODELS,
    CommunityConfig,
    CompanyConfig,
    dump_company_config,
    dump_company_config_full,
    parse_company_config,
)
from workbook.contract.files import (
    DATA_FILES,
    InputFile,
    LoadedFile,
    SourceStatus,
    how_to_supply,
)
from workbook.contract.instrument import Instrument, Item, Subscale, load_instrument
from workbook.contract.load import load_company, load_data_file, validate_company
from workbook.contract.paths import (
    INSTRUMENT_RELATIVE_PATH,
    PROJECT_ROOT,
    SLUG_PATTERN,
    check_slug,
    company_dir,
    data_dir_of,
    default_data_dir,
    list_companies,
    misnamed_company_folders,
    resolve_data_dir,
)
from workbook.contract.problems import (
    PROBLEM_EXPECTED_CHARACTERS,
    PROBLEM_VALUE_CHARACTERS,
    CompanyNotFoundError,
    DataError,
    InvalidSlugError,
    Problem,
    Severity,
)
from workbook.contract.reading import (
    load_yaml,
    parse_yaml,
    read_contract_bytes,
    read_csv_text,
    read_text,
)
from workbook.contract.team import (
    MAX_DECISION_TEXT,
    MAX_DECISIONS,
    PRACTICE_ANSWERS,
    TRUST_SAFETY_PRACTICES,
    Decision,
    Practice,
    TeamAssessment,
    dump_team_assessment,
    parse_decisions,
    parse_team_assessment,
    save_team_assessment,
)
from workbook.contract.values import (
    INTEGER,
    ISO_DATE,
    ISO_TIMESTAMP,
    NUMBER,
    PMF_ANSWER_CODES,
    PMF_ANSWER_TEXTS,
    fold_text,
    localize_timestamps,
    normalize_pmf_answer,
    parse_iso_date,
    parse_timestamp,
    pmf_answer_expectation,
)

#: The former name of :class:`~workbook.contract.files.InputFile`.
DataFile = InputFile

#: Names that now live in an assessment's ``inputs`` module, imported on first use.
_IN_ASSESSMENTS = {
    "SPACES_OBJECTIVES": "workbook.belonging.inputs",
    "GOAL_DIRECTIONS": "workbook.belonging.inputs",
    "FEATURE_AREAS": "workbook.differentiation.inputs",
    "FEATURE_CHANGES": "workbook.differentiation.inputs",
    "KANO_ANSWERS": "workbook.differentiation.inputs",
}


def __getattr__(name: str) -> Any:
    """An assessment's vocabulary (``io.KANO_ANSWERS``), from its ``inputs`` module."""
    module = _IN_ASSESSMENTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


__all__ = [
    "BUSINESS_MODELS",
    "COMMUNITY_OWNERS",
    "COMPANY_FILE",
    "DATA_ENV_VAR",
    "DATA_FILES",
    "INSTRUMENT_RELATIVE_PATH",
    "INTEGER",
    "ISO_DATE",
    "ISO_TIMESTAMP",
    "MAX_DECISIONS",
    "MAX_DECISION_TEXT",
    "NUMBER",
    "PMF_ANSWER_CODES",
    "PMF_ANSWER_TEXTS",
    "PRACTICE_ANSWERS",
    "PROBLEM_EXPECTED_CHARACTERS",
    "PROBLEM_VALUE_CHARACTERS",
    "PROJECT_ROOT",
    "SLUG_PATTERN",
    "STAGES",
    "TEAM_ASSESSMENT_FILE",
    "TRUST_SAFETY_PRACTICES",
    "ColumnKind",
    "ColumnRule",
    "CommunityConfig",
    "Company",
    "CompanyConfig",
    "CompanyNotFoundError",
    "DataError",
    "DataFile",
    "Decision",
    "InputFile",
    "Instrument",
    "InvalidSlugError",
    "Item",
    "LoadedFile",
    "Practice",
    "Problem",
    "Severity",
    "SourceStatus",
    "Subscale",
    "TeamAssessment",
    "check_slug",
    "company_dir",
    "data_as_of",
    "data_dir_of",
    "default_data_dir",
    "dump_company_config",
    "dump_company_config_full",
    "dump_team_assessment",
    "fold_text",
    "how_to_supply",
    "list_companies",
    "load_company",
    "load_data_file",
    "load_instrument",
    "load_yaml",
    "localize_timestamps",
    "misnamed_company_folders",
    "normalize_pmf_answer",
    "parse_company_config",
    "parse_decisions",
    "parse_iso_date",
    "parse_team_assessment",
    "parse_timestamp",
    "parse_yaml",
    "pmf_answer_expectation",
    "read_contract_bytes",
    "read_csv_text",
    "read_text",
    "resolve_data_dir",
    "save_team_assessment",
    "validate_company",
    "validate_frame",
    "write_text_atomic",
]
