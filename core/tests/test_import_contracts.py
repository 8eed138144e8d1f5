"""The import contracts in pyproject.toml (`lint-imports` in `make lint`, ADR 0019) name
every app of the project, so a new app cannot sit outside them, and no app twice."""

import tomllib
from pathlib import Path

from django.apps import apps
from django.conf import settings

PYPROJECT = Path(settings.BASE_DIR) / "pyproject.toml"


def _contracts() -> tuple[dict, dict[str, dict]]:
    config = tomllib.loads(PYPROJECT.read_text())["tool"]["importlinter"]
    return config, {c["id"]: c for c in config["contracts"]}


def _project_apps() -> set[str]:
    base = Path(settings.BASE_DIR).resolve()
    return {c.name for c in apps.get_app_configs() if Path(c.path).resolve().parent == base}


def _layer_apps(layers: list[str]) -> list[str]:
    return [name.strip() for layer in layers for name in layer.replace(":", "|").split("|")]


def test_the_contracts_cover_every_app_once():
    config, contracts = _contracts()
    project = _project_apps()
    assert "demo" in project
    assert set(config["root_packages"]) == project

    layered = _layer_apps(contracts["apps"]["layers"])
    assert sorted(layered) == sorted(project)
    assert layered[0] == "demo"
    assert set(layered[-3:]) == {"accounts", "core", "audit"}

    assert set(contracts["no-demo"]["source_modules"]) == project - {"demo"}
    assert contracts["no-demo"]["forbidden_modules"] == ["demo"]
    assert set(contracts["inside-apps"]["containers"]) == project - {"demo"}
