"""Ion selectivity: permeability ratios from free-energy barriers and from reversal potentials.

Transition-state (Eyring) theory: if two ions A and B cross the selectivity filter over barriers
ΔG‡_A and ΔG‡_B with the same pre-exponential factor, their permeabilities are in the ratio

    P_A / P_B = exp(ΔΔG / RT),        ΔΔG = ΔG‡_B − ΔG‡_A   (kJ/mol)

(Eyring, J. Chem. Phys. 3, 107 (1935); Hille, *Ion Channels of Excitable Membranes*, 3rd ed.
(2001), chs. 14–15). The chapter's number: ΔΔG = 12 kJ/mol at 310 K gives
P_K/P_Na = e^4.66 ≈ 105.

Bi-ionic reversal potentials: with a reference ion ``ref`` only inside and a test ion ``test``
only outside, the membrane current vanishes at E_rev, where P_test·J_test(E) + P_ref·J_ref(E) = 0
with J the GHK current per unit permeability (:func:`vrest.ghk._ghk_j`). Hence, exactly and for
any valences,

    P_test / P_ref = −J_ref(E_rev) / J_test(E_rev).

Special cases (tested): two monovalent cations, P_B/P_A = ([A]_i/[B]_o)·exp(FE/RT) (Hille 2001,
ch. 14); a divalent test cation against a monovalent reference (Fatt & Ginsborg, J. Physiol. 142,
516 (1958); Lewis, J. Physiol. 286, 417 (1979)):
P_Ca/P_Cs = [Cs]_i/(4[Ca]_o) · e^(FE/RT) · (1 + e^(FE/RT)).

Units: free energies kJ/mol, voltages mV (V = V_in − V_out), concentrations mM, temperature °C.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from . import units
from ._roots import find_root
from .constants import DEFAULT_CELSIUS, ZERO_CELSIUS, R
from .errors import SolverError, VrestInputError
from .ghk import _ghk_j, _ghk_j_scalar
from .ions import ION_TABLE, canonical_name, resolve_valence

ArrayLike = Any

__all__ = [
    "biionic_reversal_potential",
    "ddG_from_permeability_ratio",
    "permeability_ratio_biionic",
    "permeability_ratio_from_ddG",
]


def _rt_kj(celsius: ArrayLike) -> ArrayLike:
    """RT in kJ/mol at ``celsius`` (°C)."""
    return 1e-3 * R * (celsius + ZERO_CELSIUS)


def permeability_ratio_from_ddG(ddG: ArrayLike, celsius: ArrayLike = DEFAULT_CELSIUS) -> ArrayLike:
    """Permeability ratio P_A/P_B (dimensionless) from a barrier difference (transition-state
    theory).

    ``P_A/P_B = exp(ΔΔG/RT)`` with ``ddG`` = ΔΔG = ΔG‡_B − ΔG‡_A in kJ/mol (positive: A crosses
    the lower barrier and is the more permeant ion) and ``celsius`` in °C. Broadcasts.
    Reference: Eyring (1935); Hille (2001) chs. 14–15.

    >>> round(permeability_ratio_from_ddG(12.0, celsius=36.85))   # the chapter's P_K/P_Na
    105
    """
    dg = units.finite(ddG, "ddG", "energy_per_mol")
    t = units.celsius(celsius)
    units.same_shape(ddG=dg, celsius=t)
    with np.errstate(over="ignore"):
        ratio = np.exp(dg / _rt_kj(t))
    if not np.isfinite(ratio).all() or (np.asarray(ratio) == 0).any():
        raise VrestInputError(
            "ddG", ddG, "a free-energy difference in kJ/mol giving a finite, non-zero ratio"
        )
    return float(ratio) if np.ndim(ratio) == 0 else ratio


def ddG_from_permeability_ratio(
    ratio: ArrayLike, celsius: ArrayLike = DEFAULT_CELSIUS
) -> ArrayLike:
    """Barrier difference ΔΔG = ΔG‡_B − ΔG‡_A in kJ/mol from a permeability ratio P_A/P_B.

    ``ΔΔG = RT ln(P_A/P_B)``: the inverse of :func:`permeability_ratio_from_ddG`; ``ratio`` is a
    positive plain number, ``celsius`` in °C. Broadcasts. Reference: Eyring (1935); Hille (2001)
    chs. 14–15.
    """
    r = units.positive(ratio, "ratio", "dimensionless")
    t = units.celsius(celsius)
    units.same_shape(ratio=r, celsius=t)
    out = _rt_kj(t) * np.log(r)
    return float(out) if np.ndim(out) == 0 else out


def _valence_of(name: str | None, z: Any, field: str) -> int:
    """Valence from ``z`` (checked against the table when ``name`` is known), else from the
    table by ``name``, else +1 (both omitted: a monovalent cation)."""
    if name is None and z is None:
        return 1
    if z is None and canonical_name(name) is None:  # type: ignore[arg-type]
        which = "test" if field == "z_test" else "ref"
        raise VrestInputError(
            which, name, f"an ion of the table ({', '.join(ION_TABLE)}) or its valence {field}"
        )
    return resolve_valence(name, z, field)


def _biionic_inputs(
    c_ref_in: Any,
    c_test_out: Any,
    z_test: Any,
    z_ref: Any,
    celsius: Any,
    test: str | None,
    ref: str | None,
    c_ref_out: Any,
    c_test_in: Any,
) -> tuple[Any, Any, Any, Any, int, int, Any]:
    ri = units.concentration(c_ref_in, "c_ref_in")
    to = units.concentration(c_test_out, "c_test_out")
    ro = units.nonnegative(c_ref_out, "c_ref_out", "concentration")
    ti = units.nonnegative(c_test_in, "c_test_in", "concentration")
    zt = _valence_of(test, z_test, "z_test")
    zr = _valence_of(ref, z_ref, "z_ref")
    t = units.celsius(celsius)
    units.same_shape(c_ref_in=ri, c_test_out=to, c_ref_out=ro, c_test_in=ti, celsius=t)
    pure = not np.any(ro) and not np.any(ti)
    if pure and (zt > 0) != (zr > 0):
        raise VrestInputError(
            "z_test",
            zt,
            f"a valence of the same sign as z_ref = {zr:+d}",
            "with the reference ion only inside and the test ion only outside, ions of opposite "
            "sign carry current in the same direction at every V: there is no reversal potential",
        )
    return ri, to, ro, ti, zt, zr, t


def permeability_ratio_biionic(
    E_rev: ArrayLike,
    c_ref_in: ArrayLike,
    c_test_out: ArrayLike,
    z_test: Any = None,
    z_ref: Any = None,
    celsius: ArrayLike = DEFAULT_CELSIUS,
    *,
    test: str | None = None,
    ref: str | None = None,
    c_ref_out: ArrayLike = 0.0,
    c_test_in: ArrayLike = 0.0,
) -> ArrayLike:
    """Permeability ratio P_test/P_ref from a bi-ionic reversal potential ``E_rev`` (mV).

    The reference ion is inside at ``c_ref_in`` (mM) and the test ion outside at ``c_test_out``
    (mM); by default each is absent from the other side (set ``c_ref_out`` / ``c_test_in``, mM,
    for the general two-ion case with both ions on both sides). Valences ``z_test``, ``z_ref``
    come from the ion names ``test``, ``ref`` (e.g. ``"Ca"``, ``"Cs"``) when given, else default
    to +1. Temperature ``celsius`` in °C. Broadcasts over arrays.

    Exact for any valences, from the GHK current equation (J per unit permeability):

        P_test/P_ref = −J_ref(E_rev) / J_test(E_rev).

    Monovalent cations: ``P_B/P_A = ([A]_i/[B]_o) e^(FE/RT)`` (Hille 2001, ch. 14). Divalent test,
    monovalent reference: ``P_Ca/P_Cs = [Cs]_i/(4[Ca]_o) e^(FE/RT)(1 + e^(FE/RT))`` (Fatt &
    Ginsborg 1958; Lewis 1979). A potential that gives no positive, finite ratio (outside the
    range between the two ions' Nernst potentials) raises :class:`VrestInputError`.

    >>> round(permeability_ratio_biionic(0.0, 150, 150, test="Na", ref="K"), 12)
    1.0
    """
    e = units.finite(E_rev, "E_rev", "voltage")
    ri, to, ro, ti, zt, zr, t = _biionic_inputs(
        c_ref_in, c_test_out, z_test, z_ref, celsius, test, ref, c_ref_out, c_test_in
    )
    units.same_shape(E_rev=e, c_ref_in=ri, c_test_out=to, c_ref_out=ro, c_test_in=ti, celsius=t)
    j_ref = np.asarray(_ghk_j(e, ri, ro, zr, t), dtype=float)
    j_test = np.asarray(_ghk_j(e, ti, to, zt, t), dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = -j_ref / j_test
    if not np.isfinite(ratio).all() or (ratio <= 0).any():
        raise VrestInputError(
            "E_rev",
            E_rev,
            "a reversal potential in mV between the Nernst potentials of the two ions "
            "(giving a positive, finite P_test/P_ref)",
        )
    return float(ratio) if ratio.ndim == 0 else ratio


def biionic_reversal_potential(
    ratio: float,
    c_ref_in: float,
    c_test_out: float,
    z_test: Any = None,
    z_ref: Any = None,
    celsius: float = DEFAULT_CELSIUS,
    *,
    test: str | None = None,
    ref: str | None = None,
    c_ref_out: float = 0.0,
    c_test_in: float = 0.0,
) -> float:
    """Bi-ionic reversal potential (mV) for a permeability ratio ``ratio`` = P_test/P_ref.

    The inverse of :func:`permeability_ratio_biionic` (same arguments and units): the root of
    ``ratio·J_test(V) + J_ref(V) = 0`` with J the GHK current per unit permeability, found by
    bracketing (each GHK current increases monotonically with V, so the root is unique).
    For two monovalent cations it is ``E = (RT/F) ln(P_B[B]_o / (P_A[A]_i))`` (Hille 2001,
    ch. 14). Scalars only.
    """
    p = float(units.positive(ratio, "ratio", "dimensionless"))
    ri, to, ro, ti, zt, zr, t = _biionic_inputs(
        c_ref_in, c_test_out, z_test, z_ref, celsius, test, ref, c_ref_out, c_test_in
    )
    if any(np.ndim(x) for x in (ri, to, ro, ti, t)):
        raise VrestInputError("c_ref_in", c_ref_in, "scalars (this function does not broadcast)")
    ri, to, ro, ti, t = (float(x) for x in (ri, to, ro, ti, t))

    def net(v: float) -> float:
        return p * _ghk_j_scalar(v, ti, to, zt, t) + _ghk_j_scalar(v, ri, ro, zr, t)

    try:
        return find_root(net, -100.0, 100.0, xtol=1e-12)
    except SolverError as exc:  # pragma: no cover - needs absurd inputs (|E| > 5 V)
        raise VrestInputError("ratio", ratio, "a permeability ratio with a finite E_rev") from exc
