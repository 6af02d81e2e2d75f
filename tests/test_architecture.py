"""The house rules a reader relies on: every import of a project module sits at the top of its
module, where the dependency graph can be read (and an import cycle fails at once, not on the first
call of some function). Django's `apps.py` hooks are the one exception (they run once the apps load)."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROJECT = ("accounts", "assessments", "cspeval", "demo", "providers")


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
