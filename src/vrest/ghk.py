"""Goldman–Hodgkin–Katz (GHK) current and voltage equations.

Units: V in mV, concentrations in mM, permeability P in cm/s, current density in µA/cm²,
whole-cell current in pA (area in µm²), conductance density in mS/cm², temperature in °C.

GHK current equation (Goldman 1943; Hodgkin & Katz 1949), with x = zFV/RT:

    J = P z F · x/(1 − e^(−x)) · ([i]_in − [i]_out e^(−x))

written so that it is exact at V = 0 (x/(1 − e^(−x)) → 1: J(0) = P z F ([i]_in − [i]_out)) and
never overflows (the x < 0 branch is multiplied through by e^x). With P in cm/s and c in mM the
product P·F·c is exactly µA/cm².

GHK voltage equation: the V at which the summed GHK currents (plus any pump current) vanish;
closed form for monovalent ions, the closed-form quadratic in w = e^(FV/RT) when divalent cations
are present (Spangler, Ala. J. Med. Sci. 9, 218 (1972); Lewis, J. Physiol. 286, 417 (1979)),
and a bracketing root of the total current for any mixture.

Reference: Hille, *Ion Channels of Excitable Membranes*, 3rd ed. (2001), ch. 14.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np

from . import units
from ._roots import find_root
from .constants import DEFAULT_CELSIUS, ZERO_CELSIUS, F, R
from .errors import SolverError, VrestInputError
from .ions import canonical_name, resolve_valence
from .nernst import _check_z, _nernst

ArrayLike = Any

#: µA/cm² × µm² → pA.
UA_CM2_UM2_TO_PA = 1e-2
#: (mS/cm²) × µm² → nS.
MS_CM2_UM2_TO_NS = 1e-2


def _ghk_j(V: ArrayLike, c_in: ArrayLike, c_out: ArrayLike, z: ArrayLike, celsius: ArrayLike):
    """Unchecked kernel: GHK current density per unit permeability, µA/cm² per (cm/s).

    With a = |x|: x/(1 − e^(−x)) = a/(1 − e^(−a)) for x ≥ 0 and, multiplied through by e^x,
    the same a/(1 − e^(−a)) for x < 0, where the concentration factor becomes c_in e^x − c_out.
    So one expm1 and one exp serve both signs and nothing overflows."""
    x = np.asarray(z * V * (1e-3 * F / R) / (celsius + ZERO_CELSIUS), dtype=float)
    a = np.abs(x)
    e = np.exp(-a)
    d = -np.expm1(-a)
    fac = np.divide(a, d, out=np.ones_like(a), where=d != 0.0)  # → 1 at x = 0
    num = np.where(x >= 0, c_in - c_out * e, c_in * e - c_out)
    out = z * F * fac * num
    return float(out) if out.ndim == 0 else out


def _ghk_j_scalar(V: float, c_in: float, c_out: float, z: int, celsius: float) -> float:
    """Scalar fast path of :func:`_ghk_j` (used inside root finding)."""
    x = z * V * (1e-3 * F / R) / (celsius + ZERO_CELSIUS)
    if x == 0.0:
        return z * F * (c_in - c_out)
    if x > 0:
        return z * F * (x / -math.expm1(-x)) * (c_in - c_out * math.exp(-x))
    return z * F * (x / math.expm1(x)) * (c_in * math.exp(x) - c_out)


def ghk_current_density(
    V: ArrayLike,
    c_in: ArrayLike,
    c_out: ArrayLike,
    z: ArrayLike,
    P: ArrayLike = 1.0,
    celsius: ArrayLike = DEFAULT_CELSIUS,
) -> ArrayLike:
    """GHK current density in µA/cm² (outward positive) at ``V`` (mV).

    ``J = P z F x/(1 − e^(−x)) ([i]_in − [i]_out e^(−x))``, x = zFV/RT; ``c_in``, ``c_out`` in mM
    (≥ 0: an ion may be absent on one side, as in bi-ionic conditions), ``P`` in cm/s,
    ``celsius`` in °C. Exact and continuous through V = 0. Broadcasts."""
    v = units.finite(V, "V", "voltage")
    ci = units.nonnegative(c_in, "c_in", "concentration")
    co = units.nonnegative(c_out, "c_out", "concentration")
    zz = _check_z(z)
    p = units.nonnegative(P, "P", "permeability")
    t = units.celsius(celsius)
    units.same_shape(V=v, c_in=ci, c_out=co, z=zz, P=p, celsius=t)
    return p * _ghk_j(v, ci, co, zz, t)


def ghk_current(
    V: ArrayLike,
    c_in: ArrayLike,
    c_out: ArrayLike,
    z: ArrayLike,
    P: ArrayLike,
    area: ArrayLike,
    celsius: ArrayLike = DEFAULT_CELSIUS,
) -> ArrayLike:
    """Whole-cell GHK current in pA: :func:`ghk_current_density` (µA/cm²) × ``area`` (µm²)."""
    a = units.positive(area, "area", "area")
    j = ghk_current_density(V, c_in, c_out, z, P, celsius)
    units.same_shape(current_density=j, area=a)
    return j * a * UA_CM2_UM2_TO_PA


def _log_mean(a: ArrayLike, b: ArrayLike) -> ArrayLike:
    """Logarithmic mean (a − b)/ln(a/b), equal to a when a = b."""
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    r = b / a
    close = np.abs(r - 1.0) < 1e-6
    safe = np.where(close, 2.0, r)
    lm = np.where(close, a * (1 + (r - 1) / 2), a * (safe - 1) / np.log(safe))
    return float(lm) if lm.ndim == 0 else lm


def _g_reversal_per_P(c_in, c_out, z, celsius):
    """Slope conductance of a GHK channel at its reversal potential, mS/cm² per (cm/s).

    At E, c_in − c_out e^(−x) = 0, so only the derivative of that factor survives:
    ``g_E/P = z²F²/(RT) · c_in c_out ln(c_out/c_in)/(c_out − c_in) = z²F²/(RT) · c_in c_out/L``
    with L the logarithmic mean of c_in and c_out (→ c when c_in = c_out)."""
    return (
        z
        * z
        * F
        * F
        / (R * (celsius + ZERO_CELSIUS))
        * c_in
        * c_out
        / _log_mean(c_in, c_out)
        * 1e-3
    )


def ghk_slope_conductance(
    V: ArrayLike,
    c_in: ArrayLike,
    c_out: ArrayLike,
    z: ArrayLike,
    P: ArrayLike = 1.0,
    celsius: ArrayLike = DEFAULT_CELSIUS,
) -> ArrayLike:
    """Slope conductance dJ/dV of a GHK channel at ``V``, in mS/cm² (P in cm/s).

    Central difference with a 1 µV step (truncation error ~1e-9 relative); at the reversal
    potential it equals the closed form ``P z²F²/RT · c_in c_out ln(c_out/c_in)/(c_out − c_in)``."""
    v = units.finite(V, "V", "voltage")
    h = 1e-3
    jp = ghk_current_density(v + h, c_in, c_out, z, P, celsius)
    jm = ghk_current_density(v - h, c_in, c_out, z, P, celsius)
    return (jp - jm) / (2 * h)  # µA/cm² per mV = mS/cm²


def ghk_chord_conductance(
    V: ArrayLike,
    c_in: ArrayLike,
    c_out: ArrayLike,
    z: ArrayLike,
    P: ArrayLike = 1.0,
    celsius: ArrayLike = DEFAULT_CELSIUS,
) -> ArrayLike:
    """Chord conductance J(V)/(V − E) of a GHK channel at ``V``, in mS/cm² (P in cm/s).

    At V = E (0/0) the chord conductance is the slope conductance there."""
    v = np.asarray(units.finite(V, "V", "voltage"), dtype=float)
    zz = _check_z(z)
    t = units.celsius(celsius)
    ci = units.concentration(c_in, "c_in")
    co = units.concentration(c_out, "c_out")
    p = units.nonnegative(P, "P", "permeability")
    units.same_shape(V=v, c_in=ci, c_out=co, z=zz, P=p, celsius=t)
    E = _nernst(ci, co, zz, t)
    d = v - E
    at_e = np.abs(d) < 1e-9
    chord = p * _ghk_j(v, ci, co, zz, t) / np.where(at_e, 1.0, d)
    g_e = p * _g_reversal_per_P(ci, co, zz, t)
    out = np.where(at_e, g_e, chord)
    return float(out) if out.ndim == 0 else out


def permeability_for_conductance(
    g: ArrayLike, c_in: ArrayLike, c_out: ArrayLike, z: ArrayLike, celsius=DEFAULT_CELSIUS
) -> ArrayLike:
    """Permeability (cm/s) whose GHK slope conductance at the reversal potential equals ``g``
    (mS/cm²). This is how vrest relates a chord-model conductance to a GHK permeability: the
    two I–V curves touch, with the same slope, at E."""
    return g / _g_reversal_per_P(c_in, c_out, z, celsius)


def _ion_arrays(P: Mapping[str, Any], c_in: Mapping[str, Any], c_out: Mapping[str, Any], z):
    """Validate dict inputs keyed by ion name → lists (names, P, c_in, c_out, z)."""
    if not isinstance(P, Mapping) or not P:
        raise VrestInputError("P", P, "a non-empty dict of permeabilities keyed by ion name")
    for d, fld in ((c_in, "c_in"), (c_out, "c_out"), (z, "z")):
        if d is not None and not isinstance(d, Mapping):
            raise VrestInputError(fld, d, f"a dict of {fld} keyed by ion name, like P")
    z = z or {}
    names, ps, cis, cos, zs = [], [], [], [], []
    seen: dict[str, str] = {}
    for name, p in P.items():
        key = canonical_name(name) or str(name)
        if key in seen:
            raise VrestInputError(
                f"P[{name!r}]",
                name,
                "each ion once",
                f"{seen[key]!r} and {name!r} are the same ion ({key}); give its permeability once",
            )
        seen[key] = name
        for d, fld in ((c_in, "c_in"), (c_out, "c_out")):
            if name not in d:
                raise VrestInputError(f"{fld}[{name!r}]", None, f"a concentration of {name} in mM")
        names.append(name)
        ps.append(
            units.scalar(
                units.nonnegative(p, f"P[{name!r}]", "permeability"),
                f"P[{name!r}]",
                "permeability",
                p,
            )
        )
        for d, fld, out in ((c_in, "c_in", cis), (c_out, "c_out", cos)):
            f = f"{fld}[{name!r}]"
            out.append(
                units.scalar(
                    units.nonnegative(d[name], f, "concentration"), f, "concentration", d[name]
                )
            )
        zs.append(resolve_valence(name, z.get(name), f"z[{name!r}]"))
    if not any(p > 0 for p in ps):
        raise VrestInputError("P", P, "at least one positive permeability (cm/s)")
    # a finite V needs permeant charge that can move each way: some open cation present outside
    # or anion inside (inward current), and some cation inside or anion outside (outward)
    inward = any(p > 0 and (co if zi > 0 else ci) > 0 for p, ci, co, zi in zip(ps, cis, cos, zs))
    outward = any(p > 0 and (ci if zi > 0 else co) > 0 for p, ci, co, zi in zip(ps, cis, cos, zs))
    if not (inward and outward):
        # name each permeant ion's missing side: cations need c_out (inward) / c_in (outward)
        side = "c_out" if not inward else "c_in"
        conc = c_out if not inward else c_in
        fields = [
            f"{side if zi > 0 else ('c_in' if side == 'c_out' else 'c_out')}[{n!r}]"
            for n, p, zi in zip(names, ps, zs)
            if p > 0
        ]
        shown = {
            n: (conc if zi > 0 else (c_in if side == "c_out" else c_out))[n]
            for n, p, zi in zip(names, ps, zs)
            if p > 0
        }
        raise VrestInputError(
            ", ".join(fields),
            shown if len(shown) > 1 else next(iter(shown.values())),
            "a permeant ion present on each side (no finite GHK voltage otherwise), in mM",
        )
    return names, ps, cis, cos, zs


def ghk_voltage(
    P: Mapping[str, Any],
    c_in: Mapping[str, Any],
    c_out: Mapping[str, Any],
    z: Mapping[str, int] | None = None,
    celsius: Any = DEFAULT_CELSIUS,
    *,
    i_pump: Any = 0.0,
    area: Any = None,
    method: str = "auto",
) -> float:
    """GHK voltage (mV): the membrane potential at which the GHK currents sum to zero.

    ``P``, ``c_in``, ``c_out`` (and optionally ``z``) are dicts keyed by ion name, with P in cm/s
    (only ratios matter unless ``i_pump`` is given), concentrations in mM; the valence comes from
    the ion table unless ``z`` gives it. ``i_pump`` (pA, outward positive) adds a pump current,
    which needs the membrane ``area`` (µm²) and absolute permeabilities.

    ``method``: ``"auto"`` (closed form for monovalent ions, quadratic when the only other
    valence is +2, else numeric), ``"closed"``, ``"quadratic"`` or ``"numeric"``.

    Monovalent closed form (Goldman 1943; Hodgkin & Katz 1949):
    ``V = (RT/F) ln((Σ_cat P[c]_out + Σ_an P[a]_in) / (Σ_cat P[c]_in + Σ_an P[a]_out))``.
    """
    _names, ps, cis, cos, zs = _ion_arrays(P, c_in, c_out, z)
    t = units.celsius(celsius)
    ip = units.finite(i_pump, "i_pump", "current")
    a = None if area is None else units.positive(area, "area", "area")
    if ip != 0.0 and a is None:
        raise VrestInputError("area", None, "the membrane area in µm² when i_pump is given")
    if method == "auto":
        if ip != 0.0:
            method = "numeric"
        elif all(abs(zi) == 1 for zi in zs):
            method = "closed"
        elif all(zi in (1, -1, 2) for zi in zs):
            method = "quadratic"
        else:
            method = "numeric"
    rtf = 1e3 * R * (t + ZERO_CELSIUS) / F
    # the equations are homogeneous in the P·c products (and in i_pump/(P·c) with a pump):
    # scaling all P and all c to at most 1 leaves V unchanged and keeps every sum finite even
    # for concentrations near 1e308
    p_max = max(ps)
    c_max = max(max(cis), max(cos))
    ps = [p / p_max for p in ps]
    cis = [c / c_max for c in cis]
    cos = [c / c_max for c in cos]
    if method == "closed":
        if any(abs(zi) != 1 for zi in zs):
            raise VrestInputError("method", method, "'numeric' or 'quadratic' for divalent ions")
        num = _log_sum(p * (co if zi > 0 else ci) for p, ci, co, zi in zip(ps, cis, cos, zs))
        den = _log_sum(p * (ci if zi > 0 else co) for p, ci, co, zi in zip(ps, cis, cos, zs))
        return _log_ratio(num, den, rtf)
    if method == "quadratic":
        if any(zi not in (1, -1, 2) for zi in zs) or ip != 0.0:
            raise VrestInputError("method", method, "'numeric' for this mixture of valences")
        # Σ_+ P(ci w − co)(w+1) + Σ_− P(co w − ci)(w+1) + 4 Σ_2+ P(ci w² − co) = 0,  w = e^(FV/RT)
        qa = qb = qc = 0.0
        for p, ci, co, zi in zip(ps, cis, cos, zs):
            if zi == 1:
                qa, qb, qc = qa + p * ci, qb + p * (ci - co), qc - p * co
            elif zi == -1:
                qa, qb, qc = qa + p * co, qb + p * (co - ci), qc - p * ci
            else:
                qa, qc = qa + 4 * p * ci, qc - 4 * p * co
        if qa == 0.0:
            w = -qc / qb
        else:
            disc = math.sqrt(qb * qb - 4 * qa * qc)
            # numerically stable positive root (qa > 0, qc < 0)
            w = (-qb + disc) / (2 * qa) if qb <= 0 else (-2 * qc) / (qb + disc)
        return rtf * math.log(w)
    if method != "numeric":
        raise VrestInputError("method", method, "'auto', 'closed', 'quadratic' or 'numeric'")
    scale = 1.0 if a is None else a * UA_CM2_UM2_TO_PA
    ip_scaled = ip / p_max / c_max  # the pump current in the scaled units of the P·c products

    def net(v: float) -> float:
        tot = sum(p * _ghk_j_scalar(v, ci, co, zi, t) for p, ci, co, zi in zip(ps, cis, cos, zs))
        return tot * scale + ip_scaled

    try:
        return find_root(
            net, -150.0, 150.0, xtol=1e-12, what="the net GHK current", fields="P, c_in, c_out"
        )
    except SolverError:
        fld = "i_pump" if ip != 0.0 else "P, c_in, c_out"
        val: Any = ip if ip != 0.0 else {"P": dict(P), "c_in": dict(c_in), "c_out": dict(c_out)}
        raise VrestInputError(
            fld,
            val,
            "values whose GHK currents (plus the pump current, pA) balance at a finite V",
            "the net current keeps one sign over ±5000 mV: a pump current larger than the ions "
            "can carry, or extreme concentration ratios, leave no resting potential",
        ) from None


def _log_sum(terms: Any) -> float:
    """ln Σ terms (non-negative terms; −inf for an all-zero sum), without under/overflow."""
    logs = [math.log(x) for x in terms if x > 0]
    if not logs:
        return -math.inf
    m = max(logs)
    return m + math.log(math.fsum(math.exp(x - m) for x in logs))


def _log_ratio(log_num: float, log_den: float, rtf: float) -> float:
    if not (math.isfinite(log_num) and math.isfinite(log_den)):
        raise VrestInputError("P", "(num, den)", "permeabilities giving a finite GHK voltage")
    return rtf * (log_num - log_den)
