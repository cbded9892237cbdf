"""Imports go one way: no two packages of gov_docs import each other, directly or through others.

Every module under gov_docs/ is parsed (imports inside functions count: a lazy import is still a
dependency). Nodes are the top-level packages and modules (``gov_docs.checks``, ``gov_docs.api``…);
a cycle is a strongly connected component with more than one node.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import gov_docs

PACKAGE_DIR = Path(gov_docs.__file__).resolve().parent


def _module_name(path: Path) -> str:
    parts = ["gov_docs", *path.relative_to(PACKAGE_DIR).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _node(module: str, nodes: set[str]) -> str | None:
    """Return the top-level node (``gov_docs.x``) of a module name, or None outside gov_docs."""
    parts = module.split(".")
    if parts[0] != "gov_docs" or len(parts) < 2:
        return None
    return parts[1] if parts[1] in nodes else None


def _imported(tree: ast.AST, module: str, is_package: bool) -> list[tuple[str, int]]:
    """Return (absolute module name, line) for every import in the tree, relative ones resolved."""
    out = []
    for n in ast.walk(tree):
        if isinstance(n, ast.Import):
            out += [(a.name, n.lineno) for a in n.names]
        elif isinstance(n, ast.ImportFrom):
            if n.level:
                base = module.split(".") if is_package else module.split(".")[:-1]
                base = base[: len(base) - (n.level - 1)]
                target = ".".join(base + ([n.module] if n.module else []))
            else:
                target = n.module or ""
            out.append((target, n.lineno))
            out += [(f"{target}.{a.name}", n.lineno) for a in n.names]  # from gov_docs import x
    return out


def package_graph() -> dict[str, dict[str, list[str]]]:
    """Return node → imported node → ["file:line", …] for every import between top-level nodes."""
    nodes = {p.name for p in PACKAGE_DIR.iterdir() if (p / "__init__.py").exists()}
    nodes |= {p.stem for p in PACKAGE_DIR.glob("*.py") if p.stem != "__init__"}
    graph: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        module = _module_name(path)
        src = _node(module, nodes)
        if src is None:  # gov_docs/__init__.py: version only
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for target, line in _imported(tree, module, path.name == "__init__.py"):
            dst = _node(target, nodes)
            where = f"{path.relative_to(PACKAGE_DIR.parent)}:{line}"
            if dst is not None and dst != src and where not in graph[src][dst]:
                graph[src][dst].append(where)
    return graph


def cycles(graph: dict[str, dict[str, list[str]]]) -> list[list[str]]:
    """Return the strongly connected components with more than one node (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in graph.get(v, {}):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_the_graph_sees_lazy_imports() -> None:
    graph = package_graph()
    assert "api" in graph["gui"]  # the main layering edge
    assert "gui" in graph["__main__"]  # only imported inside main(): lazy imports count
    assert not graph.get("document", {}).get("gui")


def test_a_cycle_is_found() -> None:
    graph = {"a": {"b": ["x:1"]}, "b": {"c": ["x:2"]}, "c": {"a": ["x:3"]}, "d": {"a": ["x:4"]}}
    assert cycles(graph) == [["a", "b", "c"]]


def test_no_two_packages_import_each_other() -> None:
    graph = package_graph()
    problems = []
    for comp in cycles(graph):
        edges = [f"  {a} → {b}: {', '.join(graph[a][b][:3])}"
                 for a in comp for b in comp if b in graph.get(a, {})]
        problems.append(" ⇄ ".join(comp) + "\n" + "\n".join(edges))
    assert not problems, "package import cycles:\n" + "\n".join(problems)
