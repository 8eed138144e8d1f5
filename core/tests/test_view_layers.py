"""Views adapt, selectors read, services write (docs/architecture.md): every app's
views module is read as source (AST) and may not query the ORM nor write access-log rows.

- no ``.objects`` and no queryset methods (``filter``, ``select_related`` …) and no
  ``get_object_or_404``: a query belongs in the app's selectors;
- a model class imported into a view is used for its constants only (``AccessEvent.Action``,
  ``Role.COACH``), never called, passed on or asked for ``.objects``;
- no call of the audit services (``access_event_record`` …): the read or the change is
  logged by the selector or service that does it.
"""

import ast
import importlib
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models

QUERY_METHODS = {
    "objects",
    "_default_manager",
    "filter",
    "exclude",
    "order_by",
    "select_related",
    "prefetch_related",
    "values_list",
    "annotate",
    "aggregate",
    "raw",
}
QUERY_FUNCTIONS = {"get_object_or_404", "get_list_or_404"}
LOG_WRITERS = {
    "access_event_record",
    "access_event_record_list",
    "access_event_record_for_organisation",
    "access_events_record",
    "security_event_record",
}


def _view_modules() -> list[tuple[str, Path]]:
    base = Path(settings.BASE_DIR).resolve()
    found = []
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if path.parent == base and (path / "views.py").exists():
            found.append((config.name, path / "views.py"))
    return sorted(found)


def _model_names(tree: ast.Module, module_name: str) -> set[str]:
    """Names imported from a models module that are model classes (not choices, not
    constants)."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[-1] == "models":
            module = importlib.import_module(
                "." * node.level + node.module, package=module_name.rpartition(".")[0]
            )
            for alias in node.names:
                value = getattr(module, alias.name, None)
                if isinstance(value, type) and issubclass(value, models.Model):
                    names.add(alias.asname or alias.name)
    return names


def _annotation_nodes(tree: ast.Module) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        annotations = []
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            annotations.append(node.returns)
            annotations += [a.annotation for a in node.args.args + node.args.kwonlyargs]
        elif isinstance(node, ast.AnnAssign):
            annotations.append(node.annotation)
        for annotation in annotations:
            if annotation is not None:
                ids.update(id(child) for child in ast.walk(annotation))
    return ids


def problems_in(source: str, module_name: str) -> list[str]:
    tree = ast.parse(source)
    model_names = _model_names(tree, module_name)
    in_annotations = _annotation_nodes(tree)
    parents = {id(child): node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    found = []
    for node in ast.walk(tree):
        line = getattr(node, "lineno", 0)
        if isinstance(node, ast.ImportFrom) and node.module == "audit.services":
            found.append(f"line {line}: imports audit.services (log through a service)")
        if isinstance(node, ast.Attribute) and node.attr in QUERY_METHODS:
            found.append(f"line {line}: .{node.attr} (query in a selector)")
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name in QUERY_FUNCTIONS:
                found.append(f"line {line}: {name} (query in a selector)")
            if name in LOG_WRITERS:
                found.append(f"line {line}: {name} (log rows are written by services)")
        if (
            isinstance(node, ast.Name)
            and node.id in model_names
            and id(node) not in in_annotations
            and not isinstance(parents.get(id(node)), ast.Attribute)
        ):
            found.append(f"line {line}: model {node.id} used for more than its constants")
    return found


@pytest.mark.parametrize(("app", "path"), _view_modules(), ids=lambda v: str(v))
def test_views_neither_query_nor_write_the_log(app, path):
    assert problems_in(path.read_text(), f"{app}.views") == []


def test_every_app_with_views_is_checked():
    checked = {app for app, _path in _view_modules()}
    assert {"participants", "assessments", "selfrating", "referrals"} <= checked


def test_the_check_finds_a_query_a_model_and_a_log_row():
    source = (
        "from audit.models import AccessEvent\n"
        "from audit.services import access_event_record\n"
        "def view(request):\n"
        "    AccessEvent.objects.filter(pk=1)\n"
        "    rows = AccessEvent(what='x')\n"
        "    kind = AccessEvent.Action.VIEW\n"
        "    access_event_record(actor=None, participant=None, action=kind, what='')\n"
    )
    found = problems_in(source, "audit.views")
    assert any(".objects" in p for p in found)
    assert any(".filter" in p for p in found)
    assert any("model AccessEvent" in p for p in found)
    assert any("access_event_record (" in p for p in found)
    assert not any("line 6" in p for p in found)  # a constant is fine
