"""Named scenarios: the chapter's applications and the run-down experiments, each runnable by
name (``vrest scenario NAME``) with its parameters, sources, report and figure.

``vrest.scenarios.REGISTRY`` maps names to :class:`~vrest.scenarios.base.Scenario` objects;
:func:`run` runs one. The modules register themselves when this package is imported.
"""

from __future__ import annotations

import importlib
from typing import Any

from .base import REGISTRY, Param, Scenario, ScenarioResult, register

#: Modules that define scenarios (each registers its own on import).
MODULES = ("rundown", "hyperkalemia", "gaba", "plants", "acidophiles")
for _m in MODULES:
    importlib.import_module(f".{_m}", __name__)


def run(name: str, **params: Any) -> ScenarioResult:
    """Run scenario ``name`` with ``params`` (working units or texts with units)."""
    from ..errors import VrestInputError

    if name not in REGISTRY:
        raise VrestInputError("scenario", name, f"one of {', '.join(sorted(REGISTRY))}")
    return REGISTRY[name].run(**params)


__all__ = ["REGISTRY", "Param", "Scenario", "ScenarioResult", "register", "run"]
