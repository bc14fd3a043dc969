"""What is done to a cell, and when: a :class:`Protocol` of timed events, kept apart from the
cell (Myokit's model / protocol / simulation separation, ``myokit/_protocol.py``).

Two kinds of event, each a step that holds until the next event of the same kind:

* ``pump(level)``: the Na⁺/K⁺ pump's rate is multiplied by ``level`` (dimensionless, ≥ 0;
  1 = as described, 0 = blocked: an ATP cut, or ouabain at a saturating dose);
* ``k_out(value)``: the bath's [K]ₒ steps to ``value`` (mM), e.g. hyperkalemia.

Times are in seconds from the start of the run (t = 0, the start state). Events are sorted by
time; two events of the same kind at the same time are refused (which one would win?). A
protocol is immutable: :meth:`Protocol.pump` and :meth:`Protocol.k_out` return new protocols.
The solver integrates from one event time to the next, so every step is hit exactly.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..errors import VrestInputError

#: Kinds of event and the unit of their value.
KINDS = {"pump": "dimensionless", "k_out": "mM", "pump_decay": "s"}

#: Below this fraction of its protein (about 50 half-lives) a decaying pump is taken as gone.
DECAY_FLOOR = 1e-15


@dataclass(frozen=True, order=True)
class Event:
    """One step at ``t_s`` (s, ≥ 0): ``kind`` "pump" (``value`` = pump level, ≥ 0), "k_out"
    (``value`` = the new [K]ₒ in mM, > 0) or "pump_decay" (``value`` = the pump protein's
    half-life in s, > 0: from ``t_s`` on no new pumps are made and the pump density, hence its
    level, decays as 2^(−(t − t_s)/half-life); protein synthesis inhibited)."""

    t_s: float
    kind: str
    value: float

    def __post_init__(self) -> None:
        t = _number(self.t_s, "event.t_s", "a finite time ≥ 0 in s")
        if not t >= 0:
            raise VrestInputError("event.t_s", self.t_s, "a finite time ≥ 0 in s")
        if self.kind not in KINDS:
            raise VrestInputError("event.kind", self.kind, f"one of {', '.join(KINDS)}")
        v = _number(self.value, f"{self.kind}.value", "a finite number")
        if self.kind == "pump" and not v >= 0:
            raise VrestInputError(
                "pump.level", self.value, "a pump level ≥ 0 (0 blocked, 1 normal)"
            )
        if self.kind == "k_out" and not v > 0:
            raise VrestInputError("k_out", self.value, "a positive [K]o in mM")
        if self.kind == "pump_decay" and not v > 0:
            raise VrestInputError("half_life_s", self.value, "a positive half-life in s")
        object.__setattr__(self, "t_s", t)
        object.__setattr__(self, "value", v)

    def to_dict(self) -> dict[str, Any]:
        unit = {"pump": "level (0 blocked, 1 normal)", "k_out": "mM"}.get(self.kind, "s")
        return {"t_s": self.t_s, "kind": self.kind, "value": self.value, "unit": unit}

    def describe(self) -> str:
        if self.kind == "pump_decay":
            h = self.value / 3600.0
            return f"t = {self.t_s:g} s: pump protein decays (half-life {h:g} h)"
        if self.kind == "pump":
            what = "pump blocked" if self.value == 0 else f"pump × {self.value:g}"
        else:
            what = f"[K]o → {self.value:g} mM"
        return f"t = {self.t_s:g} s: {what}"


def _number(x: Any, field: str, expected: str) -> float:
    try:
        v = float(x)
    except (TypeError, ValueError):
        raise VrestInputError(field, x, expected) from None
    if isinstance(x, bool) or not math.isfinite(v):
        raise VrestInputError(field, x, expected)
    return v


@dataclass(frozen=True)
class Protocol:
    """A sorted, validated tuple of :class:`Event` s (see the module docstring).

    >>> Protocol().pump(0, at_s=10).k_out(10, at_s=600).times()
    (10.0, 600.0)
    """

    events: tuple[Event, ...] = ()

    def __post_init__(self) -> None:
        evs = tuple(sorted(_as_event(e) for e in self.events))
        seen: set[tuple[float, str]] = set()
        for e in evs:
            if (e.t_s, e.kind) in seen:
                raise VrestInputError(
                    "protocol", e.describe(), f"one {e.kind} event at t = {e.t_s:g} s, not two"
                )
            seen.add((e.t_s, e.kind))
        object.__setattr__(self, "events", evs)

    # ---- building ------------------------------------------------------------------------
    def add(self, kind: str, value: float, at_s: float) -> Protocol:
        """A new protocol with one more event."""
        return Protocol((*self.events, Event(at_s, kind, value)))

    def pump(self, level: float, at_s: float) -> Protocol:
        """The pump's rate × ``level`` from ``at_s`` (s) on (0 = blocked, 1 = normal)."""
        return self.add("pump", level, at_s)

    def k_out(self, value: float, at_s: float) -> Protocol:
        """[K]ₒ steps to ``value`` (mM) at ``at_s`` (s)."""
        return self.add("k_out", value, at_s)

    def pump_decay(self, half_life_s: float, at_s: float) -> Protocol:
        """From ``at_s`` (s) no new pump protein: the pump density decays with
        ``half_life_s`` (s), level × 2^(−(t − at_s)/half_life_s)."""
        return self.add("pump_decay", half_life_s, at_s)

    @property
    def continuous(self) -> bool:
        """Whether the pump level changes between events (a pump decay)."""
        return self.has("pump_decay")

    @classmethod
    def atp_cut(cls, at_s: float = 10.0) -> Protocol:
        """The pump stops at ``at_s`` (s) and stays stopped: ATP depletion (or ouabain)."""
        return cls().pump(0.0, at_s)

    # ---- reading -------------------------------------------------------------------------
    def times(self) -> tuple[float, ...]:
        """The distinct event times (s), sorted."""
        return tuple(sorted({e.t_s for e in self.events}))

    def level_at(self, t_s: float) -> float:
        """The pump level in force at ``t_s`` (an event at t_s is already in force)."""
        level, decay = 1.0, 1.0
        for e in self.events:
            if e.t_s > t_s:
                break
            if e.kind == "pump":
                level = e.value
            elif e.kind == "pump_decay":
                decay = 2.0 ** (-(t_s - e.t_s) / e.value)
                if decay < DECAY_FLOOR:  # 50 half-lives: no pump left (and no stiff tail for
                    decay = 0.0  # the solver to crawl through at 2^-56 of a pump)
        return level * decay

    def k_out_at(self, t_s: float, default: float | None) -> float | None:
        """[K]ₒ (mM) in force at ``t_s``; ``default`` (the cell's) before any k_out event."""
        k = default
        for e in self.events:
            if e.t_s > t_s:
                break
            if e.kind == "k_out":
                k = e.value
        return k

    def has(self, kind: str) -> bool:
        return any(e.kind == kind for e in self.events)

    def to_dict(self) -> dict[str, Any]:
        return {"events": [e.to_dict() for e in self.events]}

    def describe(self) -> str:
        return "; ".join(e.describe() for e in self.events) or "no events"


def _as_event(e: Any) -> Event:
    if isinstance(e, Event):
        return e
    if isinstance(e, dict):
        return Event(e.get("t_s"), e.get("kind"), e.get("value"))
    if isinstance(e, Iterable) and not isinstance(e, str):
        t = tuple(e)
        if len(t) == 3:
            return Event(*t)
    raise VrestInputError("protocol.events", e, "Event(t_s, kind, value) or (t_s, kind, value)")
