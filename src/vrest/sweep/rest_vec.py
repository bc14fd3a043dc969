"""The rest analysis at many points at once: :func:`vrest.solve_rest`'s numbers for every point
of a sweep, compiled (numba, points in parallel) instead of one Python call per point.

A sweep varies fields of one cell by dotted name (:mod:`vrest.fields`): concentrations, g, P,
temperature, the pump's current. For a cell of leaks (no transporters, no gated channels) with
no pump, a fixed pump or a balance pump, every number :func:`rest_points` returns is the one
:func:`vrest.solve_rest` reports at that point (:func:`rest_point_reference` is that slow path,
and the fallback for everything else); the tests hold potentials to 1e-9 mV + 1e-11·|V| (the
reference's own root bracket) and conductances and currents to 1e-9 relative.

What a point is (the semantics of :func:`vrest.fields.set_fields`, applied in the order the
fields are given, pump fields last): a concentration keeps g and P; ``ION.g`` re-derives
``P = g / (g_E/P · A · 1e-2)`` at the ion's concentrations of that moment and the reference
temperature (:func:`vrest.ghk._g_reversal_per_P`, mS/cm² per cm/s; A the area in µm², 1 for a
cell without one), ``ION.P`` re-derives g the same way, and g = 0 (P = 0) closes both;
``celsius`` moves the cell (:meth:`vrest.Cell.at_celsius`).

The membrane at T (:class:`vrest.membrane.Membrane`): f = q10_leak^((T − T_ref)/10);
g_i(T) = f·g_i, P_i A (T) = f·P_i·A; E_i = (RT/z_iF) ln([i]_out/[i]_in) (mV).

* chord (:mod:`vrest.chord`): I_i = g_i (V − E_i) (pA); with G = Σ g_i, S = Σ g_i E_i:
  V = (S − I_pump)/G. A balance pump (share s = (n_na − n_k)/n_na of the Na⁺ current, pump
  current −s·I_Na) at its reference temperature: V = (S − s g_Na E_Na)/(G − s g_Na), and where
  that V lies above E_Na (no Na⁺ influx) the pump idles: V = S/G, I_pump = 0.
* GHK (:mod:`vrest.ghk`): I_i = P_i A J_GHK(V, [i]_in, [i]_out, z_i, T) · 1e-2 (pA; J in
  µA/cm² per cm/s), the root of Σ I_i + I_pump (a balance pump: Σ I_i − s·min(I_Na, 0)).
  The net current increases with V, so the root is unique. When every ion is monovalent and
  no pump current is fixed, it is the Goldman equation V = (RT/F) ln(B/A), A = Σ_cat P A c_in
  + Σ_an P A c_out, B = Σ_cat P A c_out + Σ_an P A c_in (with a balance pump running, i.e.
  V < E_Na: P_Na A × (1 − s)); otherwise Newton's iteration (analytic dJ/dV, steps capped at
  50 mV) from the Goldman V, to a last step below 1e-9·(1 + |V|) mV, after which V is exact to
  rounding (the reference's Illinois bracket closes to 1e-11·(1 + |V|) mV); where it does not
  settle, the brackets of :func:`vrest._roots.bracket_root` (±150 mV, doubled up to ±9600 mV)
  and Newton steps kept inside them (bisection otherwise). No root within ±9600 mV: no steady
  V, as for the reference.
* a fixed pump: I_pump = q·r·e with its rate r = I_pump,ref/(q e) × q10_pump^((T − T_ref)/10);
  a balance pump away from its reference temperature: r from the balance at T_ref (per model),
  scaled by the pump's Q10, then a fixed current (:func:`vrest.membrane.steady`).

Outputs (:func:`output_fields`): V, V_chord, V_ghk, V_no_pump, pump_contribution, i_pump,
G_total (Σ g(T) for chord; for GHK the central difference (I(V + h) − I(V − h))/2h, h = 1e-3 mV,
of the summed currents, as :meth:`vrest.membrane.Membrane.slope_conductance`), net_current (0
at a steady V, as :func:`vrest.state.classify` judges it), and for each ion X, E_X and I_X: the
ion's passive (channel) current at V under the primary model, :attr:`vrest.rest.IonRest.current`
(its pump share not included). A point where :func:`vrest.solve_rest` raises (no steady V of
the primary model, |V| > 1 V, no open channel) is NaN in every output; a point where only the
other model has no steady V has NaN in V_chord or V_ghk, as RestResult has. The fast path emits
no warnings (solve_rest warns beyond 300 mV and for an ill-conditioned g ↔ P conversion).

Units: mV, mM, nS, cm/s, pA, °C.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping, Sequence
from typing import Any

import numba
import numpy as np

from .._roots import bracket_root
from ..constants import E_CHARGE, ZERO_CELSIUS, F, R
from ..errors import SolverError, VrestInputError
from ..fields import _ALIASES, _split
from ..ghk import MS_CM2_UM2_TO_NS, UA_CM2_UM2_TO_PA, _g_reversal_per_P
from ..ions import canonical_name
from ..membrane import V_BRACKET
from ..rest import V_BREAKDOWN_MV, V_MAX_MV
from ..state import I_REL_TOL, V_RES_MV

#: The dotted fields the compiled path varies (ION: any ion of the cell, by symbol or alias, and
#: the unit-suffixed spellings such as ``K.c_out_mM``); ``pump.i_pump`` needs a fixed pump,
#: ``pump.q10`` a fixed or balance pump.
VECTOR_FIELDS = (
    "ION.c_in",
    "ION.c_out",
    "ION.g",
    "ION.P",
    "celsius",
    "reference_celsius",
    "q10_leak",
    "pump.i_pump",
    "pump.q10",
)
_ION_QUANTITIES = ("c_in", "c_out", "g", "P")
_CELL_QUANTITIES = ("celsius", "reference_celsius", "q10_leak")
_PUMP_QUANTITIES = ("q10", "i_pump")

#: F/R·1e-3 exactly as :func:`vrest.ghk._ghk_j` writes it (x = zV·_K1/T), and RT/F·1e3 as
#: :func:`vrest.nernst._nernst` does.
_K1 = 1e-3 * F / R
_NERNST = 1e3 * R / F
#: Central-difference step (mV) of the GHK slope conductance (Membrane.slope_conductance).
_H = 1e-3


def _ladder() -> np.ndarray:
    """The brackets (mV) :func:`vrest._roots.bracket_root` tries from V_BRACKET, in order."""
    kw = bracket_root.__kwdefaults__
    lo, hi = V_BRACKET
    out = [(lo, hi)]
    while not max(abs(lo), abs(hi)) > kw["limit"]:
        lo, hi = lo * kw["grow"], hi * kw["grow"]
        out.append((lo, hi))
    return np.array(out, dtype=float)


_LADDER = _ladder()


# ---- output fields -------------------------------------------------------------------------
def _ion_label(cell: Any, name: str) -> str:
    return cell.ions[name].symbol


def output_fields(cell: Any) -> list[tuple[str, str, str]]:
    """(name, unit, long name) of every output of :func:`rest_points` for ``cell``: the whole-cell
    numbers, then E_X for each ion, then I_X (the ion's passive current at V, IonRest.current)."""
    out = [
        ("V", "mV", "resting potential (primary model)"),
        ("V_chord", "mV", "resting potential, chord-conductance model"),
        ("V_ghk", "mV", "resting potential, GHK model"),
        ("V_no_pump", "mV", "resting potential without the pump (primary model)"),
        ("pump_contribution", "mV", "V − V_no_pump (primary model)"),
        ("i_pump", "pA", "pump current (primary model, outward +)"),
        ("G_total", "nS", "input conductance at rest without the pump (primary model)"),
        ("net_current", "pA", "net membrane current at V (0 at a steady V)"),
    ]
    for n in cell.ions:
        out.append((f"E_{n}", "mV", f"Nernst potential of {_ion_label(cell, n)}"))
    for n in cell.ions:
        out.append(
            (f"I_{n}", "pA", f"passive {_ion_label(cell, n)} current at V (outward +, no pump)")
        )
    return out


# ---- field names ---------------------------------------------------------------------------
def _parse(cell: Any, name: str) -> tuple[str, ...] | None:
    """``name`` as ("ion", ion, quantity), ("cell", quantity) or ("pump", quantity) when the
    compiled path can vary it for ``cell``; None otherwise."""
    if not isinstance(name, str):
        return None
    parts = _split(name.strip())
    if len(parts) == 1:
        fld = _ALIASES.get(parts[0], parts[0])
        return ("cell", fld) if fld in _CELL_QUANTITIES else None
    if len(parts) != 2:
        return None
    head, fld = parts[0], _ALIASES.get(parts[1], parts[1])
    if head == "pump":
        p = cell.pump
        if p is None or fld not in _PUMP_QUANTITIES:
            return None
        if fld == "i_pump" and p.mode != "fixed":
            return None
        return ("pump", fld)
    ion = canonical_name(head) or head
    if ion not in cell.ions or fld not in _ION_QUANTITIES:
        return None
    return ("ion", ion, fld)


def _cell_ok(cell: Any) -> bool:
    return (
        not getattr(cell, "transporters", ())
        and not getattr(cell, "channels", ())
        and (cell.pump is None or cell.pump.mode in ("fixed", "balance"))
        and cell.model in ("chord", "ghk")
    )


def supports(cell: Any, names: Sequence[str]) -> bool:
    """True when :func:`rest_points` can solve ``cell`` with the fields ``names`` varied: leaks
    only (no transporters, no [[channel]]s), no pump or a fixed or balance pump (not kinetic),
    and every name one of :data:`VECTOR_FIELDS` for this cell."""
    from ..cell import Cell

    if not isinstance(cell, Cell) or not _cell_ok(cell):
        return False
    return all(_parse(cell, n) is not None for n in names)


# ---- the points' descriptions ----------------------------------------------------------------
def _bad(name: str, a: np.ndarray, ok: np.ndarray, expected: str) -> None:
    if not np.all(ok):
        k = int(np.argmin(ok)) if np.ndim(ok) else 0
        raise VrestInputError(name, float(np.ravel(a)[k]), expected)


def _check(name: str, kind: tuple[str, ...], a: np.ndarray, cell: Any) -> None:
    """The validation the cell's own fields get (:mod:`vrest.units`), on a whole array."""
    q = kind[-1]
    with np.errstate(invalid="ignore"):
        if q in ("c_in", "c_out"):
            _bad(name, a, (a > 0) & (a < np.inf), "a positive, finite concentration in mM")
        elif q in ("g", "P"):
            unit = "nS" if q == "g" else "cm/s"
            _bad(name, a, (a >= 0) & (a < np.inf), f"a non-negative, finite number in {unit}")
        elif q in ("celsius", "reference_celsius"):
            _bad(name, a, np.isfinite(a) & (a > -ZERO_CELSIUS), "a temperature in °C")
        elif q in ("q10_leak", "q10"):
            _bad(name, a, (a > 0) & (a < np.inf), "a positive, finite number")
        elif q == "i_pump":
            n = cell.pump.n_na - cell.pump.n_k
            _bad(name, a, np.isfinite(a), "a finite current in pA")
            _bad(
                name,
                a,
                a * n >= 0 if n else a == 0,
                f"a current of the sign of n_na − n_k = {n:+d} in pA (outward positive)",
            )


def _resolve(cell: Any, fields: Mapping[str, Any]) -> tuple[int, dict[str, Any]]:
    """Apply ``fields`` as :func:`vrest.fields.set_fields` would, all points at once: the number
    of points and each quantity of the final cells (a float, or an array over the points)."""
    arrays: dict[str, np.ndarray] = {}
    n = None
    for name, vals in fields.items():
        a = np.asarray(vals, dtype=float)
        if a.ndim > 1:
            raise VrestInputError(name, f"shape {a.shape}", "a 1-D array of values")
        if a.ndim == 1:
            if n is not None and a.shape[0] != n:
                raise VrestInputError(name, f"{a.shape[0]} values", f"{n} values, as the others")
            n = a.shape[0]
        arrays[name] = a
    n = 1 if n is None else n
    st: dict[str, Any] = {}
    for ion, spec in cell.ions.items():
        for q in _ION_QUANTITIES:
            st[f"{ion}.{q}"] = float(getattr(spec, q))
    st["celsius"] = cell.celsius
    st["reference_celsius"] = cell.reference_celsius
    st["q10_leak"] = cell.q10_leak
    p = cell.pump
    st["pump.q10"] = p.q10 if p is not None else 1.0
    st["pump.i_pump"] = p.i_pump if p is not None else 0.0
    area = cell.area_um2 or 1.0
    parsed = {}
    for name in arrays:
        kind = _parse(cell, name)
        if kind is None:
            raise VrestInputError(
                name,
                None,
                f"a field the vectorized rest solver varies ({', '.join(VECTOR_FIELDS)}) of a "
                "cell of leaks with no, a fixed or a balance pump (else: rest_point_reference)",
            )
        _check(name, kind, arrays[name], cell)
        parsed[name] = kind
    order = [k for k in arrays if parsed[k][0] != "pump"] + [
        k for k in arrays if parsed[k][0] == "pump"
    ]
    for name in order:
        kind, a = parsed[name], arrays[name]
        v: Any = float(a) if a.ndim == 0 else a
        if kind[0] == "cell":
            st[kind[1]] = v
        elif kind[0] == "pump":
            st[f"pump.{kind[1]}"] = v
        else:
            ion, q = kind[1], kind[2]
            st[f"{ion}.{q}"] = v
            if q in ("g", "P"):
                st.update(_derive(cell, ion, q, v, st, area))
    _check_q10(cell, st)
    return n, st


def _derive(cell: Any, ion: str, q: str, v: Any, st: dict, area: float) -> dict[str, Any]:
    """g set: P = g/scale (0 where scale is 0); P set: g = P·scale; scale = g_E/P·A·1e-2 (nS
    per cm/s) at the ion's concentrations now and T_ref (:meth:`vrest.Cell._complete`); a 0
    closes both (:meth:`vrest.Cell.with_ion`)."""
    ci, co, tref = st[f"{ion}.c_in"], st[f"{ion}.c_out"], st["reference_celsius"]
    z = cell.ions[ion].z
    if all(np.ndim(x) == 0 for x in (v, ci, co, tref)):
        per_p = float(_g_reversal_per_P(ci, co, z, tref))
        scale = per_p * area * MS_CM2_UM2_TO_NS
        if q == "g":
            other = v / scale if scale > 0 else 0.0
        else:
            other = v * scale
        return {f"{ion}.{'P' if q == 'g' else 'g'}": 0.0 if v == 0.0 else other}
    ci, co, tref = np.broadcast_arrays(
        np.asarray(ci, dtype=float), np.asarray(co, dtype=float), np.asarray(tref, dtype=float)
    )
    per_p = np.asarray(_g_reversal_per_P(ci, co, z, tref), dtype=float)
    scale = per_p * area * MS_CM2_UM2_TO_NS
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        other = np.where(scale > 0, v / scale, 0.0) if q == "g" else v * scale
    other = np.where(np.asarray(v) == 0.0, 0.0, other)
    return {f"{ion}.{'P' if q == 'g' else 'g'}": other}


def _check_q10(cell: Any, st: dict) -> None:
    """Every Q10 factor within 1e±300, as :func:`vrest.cell._check_q10_range` requires."""
    dT = np.asarray(st["celsius"]) - np.asarray(st["reference_celsius"])
    for name in ("q10_leak", "pump.q10"):
        with np.errstate(divide="ignore", invalid="ignore"):
            ok = np.abs(np.log10(np.asarray(st[name])) * dT / 10.0) <= 300.0
        if not np.all(ok):
            raise VrestInputError(
                name,
                None,
                f"a temperature step over which {name} scales a rate by less than 1e300",
            )


# ---- compiled kernels ----------------------------------------------------------------------
# The per-point work runs in one serial function per block of points (_block), the blocks in
# parallel (_kernel). Each block keeps its per-ion numbers in one scratch vector ``w`` (rows of
# nion values, then the brackets), so that the helpers get one array: every array passed to a
# compiled call costs two atomic reference-count updates, which on arrays shared between
# threads cost more than the arithmetic.
#: ``_nrt=False``: these kernels allocate nothing, so Numba's reference counting is switched off.
#: With it on, every call that passes an array (the scratch vector, the inputs) increments and
#: decrements the array's reference count atomically: measured here, that was two thirds of the
#: time of a GHK point, and worse with two threads sharing the counts.
_JIT = {"cache": True, "error_model": "numpy", "_nrt": False}
_INLINE = {**_JIT, "inline": "always"}
#: Rows of the scratch vector: concentrations, E, g(T), P·A(T), g and P·A at T_ref, E at T_ref,
#: currents, valences; the brackets follow (lo, hi pairs).
_CI, _CO, _E, _GT, _PA, _G0, _PA0, _ER, _CUR, _Z, _NROWS = range(11)


@numba.njit(**_JIT)
def _nernst_nb(c_in: float, c_out: float, z: float, celsius: float) -> float:
    """Compiled twin of :func:`vrest.nernst._nernst` (mV): (RT/zF) ln(c_out/c_in), the log of the
    quotient, or the difference of logs where the quotient leaves the normal range."""
    r = math.log(c_out / c_in)
    if not abs(r) < 690.0:
        r = math.log(c_out) - math.log(c_in)
    return _NERNST * (celsius + ZERO_CELSIUS) / z * r


@numba.njit(**_JIT)
def _ghk_j_nb(V: float, c_in: float, c_out: float, z: float, celsius: float) -> float:
    """Compiled twin of :func:`vrest.ghk._ghk_j_scalar`: the GHK current density per unit
    permeability, µA/cm² per cm/s, zF·x/(1 − e^(−x))·(c_in − c_out e^(−x)), x = zFV/RT."""
    x = z * V * _K1 / (celsius + ZERO_CELSIUS)
    if x == 0.0:
        return z * F * (c_in - c_out)
    if x > 0:
        return z * F * (x / -math.expm1(-x)) * (c_in - c_out * math.exp(-x))
    return z * F * (x / math.expm1(x)) * (c_in * math.exp(x) - c_out)


@numba.njit(**_JIT)
def _ghk_terms(x: float) -> tuple[float, float, float]:
    """For a = |x|: e^(−a), a/(1 − e^(−a)) (→ 1 at 0; the arithmetic of :func:`_ghk_j_nb`,
    whose x/expm1(x) for x < 0 is the same number) and its derivative in a."""
    a = abs(x)
    if a == 0.0:
        return 1.0, 1.0, 0.5
    e = math.exp(-a)
    d = -math.expm1(-a)
    fac = a / d
    dfac = 0.5 + a / 6.0 if a < 1e-4 else (d - a * e) / (d * d)
    return e, fac, dfac


@numba.njit(**_INLINE)
def _ghk_eval(V, T, w, nion, po, mono, ip, s, j):
    """The net current (pA) of the GHK model at V and its derivative (nS): Σ P_iA J_i·1e-2 + ip,
    or with a balance pump (s ≠ 0) Σ P_iA J_i·1e-2 − s·min(I_j, 0), P_iA at offset ``po`` of
    ``w``. Each J_i is the arithmetic of :func:`_ghk_j_nb` (monovalent ions share one e^(−|x|)
    and one expm1: the same numbers) and the sum that of Membrane.total."""
    tk = T + ZERO_CELSIUS
    k = _K1 / tk
    x1 = V * _K1 / tk
    e1, fac1, dfac1 = _ghk_terms(x1) if mono else (1.0, 1.0, 0.5)
    tot = 0.0
    dtot = 0.0
    ina = 0.0
    dina = 0.0
    for i in range(nion):
        pa = w[po + i]
        if pa == 0.0:
            continue
        zi = w[_Z * nion + i]
        ci = w[_CI * nion + i]
        co = w[_CO * nion + i]
        if mono:
            x = x1 if zi > 0 else -x1
            e, fac, dfac = e1, fac1, dfac1
        else:
            x = zi * V * _K1 / tk
            e, fac, dfac = _ghk_terms(x)
        if x == 0.0:
            J = zi * F * (ci - co)
            dJ = zi * F * 0.5 * (ci + co)
        elif x > 0:
            num = ci - co * e
            J = zi * F * fac * num
            dJ = zi * F * (dfac * num + fac * co * e)
        else:
            num = ci * e - co
            J = zi * F * fac * num
            dJ = zi * F * (fac * ci * e - dfac * num)
        tot += pa * J
        dtot += pa * dJ * zi * k
        if i == j:
            ina = pa * J * UA_CM2_UM2_TO_PA
            dina = pa * dJ * zi * k * UA_CM2_UM2_TO_PA
    tot *= UA_CM2_UM2_TO_PA
    dtot *= UA_CM2_UM2_TO_PA
    if s != 0.0:
        if ina < 0.0:
            return tot - s * min(ina, 0.0), dtot - s * dina
        return tot - s * min(ina, 0.0), dtot
    return tot + ip, dtot


@numba.njit(**_JIT)
def _ghk_steady(T, w, nion, po, mono, ip, s, j, Ej, nlad, x0):
    """(V, solved) of the GHK model with a fixed pump current ``ip`` (pA) or a balance pump
    (share ``s`` ≠ 0 of ion ``j``'s current, ``Ej`` its Nernst potential): the Goldman closed
    form where it exists (module docstring), else Newton's iteration, else the reference's
    brackets. Not solved where :func:`vrest._roots.bracket_root` finds no sign change up to
    its last bracket (the net current increases with V, so: where the root lies beyond it) or
    meets NaN."""
    k = _K1 / (T + ZERO_CELSIUS)
    top = w[_NROWS * nion + 2 * nlad - 1]
    if mono:
        a = 0.0
        b = 0.0
        for i in range(nion):
            pa = w[po + i]
            if pa != 0.0:
                if w[_Z * nion + i] > 0:
                    a += pa * w[_CI * nion + i]
                    b += pa * w[_CO * nion + i]
                else:
                    a += pa * w[_CO * nion + i]
                    b += pa * w[_CI * nion + i]
        v0 = math.log(b / a) / k
        if abs(v0) <= top:  # the Goldman V without a pump: what a call with ip = s = 0 returns
            w[_NROWS * nion + 2 * nlad] = v0
        if ip == 0.0:
            v = v0
            # Na⁺ flows in at v0 (v0 < E_Na): the pump runs, and P_Na A counts × (1 − s)
            if s != 0.0 and v0 < Ej:
                pj = w[po + j]
                v = math.log((b - s * pj * w[_CO * nion + j]) / (a - s * pj * w[_CI * nion + j]))
                v /= k
            if abs(v) <= top:
                return v, True
        if abs(v0) <= top:
            x0 = v0
    v = _newton(T, w, nion, po, mono, ip, s, j, x0)
    if abs(v) <= top:
        return v, True
    return _bracketed(T, w, nion, po, mono, ip, s, j, nlad, x0)


@numba.njit(**_JIT)
def _newton(T, w, nion, po, mono, ip, s, j, x):
    """Newton's iteration for the root (unique: the net current increases with V), steps
    capped at 50 mV; NaN when it does not settle in 50 steps. Done when a step is below
    1e-9·(1 + |V|) mV: V is then exact to rounding (quadratic convergence)."""
    for _ in range(50):
        fx, dfx = _ghk_eval(x, T, w, nion, po, mono, ip, s, j)
        if fx == 0.0:
            return x
        step = fx / dfx
        if not math.isfinite(step):
            return math.nan
        if abs(step) > 50.0:
            step = math.copysign(50.0, step)
        x -= step
        if abs(step) <= 1e-9 * (1.0 + abs(x)):
            return x
    return math.nan


@numba.njit(**_JIT)
def _bracketed(T, w, nion, po, mono, ip, s, j, nlad, x0):
    """The reference's way where Newton alone did not settle: the brackets of
    :func:`vrest._roots.bracket_root` in turn, then Newton steps kept inside the bracket
    (bisection when a step leaves it) down to 1e-9·(1 + |V|) mV per step or a
    1e-13·(1 + |V|) mV bracket."""
    lo = 0.0
    hi = 0.0
    flo = 0.0
    fhi = 0.0
    for m in range(nlad):
        lo = w[_NROWS * nion + 2 * m]
        hi = w[_NROWS * nion + 2 * m + 1]
        flo = _ghk_eval(lo, T, w, nion, po, mono, ip, s, j)[0]
        fhi = _ghk_eval(hi, T, w, nion, po, mono, ip, s, j)[0]
        if math.isnan(flo) or math.isnan(fhi):
            return math.nan, False
        if not ((flo > 0 and fhi > 0) or (flo < 0 and fhi < 0)):
            break
        if m == nlad - 1:
            return math.nan, False
    if flo == 0.0:
        return lo, True
    if fhi == 0.0:
        return hi, True
    neg_lo = flo < 0.0
    x = x0 if lo < x0 < hi else 0.5 * (lo + hi)
    for _ in range(400):
        fx, dfx = _ghk_eval(x, T, w, nion, po, mono, ip, s, j)
        if fx == 0.0:
            return x, True
        if math.isnan(fx):
            return math.nan, False
        if (fx < 0.0) == neg_lo:
            lo = x
        else:
            hi = x
        step = fx / dfx
        xn = x - step
        if lo <= xn <= hi:
            if abs(step) <= 1e-9 * (1.0 + abs(xn)):
                return xn, True
        else:
            xn = 0.5 * (lo + hi)
        if hi - lo <= 1e-13 * (1.0 + abs(xn)):
            return 0.5 * (lo + hi), True
        x = xn
    return x, True


@numba.njit(**_JIT)
def _ghk_currents(V, T, w, nion, mono):
    """Each ion's GHK current (pA) at V into the current row, as Membrane.currents:
    P_iA·J_i·1e-2 with the arithmetic of :func:`_ghk_j_nb`."""
    tk = T + ZERO_CELSIUS
    x1 = V * _K1 / tk
    e1, fac1, _ = _ghk_terms(x1) if mono else (1.0, 1.0, 0.5)
    for i in range(nion):
        zi = w[_Z * nion + i]
        ci = w[_CI * nion + i]
        co = w[_CO * nion + i]
        if mono:
            x = x1 if zi > 0 else -x1
            e, fac = e1, fac1
        else:
            x = zi * V * _K1 / tk
            e, fac, _ = _ghk_terms(x)
        if x == 0.0:
            J = zi * F * (ci - co)
        elif x > 0:
            J = zi * F * fac * (ci - co * e)
        else:
            J = zi * F * fac * (ci * e - co)
        w[_CUR * nion + i] = w[_PA * nion + i] * J * UA_CM2_UM2_TO_PA


@numba.njit(**_JIT)
def _ghk_currents_slope_mono(V, T, w, nion, dl, edp, edm, mdp, mdm):
    """For monovalent ions with |x| = |V|F/RT > 10 δ (δ = h·F/RT, h = 1e-3 mV): each ion's
    current at V into the current row (as :func:`_ghk_currents`), and the central difference
    (I(V + h) − I(V − h))/2h of their sum (nS), as :func:`_ghk_eval` at V ± h would give it,
    but with e^(−|x ± δ|) = e^(−|x|)·e^(∓δ) and expm1(−|x| ∓ δ) = m + m_δ + m·m_δ (exact
    identities; m = expm1(−|x|), m_δ = expm1(∓δ), computed once per temperature and passed in as
    ``edp`` = e^(−δ), ``edm`` = e^δ, ``mdp`` = expm1(−δ), ``mdm`` = expm1(δ)): two
    exponentials per point instead of six. The sum has no cancellation for |x| > 10 δ (both
    terms of the second have the sign of m); the rounding differs from the reference's by a
    few ulps of each current, ~1e-11 of the slope."""
    tk = T + ZERO_CELSIUS
    x1 = V * _K1 / tk
    a = abs(x1)
    e = math.exp(-a)
    m = math.expm1(-a)
    fac = a / -m
    ep = e * edp
    mp = m + mdp + m * mdp
    facp = (a + dl) / -mp
    en = e * edm
    mn = m + mdm + m * mdm
    facn = (a - dl) / -mn
    if x1 < 0.0:  # V + h moves |x| down
        ep, facp, en, facn = en, facn, ep, facp
    tp = 0.0
    tm = 0.0
    for i in range(nion):
        zi = w[_Z * nion + i]
        ci = w[_CI * nion + i]
        co = w[_CO * nion + i]
        pa = w[_PA * nion + i]
        if (zi > 0) == (x1 > 0):  # x > 0 at V and at V ± h
            J = zi * F * fac * (ci - co * e)
            if pa != 0.0:
                tp += pa * (zi * F * facp * (ci - co * ep))
                tm += pa * (zi * F * facn * (ci - co * en))
        else:
            J = zi * F * fac * (ci * e - co)
            if pa != 0.0:
                tp += pa * (zi * F * facp * (ci * ep - co))
                tm += pa * (zi * F * facn * (ci * en - co))
        w[_CUR * nion + i] = pa * J * UA_CM2_UM2_TO_PA
    return (tp * UA_CM2_UM2_TO_PA - tm * UA_CM2_UM2_TO_PA) / (2 * _H)


@numba.njit(**_INLINE)
def _get(var, idx, const, q, p):
    r = idx[q]
    return const[q] if r < 0 else var[r, p]


@numba.njit(**_JIT)
def _block(start, stop, var, idx, const, z, cfg, fcfg, ladder, out, w):
    """Points [start, stop): :func:`vrest.solve_rest`'s steady states, checks and currents
    (``w``: this block's scratch vector)."""
    nion, primary, pmode, q, jna, mono = cfg[0], cfg[1], cfg[2], cfg[3], cfg[4], cfg[5] == 1
    area, s = fcfg[0], fcfg[1]
    nlad = ladder.shape[0]
    t_d = math.nan  # the temperature of the slope's e^(±δ), expm1(±δ) below
    dl = edp = edm = mdp = mdm = 0.0
    for i in range(nion):
        w[_Z * nion + i] = z[i]
    for m in range(nlad):
        w[_NROWS * nion + 2 * m] = ladder[m, 0]
        w[_NROWS * nion + 2 * m + 1] = ladder[m, 1]
    nout = out.shape[0]
    b = 4 * nion
    o_pa, o_pa0 = _PA * nion, _PA0 * nion  # offsets of the P·A rows (at T, at T_ref)
    for p in range(start, stop):
        T = _get(var, idx, const, b, p)
        Tref = _get(var, idx, const, b + 1, p)
        here = T == Tref
        f = 1.0 if here else _get(var, idx, const, b + 2, p) ** ((T - Tref) / 10.0)
        G = 0.0
        S = 0.0
        is_open = False
        for i in range(nion):
            ci = _get(var, idx, const, 4 * i, p)
            co = _get(var, idx, const, 4 * i + 1, p)
            g0 = _get(var, idx, const, 4 * i + 2, p)
            pa0 = _get(var, idx, const, 4 * i + 3, p) * area
            e = _nernst_nb(ci, co, z[i], T)
            w[_CI * nion + i] = ci
            w[_CO * nion + i] = co
            w[_G0 * nion + i] = g0
            w[_PA0 * nion + i] = pa0
            w[_E * nion + i] = e
            w[_GT * nion + i] = g0 * f
            w[_PA * nion + i] = pa0 * f
            G += g0 * f
            S += g0 * f * e
            if pa0 * f > 0.0:
                is_open = True
        failed = G <= 0.0 or not is_open  # solve_rest: VrestInputError (no open channel)
        Ena = w[_E * nion + jna] if jna >= 0 else 0.0
        # the pump current of each model (a balance pump at T_ref is solved with V below)
        ipc = 0.0
        ipg = 0.0
        okg = True
        balance_here = pmode == 2 and here and q != 0
        if not failed and pmode != 0 and not balance_here:
            fP = 1.0 if here else _get(var, idx, const, b + 3, p) ** ((T - Tref) / 10.0)
            if pmode == 1:
                rate = 0.0 if q == 0 else _get(var, idx, const, b + 4, p) * 1e-12 / (q * E_CHARGE)
                if not here:
                    rate *= fP
                ipc = q * rate * E_CHARGE * 1e12
                ipg = ipc
            else:  # balance at the reference temperature, then scaled by the pump's Q10
                Gr = 0.0
                Sr = 0.0
                open_r = False
                for i in range(nion):
                    er = _nernst_nb(w[_CI * nion + i], w[_CO * nion + i], z[i], Tref)
                    w[_ER * nion + i] = er
                    Gr += w[_G0 * nion + i]
                    Sr += w[_G0 * nion + i] * er
                    if w[_PA0 * nion + i] > 0.0:
                        open_r = True
                failed = Gr <= 0.0 or not open_r
                sr = s if q != 0 else 0.0  # electroneutral: no current, but a GHK rest at T_ref
                Vr = (Sr - 0.0) / Gr
                if not failed and q != 0:
                    kk = s * w[_G0 * nion + jna]
                    er = w[_ER * nion + jna]
                    Vr = (Sr - kk * er) / (Gr - kk)
                    ipr = 0.0 if Vr > er else -kk * (Vr - er)
                    rate = ipr * 1e-12 / (q * E_CHARGE)
                    if not here:
                        rate *= fP
                    ipc = q * rate * E_CHARGE * 1e12
                if not failed:
                    erj = w[_ER * nion + jna]
                    Vgr, okg = _ghk_steady(Tref, w, nion, o_pa0, mono, 0.0, sr, jna, erj, nlad, Vr)
                    if okg and q != 0:
                        ci, co, zj = w[_CI * nion + jna], w[_CO * nion + jna], z[jna]
                        ina = w[_PA0 * nion + jna] * _ghk_j_nb(Vgr, ci, co, zj, Tref)
                        ina *= UA_CM2_UM2_TO_PA
                        rate = -s * min(ina, 0.0) * 1e-12 / (q * E_CHARGE)
                        if not here:
                            rate *= fP
                        ipg = q * rate * E_CHARGE * 1e12
        if failed:
            for r in range(nout):
                out[r, p] = math.nan
            continue
        # chord
        if balance_here:
            kk = s * w[_GT * nion + jna]
            Vc = (S - kk * Ena) / (G - kk)
            if Vc > Ena:  # no Na⁺ influx to balance: the pump idles
                Vc = S / G
                ipc = 0.0
            else:
                ipc = -kk * (Vc - Ena)
        else:
            Vc = (S - ipc) / G
        Vc0 = (S - 0.0) / G
        # GHK
        Vg = math.nan
        w[_NROWS * nion + 2 * nlad] = math.nan  # the Goldman V of _ghk_steady, when it has one
        if okg:
            if balance_here:
                Vg, okg = _ghk_steady(T, w, nion, o_pa, mono, 0.0, s, jna, Ena, nlad, Vc)
            else:
                Vg, okg = _ghk_steady(T, w, nion, o_pa, mono, ipg, 0.0, jna, Ena, nlad, Vc)
        if not okg:
            Vg = math.nan
        if primary == 0:
            V, ip, V0, Gt = Vc, ipc, Vc0, G
            for i in range(nion):
                w[_CUR * nion + i] = w[_GT * nion + i] * (V - w[_E * nion + i])
        else:
            V0, ok0 = Vg, okg
            if okg and (ipg != 0.0 or balance_here):
                v_g = w[_NROWS * nion + 2 * nlad]
                if math.isnan(v_g):
                    V0, ok0 = _ghk_steady(T, w, nion, o_pa, mono, 0.0, 0.0, jna, Ena, nlad, Vc0)
                else:  # what _ghk_steady(..., 0.0, 0.0, ...) returns: the same Goldman V
                    V0, ok0 = v_g, True
            if not ok0:  # no steady V of the primary model: solve_rest raises
                for r in range(nout):
                    out[r, p] = math.nan
                continue
            V = Vg
            if T != t_d:
                t_d = T
                dl = _H * _K1 / (T + ZERO_CELSIUS)
                edp, edm, mdp, mdm = math.exp(-dl), math.exp(dl), math.expm1(-dl), math.expm1(dl)
            if mono and abs(V * _K1 / (T + ZERO_CELSIUS)) > 10.0 * dl:
                Gt = _ghk_currents_slope_mono(V, T, w, nion, dl, edp, edm, mdp, mdm)
            else:
                _ghk_currents(V, T, w, nion, mono)
                tp = _ghk_eval(V + _H, T, w, nion, o_pa, mono, 0.0, 0.0, jna)[0]
                tm = _ghk_eval(V - _H, T, w, nion, o_pa, mono, 0.0, 0.0, jna)[0]
                Gt = (tp - tm) / (2 * _H)
            ip = -s * min(w[_CUR * nion + jna], 0.0) if balance_here else ipg
        # rest._check_physical, and currents that overflow
        bad = not abs(V) <= V_BREAKDOWN_MV and (
            not (math.isfinite(V) and math.isfinite(ip)) or not abs(V) <= V_MAX_MV
        )
        tot = 0.0
        big = 1e-300
        for i in range(nion):
            c = w[_CUR * nion + i]
            bad = bad or not math.isfinite(c)
            tot += c
            big = max(big, abs(c))
        if bad:
            for r in range(nout):
                out[r, p] = math.nan
            continue
        net = tot + ip + 0.0 + 0.0
        tol = max(I_REL_TOL * big, abs(Gt) * V_RES_MV, 1e-12)  # state.classify: "not steady"?
        out[0, p] = V
        out[1, p] = Vc
        out[2, p] = Vg
        out[3, p] = V0
        out[4, p] = V - V0
        out[5, p] = ip
        out[6, p] = Gt
        out[7, p] = 0.0 if abs(net) <= tol else net
        for i in range(nion):
            out[8 + i, p] = w[_E * nion + i]
            out[8 + nion + i, p] = w[_CUR * nion + i]


@numba.njit(cache=True, error_model="numpy", parallel=True)
def _kernel(var, idx, const, z, cfg, fcfg, ladder, out, nb):
    """Every point, in ``nb`` blocks run in parallel."""
    n = out.shape[1]
    ws = np.empty((nb, _NROWS * cfg[0] + 2 * ladder.shape[0] + 1))
    for c in numba.prange(nb):
        _block(c * n // nb, (c + 1) * n // nb, var, idx, const, z, cfg, fcfg, ladder, out, ws[c])


# ---- public ----------------------------------------------------------------------------------
def rest_points(cell: Any, fields: Mapping[str, Any]) -> dict[str, np.ndarray]:
    """:func:`vrest.solve_rest` at n points at once: ``fields`` maps dotted names (as a user
    writes them: ``K.c_out``, ``ions.Na.g``, ``potassium.c_in_mM``, ``celsius`` ...) to 1-D
    arrays of n values in vrest's working units (mM, nS, cm/s, °C, pA), applied to ``cell`` in
    the order given (pump fields last), as :func:`vrest.fields.set_fields` would. No fields:
    one point, the cell itself.

    Returns one float array of length n per :func:`output_fields` name (module docstring).
    Raises :class:`VrestInputError` for a field the compiled path does not vary
    (:func:`supports`) or a value the cell would refuse (naming the field)."""
    from ..cell import Cell

    if not isinstance(cell, Cell):
        raise VrestInputError("cell", type(cell).__name__, "a vrest.Cell (see vrest.load_cell)")
    if not _cell_ok(cell):
        raise VrestInputError(
            "cell",
            cell.name or "cell",
            "a cell of leaks (no transporters, no gated channels) with no, a fixed or a "
            "balance pump (else: rest_point_reference)",
        )
    n, st = _resolve(cell, fields)
    names = list(cell.ions)
    nion = len(names)
    nq = 4 * nion + 5
    const = np.zeros(nq)
    idx = np.full(nq, -1, dtype=np.int64)
    rows: list[np.ndarray] = []
    keys = [f"{ion}.{q}" for ion in names for q in _ION_QUANTITIES]
    keys += ["celsius", "reference_celsius", "q10_leak", "pump.q10", "pump.i_pump"]
    for k, key in enumerate(keys):
        v = st[key]
        if np.ndim(v) == 0:
            const[k] = float(v)
        else:
            idx[k] = len(rows)
            rows.append(np.broadcast_to(np.asarray(v, dtype=float), (n,)))
    var = np.empty((max(len(rows), 1), n))
    for r, a in enumerate(rows):
        var[r] = a
    p = cell.pump
    pmode = 0 if p is None else (1 if p.mode == "fixed" else 2)
    q = 0 if p is None else p.n_na - p.n_k
    zs = np.array([float(cell.ions[i].z) for i in names])
    cfg = np.array(
        [
            nion,
            1 if cell.model == "ghk" else 0,
            pmode,
            q,
            names.index("Na") if "Na" in names else -1,
            1 if np.all(np.abs(zs) == 1.0) else 0,
        ],
        dtype=np.int64,
    )
    fcfg = np.array([cell.area_um2 or 1.0, q / p.n_na if p is not None else 0.0])
    out = np.empty((8 + 2 * nion, n))
    _kernel(var, idx, const, zs, cfg, fcfg, _LADDER, out, min(n, 16 * numba.get_num_threads()))
    return {name: out[k] for k, (name, _, _) in enumerate(output_fields(cell))}


def rest_point_reference(cell: Any, values: Mapping[str, float]) -> dict[str, float]:
    """The same numbers as :func:`rest_points` for one point, the slow way: ``values`` through
    :func:`vrest.fields.set_fields` and :func:`vrest.solve_rest` (any cell, any field). A point
    solve_rest cannot solve is NaN throughout, a model it cannot solve NaN in its V; an
    invalid value raises, as set_fields does. Warnings are not shown."""
    from ..fields import set_fields
    from ..rest import solve_rest

    names = [n for n, _, _ in output_fields(cell)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        c = set_fields(cell, [f"{k}={float(v)!r}" for k, v in values.items()])
        try:
            r = solve_rest(c)
        except (SolverError, VrestInputError):
            return dict.fromkeys(names, math.nan)
    out = {
        "V": r.V,
        "V_chord": r.V_chord,
        "V_ghk": r.V_ghk,
        "V_no_pump": r.V_no_pump,
        "pump_contribution": r.pump_contribution,
        "i_pump": r.i_pump,
        "G_total": r.G_total,
        "net_current": r.net_current,
    }
    for ion in r.ions:
        out[f"E_{ion.name}"] = ion.E
    for ion in r.ions:
        out[f"I_{ion.name}"] = ion.current
    return {k: float(out[k]) for k in names}


__all__ = ["VECTOR_FIELDS", "output_fields", "rest_point_reference", "rest_points", "supports"]
