"""The result of a time course: :class:`TimeCourse` (samples, the solver's dense output, the
protocol and the cell), with tables, a figure and the run-down half-times.

Units: t s, V mV, [X]ᵢ mM, volume µm³, pump current pA, pump rate cycles/s (= ATP/s); the
units are in the column and key names (``t_s``, ``V_mV``, ``K_in_mM``, ``volume_um3`` …), as in
:class:`vrest.rest.RestResult`. The volume appears only where the cell has ``[water]``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import VrestError, VrestInputError
from .model import PumpLeak
from .protocol import Protocol

#: What the fixed-volume model assumes, said in every report and figure.
ASSUMPTIONS = (
    "assumes a fixed cell volume and a fixed bath (no water flux: a real cell swells as it "
    "loads with NaCl, so the late run-down is overstated)"
)
#: What the model with water assumes.
ASSUMPTIONS_WATER = (
    "models the cell volume (water follows the osmotic gradient, dw/dt = P_f·A·v_w·Δosm; "
    "membrane area and capacitance fixed) in a fixed bath"
)


def assumptions_of(eq: PumpLeak) -> list[str]:
    """The assumption lines of a time course with equations ``eq``."""
    gated = (
        ["gated channels with their gates at steady state (quasi-steady: no action potentials); "
         "fixed-reversal leaks charge the membrane but move no tracked ion"]
        if eq.mem.chans else []
    )  # fmt: skip
    if not eq.water and eq.n_imp is None:
        return [ASSUMPTIONS, *gated]
    lines = [ASSUMPTIONS_WATER if eq.water else ASSUMPTIONS, *gated]
    if eq.water:
        w = eq.cell.water
        lines.append(
            f"water: P_f {w.P_f:g} µm/s; "
            + ("no wall (nothing limits swelling)" if w.wall is None else
               f"wall: ΔP = {w.wall:g} kPa × (w/w0 − 1) beyond w0 = {eq.vol:.6g} µm³")
        )  # fmt: skip
    if eq.n_imp is not None:
        lines.append(f"impermeant anions inside: {eq.imp_how}")
    if eq.a_out:
        sign = "anion" if eq.z_a < 0 else "cation"
        lines.append(
            f"the bath's listed ions are not electroneutral (Σ z c = {-eq.z_a * eq.a_out:+.6g} "
            f"mM): it is given an impermeant monovalent {sign}, {eq.a_out:.6g} mM, which counts "
            "in its osmolarity"
        )
    return lines


@dataclass(frozen=True, eq=False)
class Segment:
    """One piece of the run between event times ``t0``–``t1`` (s): the pump ``level``, the bath
    ``c_out`` (mM) in force, and the solver's dense output ``sol(t)`` → y."""

    t0: float
    t1: float
    level: float
    c_out: np.ndarray
    sol: Callable[[Any], np.ndarray]


@dataclass(frozen=True, eq=False)
class TimeCourse:
    """A cell's time course under a protocol (see the module docstring).

    ``t`` s; ``V`` mV; ``c_in`` ion → mM array; ``i_pump`` pA and ``pump_rate`` 1/s (net pump
    current and cycle rate at each sample, the protocol's level included); ``rest`` the rest
    analysis of the start; ``stats`` the solver's counts and ``wall_s`` (the integration only)."""

    t: np.ndarray
    V: np.ndarray
    c_in: dict[str, np.ndarray]
    i_pump: np.ndarray
    pump_rate: np.ndarray
    cell: Any
    protocol: Protocol
    model: str
    rest: Any
    start: Any
    method: str
    rtol: float
    stats: dict[str, float] = field(default_factory=dict)
    #: The cell volume (µm³) at each sample where it is modelled (``[water]``), else None.
    volume: np.ndarray | None = None
    _eq: PumpLeak | None = field(default=None, repr=False)
    _segments: tuple[Segment, ...] = field(default=(), repr=False)

    @classmethod
    def build(cls, t, Y, eq, protocol, rest, segments, start, stats, method, rtol) -> TimeCourse:
        """Assemble from the solver's samples ``Y`` (states × samples; amounts and volume
        where the volume is modelled, shown as concentrations and volume)."""
        Y = eq.display(Y)
        n = len(eq.names)
        ip = np.zeros(len(t))
        rate = np.zeros(len(t))
        for s in segments:
            m = (t >= s.t0) & (t <= s.t1)
            if np.any(m):
                c = Y[1 : 1 + n, m]
                if protocol.continuous:  # the level changes within the segment
                    for k in np.flatnonzero(m):
                        lv = protocol.level_at(float(t[k]))
                        c_k = Y[1 : 1 + n, k]
                        rate[k] = eq.pump_rate(Y[0, k], c_k, lv, s.c_out)
                        ip[k] = eq.pump_current(Y[0, k], c_k, lv, s.c_out)
                    continue
                rate[m] = eq.pump_rate(Y[0, m], c, s.level, s.c_out)
                ip[m] = eq.pump_current(Y[0, m], c, s.level, s.c_out)
        return cls(
            t=t,
            V=Y[0].copy(),
            volume=Y[-1].copy() if eq.water else None,
            c_in={x: Y[1 + j].copy() for j, x in enumerate(eq.names)},
            i_pump=ip,
            pump_rate=rate,
            cell=eq.cell,
            protocol=protocol,
            model=eq.model,
            rest=rest,
            start=start if isinstance(start, str) else dict(start),
            method=method,
            rtol=rtol,
            stats=stats,
            _eq=eq,
            _segments=segments,
        )

    # ---- reading -------------------------------------------------------------------------
    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self.c_in)

    @property
    def c_out(self) -> dict[str, float]:
        """The bath at t = 0 (mM); [K]ₒ may step later (:meth:`c_out_at`)."""
        return {n: float(self.cell.ions[n].c_out) for n in self.names}

    def c_out_at(self, t_s: float) -> dict[str, float]:
        """The bath (mM) in force at ``t_s``."""
        seg = self._segment(t_s)
        return dict(zip(self.names, seg.c_out.tolist()))

    def _segment(self, t_s: float) -> Segment:
        t = float(t_s)
        if not (math.isfinite(t) and self.t[0] <= t <= self.t[-1]):
            raise VrestInputError("t_s", t_s, f"a time in [{self.t[0]:g}, {self.t[-1]:g}] s")
        for s in self._segments:  # an event time belongs to the segment it starts
            if s.t0 <= t < s.t1 or t == s.t1 == self.t[-1]:
                return s
        return self._segments[-1]

    def _native(self, t_s: float) -> np.ndarray:
        return np.asarray(self._segment(t_s).sol(float(t_s)), dtype=float)

    def _y(self, t_s: float) -> np.ndarray:
        """(V, [X]ᵢ…, [volume]) at ``t_s``: mV, mM, µm³."""
        return self._eq.display(self._native(t_s))

    def value_at(self, t_s: float) -> dict[str, float]:
        """V (mV) and each [X]ᵢ (mM) (and the volume, µm³, where modelled) at ``t_s`` from the
        solver's dense output (as accurate as its steps), keyed as :meth:`to_dataframe`'s
        columns."""
        y = self._y(t_s)
        out = {"t_s": float(t_s), "V_mV": float(y[0])}
        out.update({f"{n}_in_mM": float(c) for n, c in zip(self.names, y[1:])})
        if self.volume is not None:
            out["volume_um3"] = float(y[-1])
        return out

    def rates(self, t_s: float) -> dict[str, float]:
        """dV/dt (mV/s) and d[X]ᵢ/dt (mM/s) (and dw/dt, µm³/s, where the volume is modelled:
        d[X]ᵢ/dt = (dN/dt − [X]ᵢ dw/dt)/w) at ``t_s`` with the protocol's settings in force
        there (at an event time, the new ones: the rates just after the step)."""
        seg = self._segment(t_s)
        y = self._native(t_s)
        d = self._eq.rhs(y, self.protocol.level_at(t_s), seg.c_out)
        if self.volume is not None:
            w, dw = float(y[-1]), float(d[-1])
            d = d.copy()
            d[1:-1] = (d[1:-1] - y[1:-1] / w * dw) / w
        out = {"V_mV_s": float(d[0])}
        out.update({f"{n}_in_mM_s": float(x) for n, x in zip(self.names, d[1:])})
        if self.volume is not None:
            out["volume_um3_s"] = float(d[-1])
        return out

    # ---- charge, osmolarity -------------------------------------------------------------
    @property
    def assumptions(self) -> list[str]:
        """What the run assumes, one line each (volume, water, impermeants, the bath)."""
        return assumptions_of(self._eq)

    def charge_voltage(self) -> np.ndarray | None:
        """At each sample, the V (mV) of the charge inside on the membrane capacitance,
        F·w·(Σ z [X]ᵢ + z_imp [imp]) / C (``1e-3 F (Σ z N + z_imp N_imp)/C`` in amol and pF):
        equal to :attr:`V` to rounding (charge balance); None without a known impermeant (a
        fixed-volume cell without ``[impermeant]``)."""
        eq = self._eq
        if eq.n_imp is None:
            return None
        return eq.charge_voltage(eq.native_samples(self.V, self.c_in, self.volume))

    def zero_current_v(self, t_s: float) -> float:
        """The V (mV) at which the membrane current vanishes at the concentrations of ``t_s``:
        the V of the electroneutral pump–leak simplification, which :attr:`V` follows within
        the membrane time constant C/G."""
        seg = self._segment(t_s)
        y = self._y(t_s)
        lv = self.protocol.level_at(t_s)
        return self._eq.zero_current_v(y[1 : 1 + len(self.names)], lv, seg.c_out)

    def amounts(self) -> dict[str, np.ndarray]:
        """Each ion's amount inside (amol = mM·µm³) at each sample."""
        w = self.volume if self.volume is not None else self._eq.vol
        return {n: c * w for n, c in self.c_in.items()}

    def half_time(self, ion: str, since_s: float | None = None) -> float | None:
        """Seconds after ``since_s`` until [X]ᵢ has lost half its gradient: [X]ᵢ halfway
        from its value at ``since_s`` to the bath's [X]ₒ there (K⁺ 140 → 4 mM: at 72 mM).
        ``since_s`` defaults to the protocol's first event (the pump stop), else 0. None if
        the run ends first (or the ion moves away from the bath). Found on the dense output
        to the solver's accuracy."""
        if ion not in self.c_in:
            raise VrestInputError("ion", ion, f"one of {', '.join(self.names)}")
        t0 = (self.protocol.times() or (0.0,))[0] if since_s is None else float(since_s)
        if not self.t[0] <= t0 < self.t[-1]:
            return None
        j = 1 + self.names.index(ion)
        c0 = self._y(t0)[j]
        target = 0.5 * (c0 + self.c_out_at(t0)[ion])
        if target == c0:
            return None
        sign = math.copysign(1.0, target - c0)
        x = self.c_in[ion]
        after = np.nonzero((self.t > t0) & (sign * (x - target) >= 0))[0]
        if not len(after):
            return None
        i = int(after[0])
        lo = max(t0, float(self.t[i - 1])) if i > 0 else t0
        return _bisect(lambda s: sign * (self._y(s)[j] - target), lo, float(self.t[i])) - t0

    # ---- output --------------------------------------------------------------------------
    def columns(self) -> dict[str, np.ndarray]:
        """The samples as columns with units in their names."""
        cols = {"t_s": self.t, "V_mV": self.V}
        cols.update({f"{n}_in_mM": c for n, c in self.c_in.items()})
        if self.volume is not None:
            cols["volume_um3"] = self.volume
        cols["i_pump_pA"] = self.i_pump
        cols["pump_rate_per_s"] = self.pump_rate
        return cols

    def to_dataframe(self) -> Any:
        """A pandas DataFrame, one row per sample (pandas imported here)."""
        import pandas as pd

        return pd.DataFrame(self.columns())

    def to_csv(self) -> str:
        """The samples as CSV text (header with units), full precision."""
        cols = self.columns()
        lines = [",".join(cols)]
        arr = np.column_stack(list(cols.values()))
        lines += [",".join(repr(float(v)) for v in row) for row in arr]
        return "\n".join(lines) + "\n"

    def summary(self) -> dict[str, Any]:
        """Whole-run numbers: start and end states, half-times (s) from the first event."""
        return {
            "cell": self.cell.name,
            "assumptions": "; ".join(self.assumptions),
            "model": self.model,
            "protocol": self.protocol.to_dict(),
            "start": self.start,
            "start_state": self.rest.state,
            "t_end_s": float(self.t[-1]),
            "n_samples": len(self.t),
            "start_values": self.value_at(float(self.t[0])),
            "end_values": self.value_at(float(self.t[-1])),
            "half_time_s": {n: self.half_time(n) for n in self.names},
            "c_out_mM": self.c_out,
            "solver": {"method": self.method, "rtol": self.rtol, **self.stats},
        }

    def table(self) -> str:
        """A short text report: the protocol, V and each [X]ᵢ at the start, at each event and
        at the end, the half-times, and the solver's work."""
        end = float(self.t[-1])
        events = [t for t in self.protocol.times() if t < end]
        later = [events[0] + d for d in (60.0, 600.0, 3600.0)] if events else []
        times = sorted({float(self.t[0]), *events, *(t for t in later if t < end), end})
        leaks = "GHK" if self.model == "ghk" else "chord"
        lines = [
            f"{self.cell.name or 'cell'} ({leaks} leaks): {self.protocol.describe()}",
            f"start: the rest solution ({self.rest.state_label})"
            if self.start == "rest"
            else "start: the NESS (every flux balanced: vrest.dynamics.solve_ness)"
            if self.start == "ness"
            else f"start: {self.start}",
            *self.assumptions,
            "",
            f"{'t':>12} {'V mV':>9} "
            + " ".join(f"{'[' + n + ']in mM':>11}" for n in self.names)
            + (f" {'volume µm³':>12}" if self.volume is not None else ""),
        ]
        for t in times:
            v = self.value_at(t)
            row = " ".join(f"{v[n + '_in_mM']:11.4f}" for n in self.names)
            if self.volume is not None:
                row += f" {v['volume_um3']:12.6g}"
            lines.append(f"{_duration(t):>12} {v['V_mV']:9.3f} {row}")
        lines.append("")
        for n in self.names:
            h = self.half_time(n)
            what = "not reached" if h is None else _duration(h)
            lines.append(f"[{n}]in half-time (halfway to [{n}]out after the first event): {what}")
        st = self.stats
        lines.append(
            f"solver: {self.method}, rtol {self.rtol:g}, {st.get('steps', 0)} steps, "
            f"{st.get('nfev', 0)} evaluations, {st.get('wall_s', 0.0):.3f} s"
        )
        return re.sub(r"(?<!\w)-(?=\d)", "−", "\n".join(lines))

    def to_dict(self) -> dict[str, Any]:
        """Plain data (JSON-ready): :meth:`summary` and the sampled columns as lists."""
        d = self.summary()
        d["samples"] = {k: v.tolist() for k, v in self.columns().items()}
        return d

    def to_xarray(self) -> Any:
        """An xarray Dataset: ``V`` (t), ``c_in`` (ion, t), ``i_pump`` (t), units in attrs.
        Needs xarray (``pip install xarray``)."""
        try:
            import xarray as xr
        except ImportError:
            raise VrestError(
                "TimeCourse.to_xarray needs xarray, which is not installed: pip install xarray "
                "(or use to_dataframe())"
            ) from None
        coords = {
            "t": ("t", self.t, {"units": "s", "long_name": "time"}),
            "ion": ("ion", list(self.names)),
        }
        data = {
            "V": ("t", self.V, {"units": "mV", "long_name": "membrane potential"}),
            "c_in": (
                ("ion", "t"),
                np.vstack([self.c_in[n] for n in self.names]),
                {"units": "mM", "long_name": "inside concentration"},
            ),
            "i_pump": ("t", self.i_pump, {"units": "pA", "long_name": "net pump current"}),
        }
        if self.volume is not None:
            data["volume"] = ("t", self.volume, {"units": "um^3", "long_name": "cell volume"})
        attrs = {"cell": self.cell.name, "model": self.model, "protocol": self.protocol.describe()}
        return xr.Dataset(data, coords=coords, attrs=attrs)

    def plot(self, path: str | Path | None = None, time_axis: str = "log") -> Any:
        """V and each [X]ᵢ against time (``time_axis`` "log" or "linear"), the event times
        marked; saved atomically to ``path`` if given (format by extension). Returns the
        matplotlib Figure."""
        from .plot import plot_time_course

        return plot_time_course(self, path, time_axis=time_axis)


def _bisect(f: Callable[[float], float], a: float, b: float, tol: float = 1e-9) -> float:
    """The root of a monotone-crossing ``f`` in [a, b] (f(a) < 0 ≤ f(b)), to ``tol`` relative."""
    fa = f(a)
    if fa >= 0:
        return a
    for _ in range(200):
        m = 0.5 * (a + b)
        if b - a <= tol * max(abs(b), 1e-12):
            break
        if f(m) >= 0:
            b = m
        else:
            a = m
    return 0.5 * (a + b)


def _duration(s: float) -> str:
    """A duration in s, min or h, whichever reads best."""
    if s < 120:
        return f"{s:.4g} s"
    if s < 2 * 3600:
        return f"{s / 60:.4g} min"
    return f"{s / 3600:.4g} h"
