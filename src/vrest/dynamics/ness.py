"""The true NESS of a pump–leak cell: the state at which every flux balances.

:func:`solve_ness` finds the fixed point of the time-domain equations
(:mod:`vrest.dynamics.model`): the concentrations (and the volume, where the cell has
``[water]``) and V at which

* every ion's net flux — leak + cotransporters + pump share — is zero (dN_X/dt = 0),
* the water flux is zero (osm_in = osm_out + ΔP/RT), and
* the charge inside is the one the cell started with: C V − 1e-3 F Σ z_X N_X is a conserved
  quantity of the equations (the capacitor holds the charge the ions leave behind), so the
  fixed point is the one the time course reaches from its start, not any of a family.

dV/dt = 0 then follows (the currents sum to zero). The ions no mechanism moves (no leak, no
carrier, not pumped) keep their amounts.

**Method.** The time course is integrated (BDF, as :func:`~vrest.dynamics.simulate`) for
``t_settle_s`` (default 1e8 s, years: every relaxation of a cell is far faster), then the
fixed point is polished by Newton's method on the equations above with the model's analytic
Jacobian (the V row replaced by the charge invariant, which makes the system regular),
to machine precision. Integrating first makes the search global: Newton alone, from a state
far from the NESS (the chapter neuron's 10 mM Cl⁻ against a 5 mM end point), may wander.

**Why a kinetic pump.** A fixed or balance pump runs, in the time model, at one constant rate
whatever [Na]ᵢ is (:mod:`vrest.dynamics.model`). Then only the leaks' dependence on the
concentrations can balance it, and that may have no solution: a GHK Na⁺ influx is bounded as
[Na]ᵢ → 0 (by P A F u [Na]ₒ e^{−u}/(1 − e^{−u})), so a pump that extrudes more than the leak
can ever bring in empties the cell of Na⁺ instead (as ``test_a_concentration_reaching_zero``
shows), and a balance pump's rate was set for the start, not for wherever the concentrations
settle. A kinetic pump (:class:`vrest.Pump` ``mode="kinetic"``) slows as [Na]ᵢ falls: the
feedback that makes the NESS exist and attract. ``constant_pump=True`` accepts a constant-rate
pump anyway (at the rest solution's rate), and fails loudly where no NESS exists.

No pump: the NESS is the equilibrium — the Donnan state at fixed volume; with water and a
wall, the Donnan state whose osmotic excess the wall's pressure holds; with water, no wall and
a bath without impermeants, none at all (colloid-osmotic swelling without bound: Tosteson &
Hoffman, J. Gen. Physiol. 44, 169 (1960)), which is reported as an error. (A bath given a
balancing impermeant anion, :mod:`vrest.dynamics.model`, holds the volume by itself: the
"double Donnan" state.)

SciPy is imported inside :func:`solve_ness` only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from ..constants import F
from ..errors import SolverError, VrestInputError
from .model import PumpLeak

#: Simulated time (s) integrated before Newton's polish.
T_SETTLE_S = 1e8
#: Newton stops when no state moves by more than this relative step.
NEWTON_XTOL = 1e-14
NEWTON_MAXITER = 60
#: A NESS is accepted when every amount (and the volume) would move by less than this fraction
#: of itself over an hour at the rates there, and the net current is zero to rounding.
STILL_PER_HOUR = 1e-10


@dataclass(frozen=True, eq=False)
class Ness:
    """A cell's non-equilibrium steady state (or, with no pump, its equilibrium).

    ``cell``: the cell described at the NESS (the same membrane, pump and geometry; each
    [X]ᵢ at its NESS value; the impermeant, where known, as its amount (fmol) and mean charge).
    ``V`` mV; ``c_in`` ion → mM; ``volume_um3`` (the cell's own where the volume is not
    modelled: a cell with ``[water]`` may settle at another volume than its radius describes,
    so start a time course with :meth:`start` or ``start="ness"``, not from ``cell`` alone);
    ``pump_rate`` cycles/s and ``i_pump`` pA there; ``max_rel_change_per_h``: the largest
    |rate| × 1 h / |state| of the amounts (and volume) at the solution; ``settle_s`` and
    ``newton_iterations``: the work."""

    cell: Any
    V: float
    c_in: dict[str, float]
    volume_um3: float
    model: str
    pump_rate: float
    i_pump: float
    max_rel_change_per_h: float
    settle_s: float
    newton_iterations: int
    _eq: PumpLeak = field(repr=False)
    _y: np.ndarray = field(repr=False)

    def start(self) -> dict[str, float]:
        """The ``start`` mapping of :func:`~vrest.dynamics.simulate` that begins here."""
        out = {"V": self.V, **self.c_in}
        if self._eq.water:
            out["volume"] = self.volume_um3
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "V_mV": self.V,
            "c_in_mM": dict(self.c_in),
            "volume_um3": self.volume_um3,
            "model": self.model,
            "pump_rate_per_s": self.pump_rate,
            "i_pump_pA": self.i_pump,
            "max_rel_change_per_h": self.max_rel_change_per_h,
            "settle_s": self.settle_s,
            "newton_iterations": self.newton_iterations,
        }


def solve_ness(
    cell: Any,
    model: str | None = None,
    *,
    start: str | Mapping[str, float] = "rest",
    constant_pump: bool = False,
    t_settle_s: float = T_SETTLE_S,
) -> Ness:
    """The NESS of ``cell`` (see the module docstring): returns a :class:`Ness`.

    ``model``: "chord" or "ghk" (default ``cell.model``). ``start``: where the time course
    would begin ("rest" or a mapping, as :func:`~vrest.dynamics.simulate`): it sets the
    conserved charge (and, for a cell with water but no ``[impermeant]``, the derived
    impermeant). ``constant_pump``: accept a fixed or balance pump (a constant rate in the
    time model; see the module docstring). Raises :class:`~vrest.errors.SolverError` where
    the cell has no NESS (a concentration or the volume runs to 0 or grows without end)."""
    from ..cell import Impermeant
    from ..rest import solve_rest
    from .solver import (
        RTOL,
        _atol,
        _check_cell,
        _positive,
        _scipy_solve_ivp,
        _start,
        _state_text,
    )

    solve_ivp = _scipy_solve_ivp("the NESS needs")
    _check_cell(cell)
    p = cell.pump
    if p is not None and p.mode != "kinetic" and not constant_pump:
        raise VrestInputError(
            "pump.mode", p.mode,
            "a kinetic pump (vrest.Pump(mode='kinetic', i_max=…)) or none for a NESS: a "
            f"{p.mode} pump runs at one constant rate in the time model, which need not have a "
            "NESS (vrest.dynamics.ness); or pass constant_pump=True",
        )  # fmt: skip
    t_settle = _positive(t_settle_s, "t_settle_s", "a settling time > 0 in s")
    rest = solve_rest(cell, model=model)
    eq = PumpLeak._of(cell, rest.model, rest.atp_rate)
    V0, c0, w0 = _start(eq, rest, start)
    if cell.water is not None or cell.impermeant is not None:
        eq = eq.with_start(V0, c0, w0)
    y0 = eq.native(V0, c0, w0)
    c_out = eq.c_out()

    def fun(_t: float, y: np.ndarray) -> np.ndarray:
        return eq.rhs(y, 1.0, c_out)

    def jac(_t: float, y: np.ndarray) -> np.ndarray:
        return eq.jac(y, 1.0, c_out)

    def empty(_t: float, y: np.ndarray) -> float:
        return float(np.min(y[1:]))

    empty.terminal = True  # type: ignore[attr-defined]
    empty.direction = -1  # type: ignore[attr-defined]
    with np.errstate(all="ignore"):
        sol = solve_ivp(
            fun, (0.0, t_settle), y0, method="BDF", jac=jac, rtol=RTOL, atol=_atol(eq, None),
            events=empty,
        )  # fmt: skip
    y = sol.y[:, -1]
    if sol.status != 0 or np.any(y[1:] <= 0) or not np.all(np.isfinite(y)):
        raise SolverError(
            f"no NESS: on the way to it the time course failed ({sol.message}) at "
            f"{_state_text(eq, float(sol.t[-1]), y)}",
            "ions.*.g/P, pump, transporters",
        )
    y, iters = _newton(eq, y, y0, c_out)
    rates = eq.rhs(y, 1.0, c_out)
    worst = float(np.max(np.abs(rates[1:]) * 3600.0 / np.abs(y[1:])))
    d = eq.display(y)
    n = len(eq.names)
    I, _ = eq.ion_currents(float(y[0]), d[1 : 1 + n], 1.0, c_out)
    # V: C dV/dt = −Σ I, zero to the rounding of the leak currents (~1e-13 pA on 100 pA, which
    # C amplifies to ~1e-11 mV/s: V is slaved to the charge and does not drift)
    gross = float(np.sum(np.abs(eq._at(d[1 : 1 + n], c_out).currents(float(y[0]), eq.model))))
    floor = 1e-13 * float(np.sum(eq.mem.g)) * max(abs(float(y[0])), 1.0)  # at equilibrium
    net_ok = abs(float(np.sum(I))) <= 1e-12 * gross + floor
    if iters is None or worst > STILL_PER_HOUR or not net_ok:
        hint = ""
        if eq.water and cell.water.wall is None and p is None:
            hint = (
                "; with water flux, no wall and no pump the cell swells without bound "
                "(colloid-osmotic swelling): give [water] a wall"
            )
        raise SolverError(
            f"no NESS: after {t_settle:g} s and Newton's method the state still moves (by "
            f"{worst:.3g} of itself per hour) at {_state_text(eq, t_settle, y)}{hint}",
            "ions.*.g/P, pump, transporters, water",
        )
    c = {x: float(v) for x, v in zip(eq.names, d[1 : 1 + n])}
    new = cell
    for x, v in c.items():
        new = new.with_ion(x, c_in=v)
    if eq.n_imp is not None:
        new = replace(new, impermeant=Impermeant(z=eq.z_imp, amount=eq.n_imp * 1e-3))
    r = float(eq.pump_rate(y[0], d[1 : 1 + n], 1.0, c_out))
    ip = float(eq.pump_current(y[0], d[1 : 1 + n], 1.0, c_out))
    return Ness(
        cell=new,
        V=float(y[0]),
        c_in=c,
        volume_um3=float(eq.volume(y)),
        model=eq.model,
        pump_rate=r,
        i_pump=ip,
        max_rel_change_per_h=worst,
        settle_s=t_settle,
        newton_iterations=iters,
        _eq=eq,
        _y=y.copy(),
    )


def _frozen(eq: PumpLeak) -> np.ndarray:
    """Indices of the ions that nothing moves: no leak in the model, no carrier, not pumped."""
    mem = eq.mem
    leak = mem.g if eq.model == "chord" else mem.PA
    moved = leak > 0
    for idx, _nz, g in mem.trans:
        if g:
            moved[idx] = True
    if eq.pump != "none":
        for name in ("Na", "K"):
            j = mem.index(name)
            if j is not None:
                moved[j] = True
    return np.nonzero(~moved)[0]


def _newton(
    eq: PumpLeak, y: np.ndarray, y0: np.ndarray, c_out: np.ndarray
) -> tuple[np.ndarray, int | None]:
    """Newton's method on G(y) = 0: the rates of every amount (and of the volume), with the V
    row replaced by the charge invariant V − dq·N = V₀ − dq·N₀ and the rows of frozen ions by
    N = N₀. Rows and columns are scaled for the linear solves; steps are halved to keep every
    amount and the volume positive. Returns (y, iterations) or (y, None) if not converged."""
    n = len(eq.names)
    z = eq.mem.z
    dq = 1e-3 * F * z / eq.C * (1.0 if eq.water else eq.vol)  # mV per amol (per mM)
    k0 = y0[0] - float(dq @ y0[1 : 1 + n])
    fz = 1 + _frozen(eq)
    y = y.copy()

    def G(yy: np.ndarray) -> np.ndarray:
        g = eq.rhs(yy, 1.0, c_out)
        g[0] = yy[0] - k0 - float(dq @ yy[1 : 1 + n])
        g[fz] = yy[fz] - y0[fz]
        return g

    for it in range(1, NEWTON_MAXITER + 1):
        g = G(y)
        J = eq.jac(y, 1.0, c_out)
        J[0] = 0.0
        J[0, 0] = 1.0
        J[0, 1 : 1 + n] = -dq
        J[fz] = 0.0
        J[fz, fz] = 1.0
        col = np.maximum(np.abs(y), 1.0)
        Js = J * col[None, :]
        row = np.max(np.abs(Js), axis=1)
        row[row == 0] = 1.0
        try:
            dx = np.linalg.solve(Js / row[:, None], -g / row)
        except np.linalg.LinAlgError:
            return y, None
        step = dx * col
        lam = 1.0
        while np.any(y[1:] + lam * step[1:] <= 0) and lam > 1e-12:
            lam *= 0.5
        y = y + lam * step
        if lam == 1.0 and np.max(np.abs(dx)) < NEWTON_XTOL:
            return y, it
    return y, None
