"""Find import cycles between the modules of pos/ (exit 1 when there is one).

Every import counts: module level, inside functions (deferred) and under ``if TYPE_CHECKING``,
because a deferred import still ties the two modules together and a cycle hidden in a function
comes back the day someone moves it to the top. Importing a package counts as importing its
``__init__``; ``from pkg import name`` counts as importing ``pkg.name`` when that is a module,
else ``pkg``.

    uv run python scripts/import_graph.py            # cycles, one a line
    uv run python scripts/import_graph.py --edges    # also why: the import lines of each cycle
"""

from __future__ import annotations

import argparse
import ast
import sys
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "pos"


def module_names(root: Path, package: str) -> dict[str, Path]:
    """Every module of the package by dotted name (a package by its own name, for __init__)."""
    found: dict[str, Path] = {}
    for path in sorted((root / package).rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _absolute(module: str, is_package: bool, level: int, target: str | None) -> str:
    """The dotted name a relative ``from ... import`` refers to."""
    if level == 0:
        return target or ""
    base = module.split(".")
    if not is_package:
        base.pop()
    if level > 1:
        base = base[: len(base) - (level - 1)]
    return ".".join(base + ([target] if target else []))


def imports_of(module: str, path: Path, modules: dict[str, Path]) -> dict[str, int]:
    """The modules of the package that ``module`` imports, each with the line of its first import."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    is_package = path.name == "__init__.py"
    found: dict[str, int] = {}

    def add(name: str, line: int) -> None:
        # "pos.a.b.c" where c is a function: the nearest enclosing module is what is imported
        while name and name not in modules:
            name = name.rpartition(".")[0]
        if name and name != module:
            found.setdefault(name, line)

    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == PACKAGE:
                    add(alias.name, node.lineno)
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(module, is_package, node.level, node.module)
            if base.split(".")[0] != PACKAGE:
                continue
            for alias in node.names:
                full = f"{base}.{alias.name}"
                add(full if full in modules else base, node.lineno)
    return found


def import_graph(root: Path = ROOT, package: str = PACKAGE) -> tuple[dict[str, dict[str, int]], dict[str, Path]]:
    modules = module_names(root, package)
    return {name: imports_of(name, path, modules) for name, path in modules.items()}, modules


def strongly_connected(graph: dict[str, dict[str, int]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative (the graph is deep enough to worry the recursion limit)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work: list[tuple[str, Iterable[str]]] = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, {})))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    groups.append(sorted(group))
    return sorted(groups)


def cycles(root: Path = ROOT, package: str = PACKAGE) -> list[list[str]]:
    """Groups of modules that import each other, directly or round a loop."""
    graph, _ = import_graph(root, package)
    return strongly_connected(graph)


def layer(module: str, depth: int = 2) -> str:
    """'pos.services.purchases.links' -> 'pos.services' at depth 2."""
    return ".".join(module.split(".")[:depth])


def layer_cycles(root: Path = ROOT, package: str = PACKAGE, depth: int = 2) -> list[list[str]]:
    """Cycles between subpackages (pos.devices <-> pos.services), whatever the modules inside."""
    graph, _ = import_graph(root, package)
    folded: dict[str, dict[str, int]] = {}
    for name, targets in graph.items():
        edges = folded.setdefault(layer(name, depth), {})
        for target in targets:
            if layer(target, depth) != layer(name, depth):
                edges.setdefault(layer(target, depth), 0)
    return strongly_connected(folded)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--edges", action="store_true", help="print the import lines inside each cycle")
    parser.add_argument("--layers", action="store_true",
                        help="also report cycles between the subpackages of pos (domain, db, services, ...)")
    args = parser.parse_args(argv)
    graph, modules = import_graph()
    found = strongly_connected(graph)
    for group in found:
        print("cycle: " + " <-> ".join(group))
        if args.edges:
            members = set(group)
            for name in group:
                for target, line in sorted(graph[name].items()):
                    if target in members:
                        rel = modules[name].relative_to(ROOT)
                        print(f"    {rel}:{line}: {name} -> {target}")
    layered = layer_cycles() if args.layers else []
    for group in layered:
        print("layer cycle: " + " <-> ".join(group))
    if not found and not layered:
        print(f"no import cycle among {len(graph)} modules of {PACKAGE}/")
    return 1 if found or layered else 0


if __name__ == "__main__":
    sys.exit(main())
