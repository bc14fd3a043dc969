"""Nernst equilibrium potential, electrochemical potential difference and driving force.

Conventions: V = V_in − V_out (mV); concentrations in mM; temperature in °C.

    E_i = (RT / z_i F) · ln(γ_out·[i]_out / (γ_in·[i]_in))            (Nernst, 1888)
    Δμ̃_i = μ̃_in − μ̃_out = RT ln(a_in / a_out) + z_i F V = z_i F (V − E_i)

Reference: Hille, *Ion Channels of Excitable Membranes*, 3rd ed. (2001), ch. 1; the chapter's
section "电化学势与能斯特平衡".
"""

from __future__ import annotations

from typing import Any

import numpy as np

from . import units
from .constants import DEFAULT_CELSIUS, ZERO_CELSIUS, F, R
from .errors import VrestInputError

ArrayLike = Any


def _log_ratio(a: ArrayLike, b: ArrayLike) -> ArrayLike:
    """ln(a/b) for positive a, b, also where a/b over- or underflows (a = 1e300, b = 1e-300:
    ln a − ln b is finite although a/b is not). The quotient is used where it is safe, being
    more accurate when a ≈ b."""
    with np.errstate(over="ignore", under="ignore", divide="ignore"):
        out = np.log(np.divide(a, b))
        bad = ~(np.abs(out) < 690.0)  # the quotient left the normal range (or was inf/0)
        if np.any(bad):
            out = np.where(bad, np.log(a) - np.log(b), out)
    return out


def _nernst(c_in: ArrayLike, c_out: ArrayLike, z: ArrayLike, celsius: ArrayLike) -> ArrayLike:
    """Unchecked kernel of :func:`nernst` (mM, mM, valence, °C → mV)."""
    return (1e3 * R / F) * (celsius + ZERO_CELSIUS) / z * _log_ratio(c_out, c_in)


def _check_z(z: ArrayLike, field: str = "z") -> ArrayLike:
    if np.ndim(z) == 0:
        return units.valence(z, field)
    if isinstance(z, np.ndarray) and z.dtype == np.bool_:
        raise VrestInputError(field, z, "non-zero integer valences", "got booleans")
    try:
        arr = np.asarray(z, dtype=float)
    except (TypeError, ValueError, OverflowError):
        raise VrestInputError(field, z, "non-zero integer valences") from None
    if not np.isfinite(arr).all() or (arr == 0).any() or (arr != np.round(arr)).any():
        raise VrestInputError(field, z, "non-zero integer valences")
    if (np.abs(arr) > units.MAX_VALENCE).any():
        raise VrestInputError(
            field, z, f"non-zero integer valences from -{units.MAX_VALENCE} to {units.MAX_VALENCE}"
        )
    return arr


def _is_one(x: Any) -> bool:
    return isinstance(x, int | float) and x == 1


def nernst(
    c_in: ArrayLike,
    c_out: ArrayLike,
    z: ArrayLike,
    celsius: ArrayLike = DEFAULT_CELSIUS,
    gamma_in: ArrayLike = 1.0,
    gamma_out: ArrayLike = 1.0,
) -> ArrayLike:
    """Nernst (equilibrium) potential in mV.

    ``E = (RT/zF) ln(γ_out c_out / (γ_in c_in))`` with ``c_in``, ``c_out`` in mM (or pint
    quantities), valence ``z``, temperature ``celsius`` in °C and optional activity coefficients
    ``gamma_in``, ``gamma_out`` (dimensionless, default 1: activities ≈ concentrations).
    Broadcasts over NumPy arrays.

    >>> round(nernst(140, 4, 1, celsius=37), 1)   # the chapter's E_K
    -95.0
    """
    ci = units.concentration(c_in, "c_in")
    co = units.concentration(c_out, "c_out")
    zz = _check_z(z)
    t = units.celsius(celsius)
    units.same_shape(c_in=ci, c_out=co, z=zz, celsius=t)
    if not (_is_one(gamma_in) and _is_one(gamma_out)):
        gi = units.positive(gamma_in, "gamma_in", "dimensionless")
        go = units.positive(gamma_out, "gamma_out", "dimensionless")
        units.same_shape(c_in=ci, c_out=co, z=zz, celsius=t, gamma_in=gi, gamma_out=go)
        # ln(γo co / (γi ci)) as a sum of logs: no overflow of the products
        with np.errstate(over="ignore", under="ignore"):
            E = _nernst(ci, co, zz, t) + _nernst(gi, go, zz, t)
        return float(E) if np.ndim(E) == 0 else E
    E = _nernst(ci, co, zz, t)
    return float(E) if np.ndim(E) == 0 else E


def electrochemical_potential_difference(
    c_in: ArrayLike,
    c_out: ArrayLike,
    z: ArrayLike,
    V: ArrayLike,
    celsius: ArrayLike = DEFAULT_CELSIUS,
) -> ArrayLike:
    """Δμ̃ = μ̃_in − μ̃_out in kJ/mol for an ion at membrane potential ``V`` (mV).

    ``Δμ̃ = RT ln(c_in/c_out) + zFV = zF (V − E)``. Positive Δμ̃: the ion's free energy is higher
    inside, so it tends to leave the cell. Concentrations in mM, temperature in °C."""
    ci = units.concentration(c_in, "c_in")
    co = units.concentration(c_out, "c_out")
    zz = _check_z(z)
    v = units.finite(V, "V", "voltage")
    t = units.celsius(celsius)
    units.same_shape(c_in=ci, c_out=co, z=zz, V=v, celsius=t)
    return _delta_mu(ci, co, zz, v, t)


def _delta_mu(c_in: ArrayLike, c_out: ArrayLike, z: ArrayLike, V: ArrayLike, celsius: ArrayLike):
    """Unchecked kernel: Δμ̃ in kJ/mol = zF(V − E)·1e-6 (V, E in mV)."""
    return z * F * (V - _nernst(c_in, c_out, z, celsius)) * 1e-6


def driving_force(V: ArrayLike, E: ArrayLike) -> ArrayLike:
    """Electrochemical driving force ``V − E`` in mV (positive: outward current for a cation)."""
    v = units.finite(V, "V", "voltage")
    e = units.finite(E, "E", "voltage")
    units.same_shape(V=v, E=e)
    return v - e
