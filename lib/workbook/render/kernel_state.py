"""Runs inside a warm kernel: import ahead of time, then return to a fresh kernel's state.

:func:`warm` imports the library and what it uses (pandas, altair, pandera, the assessments, the
chart converter) once per kernel and takes a snapshot of the process state that a notebook may
change. :func:`reset`, run before every notebook, clears the IPython session (user namespace,
output cache, history, execution counter back to 1) and restores that snapshot: working folder,
environment, ``sys.path``, warning filters and "shown once" registries, logging, numpy and pandas
options, Altair's theme, renderer and data transformer, and the random seeds. A notebook run in
a reset kernel gives the same outputs as in a new kernel (``tests/test_render.py`` checks it).
Imported modules stay imported: that is the point.
"""

from __future__ import annotations

import gc
import importlib
import logging
import os
import random
import sys
import warnings
from typing import Any, cast

#: Imported by :func:`warm` besides the registry's assessment modules.
BASE_MODULES = (
    "numpy",
    "pandas",
    "yaml",
    "IPython.display",
    "workbook.io",
    "workbook.registry",
    "workbook.charts",
)

_snapshot: dict[str, Any] | None = None


def warm(extra: tuple[str, ...] = ()) -> list[str]:
    """Import the library and its heavy dependencies, start the chart converter, then take the
    snapshot that :func:`reset` restores. Returns the modules that could not be imported."""
    global _snapshot
    _skip_slow_imports()
    failed = []
    names = list(BASE_MODULES)
    try:
        from workbook import registry

        names += [assessment.module for assessment in registry.ASSESSMENTS]
    except ImportError:
        failed.append("workbook.registry")
    for name in [*names, *extra]:
        try:
            importlib.import_module(name)
        except Exception:  # a broken module fails in the notebook, where it is reported
            failed.append(name)
    _start_chart_converter()
    _snapshot = _take_snapshot()
    return failed


def _skip_slow_imports() -> None:
    """jsonschema imports ``rfc3987_syntax``, when installed, for its optional "iri" format
    checker; the import builds a grammar and costs 2-3 s here. Vega-Lite's schema has no "iri"
    format, so no chart validation changes without it (set WORKBOOK_KEEP_RFC3987=1 to keep it)."""
    if os.environ.get("WORKBOOK_KEEP_RFC3987") != "1" and "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]


def _start_chart_converter() -> None:
    """vl-convert starts its JavaScript engine on first use (about 0.6 s): do it now."""
    try:
        import vl_convert

        vl_convert.vegalite_to_svg(
            vl_spec={"data": {"values": [{"a": 1}]}, "mark": "point", "encoding": {}}
        )
    except Exception:
        pass


def _take_snapshot() -> dict[str, Any]:
    root = logging.getLogger()
    state: dict[str, Any] = {
        "cwd": os.getcwd(),
        "environ": dict(os.environ),
        "path": list(sys.path),
        "argv": list(sys.argv),
        "filters": list(warnings.filters),
        "logging": (root.level, list(root.handlers), logging.root.manager.disable),
    }
    if "numpy" in sys.modules:
        import numpy as np

        state["numpy"] = (np.geterr(), np.get_printoptions())
    if "pandas" in sys.modules:
        state["pandas"] = _pandas_options()
    if "altair" in sys.modules:
        import altair as alt

        state["altair"] = {
            registry: registry.active
            for registry in (alt.renderers, alt.data_transformers, _altair_themes(alt))
            if registry is not None
        }
    return state


def _altair_themes(alt: Any) -> Any:
    themes = getattr(alt, "theme", None)
    if themes is not None and hasattr(themes, "_registry"):  # Altair 5.5+: alt.theme module
        return themes._registry
    return getattr(alt, "themes", None)


def reset() -> None:
    """Return the kernel to the state of a new kernel that has imported the library."""
    from IPython import get_ipython

    shell = get_ipython()
    if shell is not None:
        shell.reset(new_session=True)
    state = _snapshot
    if state is not None:
        if os.getcwd() != state["cwd"]:
            os.chdir(state["cwd"])
        if dict(os.environ) != state["environ"]:
            os.environ.clear()
            os.environ.update(state["environ"])
        sys.path[:] = state["path"]
        sys.argv[:] = state["argv"]
        cast("list[Any]", warnings.filters)[:] = state["filters"]  # a list, typed Sequence
        root = logging.getLogger()
        root.setLevel(state["logging"][0])
        root.handlers[:] = state["logging"][1]
        logging.disable(state["logging"][2])
        if "numpy" in state:
            import numpy as np

            np.seterr(**state["numpy"][0])
            np.set_printoptions(**state["numpy"][1])
        for registry, active in state.get("altair", {}).items():
            if registry.active != active:
                registry.enable(active)
        if "pandas" in state:
            _restore_pandas_options(state["pandas"])
    _forget_shown_warnings()
    random.seed()
    if "numpy" in sys.modules:
        import numpy as np

        np.random.seed()
    gc.collect(1)  # young objects only: a full collection costs ~0.1 s and changes no output


def _forget_shown_warnings() -> None:
    """Make "default" and "once" warnings show again, as they would in a new process."""
    warnings.__dict__.get("_filters_mutated", lambda: None)()
    onceregistry = getattr(warnings, "onceregistry", None)
    if isinstance(onceregistry, dict):
        onceregistry.clear()
    for module in list(sys.modules.values()):
        registry = getattr(module, "__warningregistry__", None)
        if isinstance(registry, dict):
            registry.clear()


def _pandas_options() -> dict[str, Any]:
    import pandas as pd

    names = list(getattr(pd._config.config, "_registered_options", {}))
    values = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name in names:
            try:
                values[name] = pd.get_option(name)
            except Exception:
                continue
    return values


def _restore_pandas_options(values: dict[str, Any]) -> None:
    import pandas as pd

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name, value in values.items():
            try:
                if pd.get_option(name) != value:
                    pd.set_option(name, value)
            except Exception:
                continue


def check(slug: str, data_dir: str) -> str:
    """Validate a company with the data contract, in the warm kernel (pandas and pandera are
    loaded here already). Returns JSON: ``{"errors": [...], "warnings": n, "name": ...}``.
    Whatever it leaves behind is cleared by the :func:`reset` that follows it."""
    import json

    from workbook import io

    try:
        problems = io.validate_company(slug, data_dir)
    except io.DataError as exc:
        return json.dumps({"errors": [str(exc)], "warnings": 0, "name": None})
    except Exception as exc:  # the validation itself broke on this data: still the data's
        text = f"the data could not be validated ({type(exc).__name__}: {str(exc)[:300]})"
        return json.dumps({"errors": [text], "warnings": 0, "name": None})
    errors = [str(problem) for problem in problems if problem.severity == "error"]
    name = None
    if not errors:
        path = io.company_dir(slug, data_dir) / io.COMPANY_FILE
        source, _ = io.read_text(path, io.COMPANY_FILE)
        config, _ = io.parse_company_config(source) if source is not None else (None, [])
        name = None if config is None else str(config.name)
    return json.dumps({"errors": errors, "warnings": len(problems) - len(errors), "name": name})
