"""The house rules a reader relies on: every import of a project module sits at the top of its
module, where the dependency graph can be read (and an import cycle fails at once, not on the first
call of some function). Django's `apps.py` hooks are the one exception (they run once the apps load)."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# every app of the project (a folder with an apps.py), and the project package itself
PROJECT = (*sorted(path.parent.name for path in ROOT.glob("*/apps.py")), "cspeval")


def _modules():
    for package in PROJECT:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts or path.name == "apps.py":
                continue
            yield path


def _function_level_imports(path: Path, root: Path = ROOT) -> list[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for inner in ast.walk(node):
            if isinstance(inner, ast.ImportFrom) and inner.level == 0 and inner.module:
                names = [inner.module]
            elif isinstance(inner, ast.ImportFrom):
                names = ["." * inner.level + (inner.module or "")]  # relative: always the project's
            elif isinstance(inner, ast.Import):
                names = [alias.name for alias in inner.names]
            else:
                continue
            for name in names:
                if name.startswith(".") or name.split(".")[0] in PROJECT:
                    found.append(f"{path.relative_to(root)}:{inner.lineno} imports {name} inside {node.name}()")
    return found


def test_no_project_module_is_imported_inside_a_function():
    found = [line for path in _modules() for line in _function_level_imports(path)]
    assert found == [], "move these imports to the top of their module:\n" + "\n".join(found)


def test_the_rule_finds_a_function_level_import(tmp_path):
    # the check itself: a module that imports a project module inside a function is reported
    module = tmp_path / "example.py"
    module.write_text("def f():\n    from assessments.models import Scorecard\n    return Scorecard\n")
    assert _function_level_imports(module, root=tmp_path) == ["example.py:2 imports assessments.models inside f()"]


# Layers that know no HTTP: they raise the domain's errors (`cspeval.errors`), which each interface
# maps once. import-linter holds the rest of the layering (pyproject.toml); it sees external
# packages only whole, so `django.http` is checked here.
NO_HTTP = ("services", "selectors", "pipeline", "scoring", "policies")
HTTP_MODULES = ("django.http", "django.shortcuts", "rest_framework")


def _http_imports(path: Path, root: Path = ROOT) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        names = [node.module or ""] if isinstance(node, ast.ImportFrom) else []
        names += [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
        for name in names:
            if any(name == m or name.startswith(f"{m}.") for m in HTTP_MODULES):
                found.append(f"{path.relative_to(root)}:{node.lineno} imports {name}")
    return found


def _layer_modules(root: Path = ROOT):
    for package in PROJECT:
        for path in sorted((root / package).rglob("*.py")):
            parts = path.relative_to(root / package).with_suffix("").parts
            if parts and parts[0] in NO_HTTP:
                yield path


def test_services_selectors_policies_and_the_pipeline_know_no_http():
    found = [line for path in _layer_modules() for line in _http_imports(path)]
    assert found == [], "raise cspeval.errors instead (NotFound, Conflict) or Django's PermissionDenied:\n" + "\n".join(
        found
    )


def test_the_http_rule_finds_an_http_import(tmp_path):
    (tmp_path / "services").mkdir()
    module = tmp_path / "services" / "example.py"
    module.write_text("from django.http import Http404\n")
    assert _http_imports(module, root=tmp_path) == ["services/example.py:1 imports django.http"]
