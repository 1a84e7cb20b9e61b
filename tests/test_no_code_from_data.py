"""Nothing smm reads can run code: no pickle, marshal, shelve, eval or exec anywhere in the
package, and every YAML load goes through the safe loader (content.yamlpos.SafeLoader)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "tools" / "smm"
FORBIDDEN_MODULES = {"pickle", "cPickle", "_pickle", "marshal", "shelve", "dill", "jsonpickle"}
FORBIDDEN_CALLS = {"eval", "exec", "compile", "__import__"}
UNSAFE_YAML = {
    "load_all",
    "unsafe_load",
    "full_load",
    "unsafe_load_all",
    "full_load_all",
    "Loader",
    "FullLoader",
    "UnsafeLoader",
}


def _problems(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [
                f"import {a.name}" for a in node.names if a.name.split(".")[0] in FORBIDDEN_MODULES
            ]
        elif (
            isinstance(node, ast.ImportFrom)
            and (node.module or "").split(".")[0] in FORBIDDEN_MODULES
        ):
            found.append(f"from {node.module} import")
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in FORBIDDEN_CALLS
        ):
            found.append(f"{node.func.id}()")
        elif (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == "yaml"
        ) and node.attr in UNSAFE_YAML:
            found.append(f"yaml.{node.attr}")
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "load"
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "yaml"
        ):
            loader = next((k.value for k in node.keywords if k.arg == "Loader"), None)
            if not (isinstance(loader, ast.Name) and loader.id in ("SafeLoader", "_Loader")):
                found.append("yaml.load without the safe loader")
    return found


def test_the_package_never_turns_data_into_code() -> None:
    problems = {
        str(path.relative_to(PACKAGE)): p
        for path in sorted(PACKAGE.rglob("*.py"))
        if (p := _problems(path.read_text(encoding="utf-8")))
    }
    assert not problems, problems


def test_yaml_is_loaded_in_one_place() -> None:
    """content/yamlpos.py holds the package's only ``yaml.load`` (load_data, for smm's own rule
    files; a user's file goes through its positions-keeping loader): no second way in to audit."""
    loads = sorted(
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if "yaml.load(" in path.read_text(encoding="utf-8")
    )
    assert loads == ["content/yamlpos.py"]


def test_the_guard_sees_each_way_in() -> None:
    for bad in (
        "import pickle",
        "from marshal import loads",
        "eval('1')",
        "exec('x=1')",
        "yaml.load(t, Loader=yaml.Loader)",
        "yaml.unsafe_load(t)",
        "yaml.load(t)",
        "yaml.full_load(t)",
    ):
        assert _problems(bad), bad
    assert not _problems("yaml.load(t, Loader=SafeLoader)")
