"""The shape of the library itself: no import cycles, one exception root, modules of a readable
size. Read from the source (ast), so a cycle hidden inside a function is found too."""

from __future__ import annotations

import ast
import importlib
from dataclasses import dataclass
from pathlib import Path

import workbook
from workbook.errors import WorkbookError

LIBRARY = Path(workbook.__file__).resolve().parent
#: A module longer than this is split into modules of one concern each.
MAX_LINES = 600


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(LIBRARY.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


#: Every module of the library: dotted name -> file.
MODULES = {_module_name(path): path for path in sorted(LIBRARY.rglob("*.py"))}


@dataclass(frozen=True)
class Edge:
    """One import of a library module by another, where it is written."""

    source: str
    target: str
    line: int
    typing_only: bool

    def __str__(self) -> str:
        where = " (only when type checking)" if self.typing_only else ""
        return f"{self.source} imports {self.target} at line {self.line}{where}"


def _typing_only_lines(tree: ast.Module) -> set[int]:
    """The lines inside ``if TYPE_CHECKING:`` blocks (never run, but still a dependency)."""
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.body:
                end = child.end_lineno or child.lineno
                lines.update(range(child.lineno, end + 1))
    return lines


def _resolve(module: str, path: Path, node: ast.ImportFrom) -> str:
    """The absolute module a ``from … import`` names, relative imports resolved."""
    if not node.level:
        return node.module or ""
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    base = package[: len(package) - node.level + 1]
    return ".".join([*base, node.module] if node.module else base)


def _targets(module: str, path: Path, node: ast.Import | ast.ImportFrom) -> list[str]:
    """The library modules one import statement loads (a name imported from a package counts as
    its submodule when there is one, as the package otherwise)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names if alias.name in MODULES]
    origin = _resolve(module, path, node)
    found = []
    for alias in node.names:
        submodule = f"{origin}.{alias.name}"
        if submodule in MODULES:
            found.append(submodule)
        elif origin in MODULES:
            found.append(origin)
    return found


def import_edges() -> list[Edge]:
    """Every import between library modules, at module level or inside a function (one edge per
    statement)."""
    edges = set()
    for module, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        typing_only = _typing_only_lines(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                for target in _targets(module, path, node):
                    if target != module:
                        edges.add(Edge(module, target, node.lineno, node.lineno in typing_only))
    return sorted(edges, key=lambda edge: (edge.source, edge.line, edge.target))


@dataclass(frozen=True)
class Cycle:
    """Modules that import each other (directly or through others), with one chain of imports
    that closes the circle and every import between them."""

    modules: tuple[str, ...]
    chain: tuple[Edge, ...]
    imports: tuple[Edge, ...]

    def __str__(self) -> str:
        circle = " -> ".join([self.chain[0].source, *(edge.target for edge in self.chain)])
        lines = [f"{len(self.modules)} modules import each other: {', '.join(self.modules)}"]
        lines.append(f"  for example {circle}; the imports between them:")
        lines += [f"    {edge}" for edge in self.imports]
        return "\n".join(lines)


def import_cycles(edges: list[Edge]) -> list[Cycle]:
    """One :class:`Cycle` per group of modules that import each other (the strongly connected
    components of the import graph, found with Tarjan's algorithm)."""
    graph: dict[str, dict[str, Edge]] = {}
    for edge in edges:
        graph.setdefault(edge.source, {}).setdefault(edge.target, edge)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, {}):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(group)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return [
        Cycle(
            tuple(sorted(group)),
            tuple(_chain_in(group, graph)),
            tuple(e for e in edges if e.source in group and e.target in group),
        )
        for group in sorted(groups, key=min)
    ]


def _chain_in(group: set[str], graph: dict[str, dict[str, Edge]]) -> list[Edge]:
    """A shortest cycle through the group's first module (breadth-first inside the group)."""
    start = min(group)
    paths: dict[str, list[Edge]] = {start: []}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for target, edge in sorted(graph.get(node, {}).items()):
            if target == start:
                return [*paths[node], edge]
            if target in group and target not in paths:
                paths[target] = [*paths[node], edge]
                queue.append(target)
    raise AssertionError(f"no cycle through {start} in {sorted(group)}")


def test_the_cycle_finder_names_a_cycle_and_ignores_a_chain() -> None:
    """The cycle search itself: a -> b -> c -> a is reported with its modules and where each
    import is written (marked when it only runs under the type checker), and the one-way chain
    c -> d -> e hanging off it is not part of any cycle."""
    edges = [
        Edge("a", "b", 1, False),
        Edge("b", "c", 2, False),
        Edge("c", "a", 3, True),
        Edge("c", "d", 4, False),
        Edge("d", "e", 5, False),
    ]
    cycles = import_cycles(edges)
    assert [cycle.modules for cycle in cycles] == [("a", "b", "c")]
    text = str(cycles[0])
    assert "3 modules import each other: a, b, c" in text
    assert "for example a -> b -> c -> a" in text
    assert "c imports a at line 3 (only when type checking)" in text
    assert "c imports d" not in text


def test_relative_imports_are_resolved_to_the_module_they_load() -> None:
    """``from .compute import x`` in a package's module and ``from . import compute`` in its
    ``__init__`` both count as imports of the sibling module, so no spelling hides a cycle."""
    advice = LIBRARY / "belonging" / "advice.py"
    init = LIBRARY / "belonging" / "__init__.py"
    sibling, package, parent = ast.parse(
        "from .compute import assess\nfrom . import compute, assess\nfrom ..results import rank"
    ).body
    assert isinstance(sibling, ast.ImportFrom)
    assert isinstance(package, ast.ImportFrom)
    assert isinstance(parent, ast.ImportFrom)
    assert _targets("workbook.belonging.advice", advice, sibling) == ["workbook.belonging.compute"]
    assert _targets("workbook.belonging", init, package) == [
        "workbook.belonging.compute",
        "workbook.belonging.assess",  # a module of the package (assess.py), not a name in it
    ]
    assert _targets("workbook.belonging.advice", advice, parent) == ["workbook.results"]


def test_imports_inside_functions_are_part_of_the_graph() -> None:
    """The walk finds imports written inside functions (the usual way to hide a cycle), not only
    those at the top of a module."""
    pairs = {(edge.source, edge.target) for edge in import_edges()}
    inside = set()
    for module, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function in ast.walk(tree):
            if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                for node in ast.walk(function):
                    if isinstance(node, ast.Import | ast.ImportFrom):
                        inside.update(
                            (module, target)
                            for target in _targets(module, path, node)
                            if target != module
                        )
    assert inside, "no library module imports another inside a function"
    assert inside <= pairs


def test_no_import_cycles() -> None:
    """Library modules import each other in one direction only (rules -> compute -> advice ->
    present; shared layers never import back from what uses them): a cycle makes the import order
    decide what works, and the layers impossible to read or replace one at a time."""
    cycles = import_cycles(import_edges())
    assert not cycles, f"{len(cycles)} import cycle(s):\n" + "\n".join(map(str, cycles))


def _exception_classes() -> list[tuple[str, type[BaseException]]]:
    """Every exception class a library module defines at its top level, imported to read its
    real bases (a base can come from anywhere)."""
    found = []
    for module_name, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        defined = [node.name for node in tree.body if isinstance(node, ast.ClassDef)]
        if not defined:
            continue
        module = importlib.import_module(module_name)
        for name in defined:
            cls = getattr(module, name)
            if isinstance(cls, type) and issubclass(cls, BaseException):
                found.append((f"{module_name}.{name}", cls))
    return found


def test_every_exception_class_has_the_workbook_root() -> None:
    """Every exception the library defines subclasses ``WorkbookError``, so that a caller (the
    command line, the renderer, a notebook) can catch "any workbook error" in one clause and
    let real bugs through."""
    classes = _exception_classes()
    assert any(cls is WorkbookError for _, cls in classes)
    assert len(classes) > 5, "the search found almost no exception classes"
    strays = [name for name, cls in classes if not issubclass(cls, WorkbookError)]
    assert not strays, "exception classes outside WorkbookError: " + ", ".join(strays)


def _long_modules() -> dict[str, int]:
    lengths = {
        str(path.relative_to(LIBRARY.parent)): len(path.read_text(encoding="utf-8").splitlines())
        for path in MODULES.values()
    }
    return {name: count for name, count in lengths.items() if count > MAX_LINES}


def test_no_module_is_over_600_lines() -> None:
    """Every library module fits in one reading (at most 600 lines): a longer one does several
    jobs, which is where a change in one job breaks another."""
    long = _long_modules()
    assert not long, "modules over 600 lines: " + ", ".join(
        f"{name} ({count})" for name, count in sorted(long.items(), key=lambda item: -item[1])
    )
