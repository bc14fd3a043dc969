"""The contract every named scenario follows, so that ``vrest scenario NAME`` (and later the
explorer) can list, run, report and draw any of them the same way.

A scenario module defines one or more :class:`Scenario` objects and registers them with
:func:`register`. A scenario has a ``name`` (``hyperkalemia``, ``gaba-shift`` …), a one-line
``summary``, its ``sources`` (full citations), its ``params`` (name → :class:`Param`: default,
unit, help, kind of quantity) and a ``run(**params)`` function that returns a
:class:`ScenarioResult`. Parameters arrive in vrest's working units (plain floats), already
checked by :func:`Scenario.resolve` (units accepted: ``"8 mM"``).
Units: as each parameter says.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .. import units
from ..errors import VrestInputError


@dataclass(frozen=True)
class Param:
    """A scenario parameter: ``default`` (working unit), ``unit`` (text, e.g. "mM"),
    ``kind`` (a vrest.units kind: "concentration", "voltage", "dimensionless", "celsius", …,
    or "text" for a word), ``help``, and optional bounds ``lo``/``hi`` (inclusive) and
    ``choices`` (for text)."""

    default: Any
    unit: str
    kind: str
    help: str
    lo: float | None = None
    hi: float | None = None
    choices: tuple[str, ...] = ()

    def check(self, name: str, value: Any) -> Any:
        if self.kind == "text":
            if self.choices and value not in self.choices:
                raise VrestInputError(name, value, f"one of {', '.join(self.choices)}")
            return value
        if self.kind == "celsius":
            v = float(units.scalar(units.celsius(value, name), name, "dimensionless", value))
        elif self.kind == "dimensionless":
            v = float(units.scalar(units.finite(value, name, "dimensionless"), name,
                                   "dimensionless"))  # fmt: skip
        else:
            v = float(units.scalar(units.finite(value, name, self.kind), name, self.kind))
        if (self.lo is not None and v < self.lo) or (self.hi is not None and v > self.hi):
            lo = "−∞" if self.lo is None else f"{self.lo:g}"
            hi = "∞" if self.hi is None else f"{self.hi:g}"
            raise VrestInputError(name, value, f"a value from {lo} to {hi} {self.unit}")
        return v


@dataclass(frozen=True)
class ScenarioResult:
    """What a scenario returns: ``name``; ``numbers`` (name → (value, unit)); ``text`` (a
    report: what was computed, the model and its assumptions, the sources); ``tables``
    (name → list of row dicts, e.g. a curve); and ``figure`` (a callable drawing the slide
    figure into a matplotlib Figure, or None)."""

    name: str
    numbers: Mapping[str, tuple[float, str]]
    text: str
    tables: Mapping[str, list[dict[str, Any]]] = field(default_factory=dict)
    figure: Callable[[], Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "scenario": self.name,
            "numbers": {k: {"value": v, "unit": u} for k, (v, u) in self.numbers.items()},
            "tables": {k: list(v) for k, v in self.tables.items()},
        }

    def table(self) -> str:
        return self.text

    def plot(self, path: Any = None) -> Any:
        """Draw the scenario's figure; save it to ``path`` (atomically) if given."""
        from ..plotting import figure_format, save_figure

        if self.figure is None:
            raise VrestInputError("plot", self.name, "a scenario with a figure")
        if path is not None:
            figure_format(path)
        fig = self.figure()
        if path is not None:
            save_figure(fig, path)
        return fig


@dataclass(frozen=True)
class Scenario:
    """A named scenario (see the module docstring)."""

    name: str
    summary: str
    sources: tuple[str, ...]
    params: Mapping[str, Param]
    run_fn: Callable[..., ScenarioResult]

    def resolve(self, given: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Defaults overlaid with ``given`` (checked); an unknown name raises, listing the
        known ones."""
        out = {k: p.default for k, p in self.params.items()}
        for k, v in (given or {}).items():
            if k not in self.params:
                raise VrestInputError(
                    f"{self.name}.{k}", v, f"a parameter of {self.name}: "
                    + (", ".join(self.params) or "(none)"),
                )  # fmt: skip
            out[k] = self.params[k].check(f"{self.name}.{k}", v)
        return out

    def run(self, **given: Any) -> ScenarioResult:
        return self.run_fn(**self.resolve(given))


REGISTRY: dict[str, Scenario] = {}


def register(s: Scenario) -> Scenario:
    if s.name in REGISTRY:
        raise ValueError(f"scenario {s.name} registered twice")
    REGISTRY[s.name] = s
    return s
