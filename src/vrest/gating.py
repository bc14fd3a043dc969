"""Voltage-gated channel populations at their steady state, and the inward rectifier.

Two published gating models, written in today's sign convention (V = V_in − V_out in mV,
outward current positive), each at the steady state of its gates so that the rest solver can
use them as voltage-dependent membrane "mechanisms".

Hodgkin–Huxley (1952) squid giant axon
--------------------------------------

Hodgkin & Huxley, *J. Physiol.* 117, 500–544 (1952) (here "HH") wrote their rates in the
displacement v = −(V − V_rest) (depolarisation negative, rest at v = 0). In the modern form
(NEURON's ``hh.mod``; Dayan & Abbott, *Theoretical Neuroscience* (2001) §5.6; Ermentrout &
Terman, *Mathematical Foundations of Neuroscience* (2010) ch. 1), with V in mV and rest at
−65 mV, the rates in 1/ms at 6.3 °C are::

    α_n = 0.01 (V + 55) / (1 − exp(−(V + 55)/10))     β_n = 0.125 exp(−(V + 65)/80)
    α_m = 0.1  (V + 40) / (1 − exp(−(V + 40)/10))     β_m = 4 exp(−(V + 65)/18)
    α_h = 0.07 exp(−(V + 65)/20)                      β_h = 1 / (1 + exp(−(V + 35)/10))

and every rate is multiplied by φ = Q10^((T − 6.3 °C)/10 °C) with Q10 = 3 (HH 1952, Part III).
Each gate x ∈ {n, m, h} relaxes as dx/dt = α_x (1 − x) − β_x x, so that

    x_∞ = α_x / (α_x + β_x)   (independent of temperature: φ cancels),
    τ_x = 1 / (α_x + β_x)     (ms; ∝ 1/φ).

α_n and α_m have removable singularities at V = −55 and −40 mV. Both are a·g(u) with
g(u) = u/(1 − e^(−u)) and u = (V − V½)/10: α_n = 0.1·g((V + 55)/10) and
α_m = 1.0·g((V + 40)/10). g is evaluated as u/(−expm1(−u)), which is exact to rounding right
up to the singular point, and g(0) = 1 exactly: α_n(−55) = 0.1 and α_m(−40) = 1.0 per ms.

The steady-state current density (µA/cm², conductances in mS/cm²) is

    I_ss(V) = g_Na m_∞³ h_∞ (V − E_Na) + g_K n_∞⁴ (V − E_K) + g_L (V − E_L)

with HH's g_Na = 120, g_K = 36, g_L = 0.3 mS/cm², C_m = 1 µF/cm², and the reversal
potentials of HH Part III (eq. 26 and the constants given with it), V_Na = −115, V_K = +12,
V_l = −10.613 mV in their displacement convention, i.e. E = −65 − V_HH: E_Na = +50,
E_K = −77 and E_L = −54.387 mV. HH chose V_l so that the total ionic current vanishes at the
resting potential, i.e. E_L = V_r − (I_Na + I_K)/g_L at V_r = −65 mV with the gates at their
steady state (:func:`hh_leak_reversal`). Evaluated to full precision, that condition gives
E_L = −54.4011 mV; HH's published −54.387 mV, 0.014 mV away, leaves
I_ss(−65) = −0.0042 µA/cm², so the root of I_ss is V_rest = −64.9964 mV (:func:`hh_rest`):
−65.00 mV to the two decimals HH's constants carry, 3.6 µV above −65. NEURON's ``hh.mod``
uses ``el = -54.3`` mV, HH's value rounded to 0.1 mV: the leak current is then
0.3 × 0.087 = 0.026 µA/cm² more inward and, divided by the slope conductance at rest
(1.167 mS/cm²), moves rest by +0.022 mV to −64.974 mV. So −54.387 mV (HH) is the value that
gives −65.00 mV; −54.4011 mV gives −65.0000 mV exactly; pass ``E_L=HH_E_L_NEURON`` to
reproduce NEURON. The reversal potentials are fixed numbers in HH (not recomputed here from
concentrations and temperature), so only the time constants depend on temperature.

Inward rectifier I_K1 (ten Tusscher & Panfilov 2006)
----------------------------------------------------

ten Tusscher & Panfilov, *Am. J. Physiol. Heart Circ. Physiol.* 291, H1088–H1100 (2006), the
same I_K1 as ten Tusscher, Noble, Noble & Panfilov, *ibid.* 286, H1573–H1589 (2004)::

    I_K1 = G_K1 √(K_o/5.4) x_K1∞ (V − E_K)                       pA/pF
    x_K1∞ = α_K1 / (α_K1 + β_K1)
    α_K1 = 0.1 / (1 + exp(0.06 (V − E_K − 200)))
    β_K1 = [3 exp(0.0002 (V − E_K + 100)) + exp(0.1 (V − E_K − 10))] / (1 + exp(−0.5 (V − E_K)))

with G_K1 = 5.405 nS/pF and K_o in mM. The gate x_K1∞ is instantaneous and depends on
V − E_K only (the rectification shifts with E_K, as Hagiwara & Takahashi, J. Membr. Biol. 18,
61 (1974) found in the starfish egg), and the conductance grows as √K_o (Sakmann & Trube,
J. Physiol. 347, 641 (1984)). Together they give the classic crossover of inward-rectifier
I–V curves: raising K_o makes the current more inward at negative V but more *outward* at V a
few tens of mV positive of E_K. The formula above was checked against the CellML-derived
(Chaste/PyCML-generated) ``TenTusscher06.cpp`` of Nektar++'s cardiac EP solver and two
independent hand-written implementations (LifeV's ``IonicTenTusscher`` and a MATLAB one);
they agree term by term. E_K is an argument here (pass e.g. ``vrest.nernst(K_i, K_o, 1,
celsius=37)``); the paper's own E_K uses its R = 8314.472, F = 96485.3415 and T = 310 K.

Units: V, E in mV; K_o in mM; rates in 1/ms; τ in ms; HH conductances in mS/cm² and current
densities in µA/cm²; G_K1 in nS/pF (= mS/µF) and I_K1 in pA/pF; temperature in °C.

>>> round(hh_rest()["V_rest"], 2)
-65.0
>>> [round(x, 4) for x in hh_steady_state(-65.0)]
[0.3177, 0.0529, 0.5961]
>>> float(hh_rates(-55.0)["alpha_n"])
0.1
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from . import units
from ._roots import find_root
from .temperature import q10_factor

ArrayLike = Any

__all__ = [
    "HH_CELSIUS",
    "HH_C_M",
    "HH_E_K",
    "HH_E_L",
    "HH_E_L_NEURON",
    "HH_E_NA",
    "HH_G_K",
    "HH_G_L",
    "HH_G_NA",
    "HH_Q10",
    "TTP06_G_K1",
    "TTP06_K_O_REF",
    "hh_leak_reversal",
    "hh_rates",
    "hh_rest",
    "hh_slope_conductance",
    "hh_steady_current_density",
    "hh_steady_state",
    "hh_steady_state_slopes",
    "hh_time_constants",
    "ik1_ttp06",
    "ik1_x_inf",
]

#: Temperature at which HH's rates hold, °C (HH 1952, Part III).
HH_CELSIUS: float = 6.3
#: Q10 of every HH rate (HH 1952, Part III: φ = 3^((T − 6.3)/10)).
HH_Q10: float = 3.0
#: Maximal conductances, mS/cm² (HH 1952, Part III, with eq. 26).
HH_G_NA: float = 120.0
HH_G_K: float = 36.0
HH_G_L: float = 0.3
#: Reversal potentials, mV, in today's convention (HH's V_Na = −115, V_K = +12, V_l = −10.613
#: mV relative to a rest of −65 mV, depolarisation negative).
HH_E_NA: float = 50.0
HH_E_K: float = -77.0
HH_E_L: float = -54.387
#: NEURON's ``hh.mod`` leak reversal potential (``el``), mV: HH's −54.387 rounded; rest moves to
#: −64.974 mV with it.
HH_E_L_NEURON: float = -54.3
#: Specific membrane capacitance, µF/cm² (HH 1952).
HH_C_M: float = 1.0

#: ten Tusscher & Panfilov (2006) maximal I_K1 conductance, nS/pF, at K_o = 5.4 mM.
TTP06_G_K1: float = 5.405
#: Reference K_o of the √(K_o/5.4) factor, mM.
TTP06_K_O_REF: float = 5.4

# |u| below which g'(u) is taken from its Taylor series (the closed form cancels there).
_SERIES_U = 1e-2


def _out(x: ArrayLike) -> ArrayLike:
    """A 0-d result as a Python float, an array otherwise."""
    return float(x) if np.ndim(x) == 0 else x


# --- kernels (unchecked: V a float or float array in mV) -----------------------------------------


def _g(u: ArrayLike) -> np.ndarray:
    """g(u) = u / (1 − e^(−u)), with g(0) = 1 (the removable singularity), for any real u.

    −expm1(−u) = 1 − e^(−u) is exact to rounding for small u, so g is accurate right up to
    u = 0; for u → −∞ it underflows gracefully to 0 (u/−∞)."""
    u = np.asarray(u, dtype=float)
    with np.errstate(over="ignore"):
        d = -np.expm1(-u)
    return np.divide(u, d, out=np.ones_like(u), where=d != 0.0)


def _dg(u: ArrayLike) -> np.ndarray:
    """g'(u) = (1 − e^(−u)(1 + u)) / (1 − e^(−u))²; g'(0) = 1/2.

    The closed form loses digits near u = 0, where the Bernoulli series
    g(u) = 1 + u/2 + u²/12 − u⁴/720 + u⁶/30240 − … gives g'(u) = 1/2 + u/6 − u³/180 + u⁵/5040
    (truncation error < 1e-19 for |u| < 1e-2)."""
    u = np.asarray(u, dtype=float)
    small = np.abs(u) < _SERIES_U
    us = np.where(small, 1.0, u)  # keeps the closed form away from 0/0
    with np.errstate(over="ignore", invalid="ignore"):
        e = np.exp(-us)
        d = -np.expm1(-us)
        closed = (d - us * e) / (d * d)
    series = 0.5 + u / 6.0 - u**3 / 180.0 + u**5 / 5040.0
    return np.where(small, series, closed)


def _hh_rates(V: ArrayLike, phi: ArrayLike = 1.0) -> dict[str, ArrayLike]:
    """Unchecked kernel of :func:`hh_rates`: the six rates (1/ms) times φ."""
    V = np.asarray(V, dtype=float)
    with np.errstate(over="ignore"):
        rates = {
            "alpha_n": 0.1 * _g((V + 55.0) / 10.0),
            "beta_n": 0.125 * np.exp(-(V + 65.0) / 80.0),
            "alpha_m": 1.0 * _g((V + 40.0) / 10.0),
            "beta_m": 4.0 * np.exp(-(V + 65.0) / 18.0),
            "alpha_h": 0.07 * np.exp(-(V + 65.0) / 20.0),
            "beta_h": 1.0 / (1.0 + np.exp(-(V + 35.0) / 10.0)),
        }
    return {k: v * phi for k, v in rates.items()}


def _hh_rate_slopes(V: ArrayLike) -> dict[str, np.ndarray]:
    """d(rate)/dV at 6.3 °C, 1/(ms·mV): derivatives of the six formulas of :func:`_hh_rates`."""
    V = np.asarray(V, dtype=float)
    r = _hh_rates(V)
    b_h = r["beta_h"]
    return {
        "alpha_n": 0.1 * _dg((V + 55.0) / 10.0) / 10.0,
        "beta_n": -r["beta_n"] / 80.0,
        "alpha_m": 1.0 * _dg((V + 40.0) / 10.0) / 10.0,
        "beta_m": -r["beta_m"] / 18.0,
        "alpha_h": -r["alpha_h"] / 20.0,
        "beta_h": b_h * (1.0 - b_h) / 10.0,
    }


def _hh_inf(V: ArrayLike) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Unchecked kernel of :func:`hh_steady_state`: (n_∞, m_∞, h_∞)."""
    r = _hh_rates(V)
    with np.errstate(invalid="ignore"):
        return tuple(r[f"alpha_{x}"] / (r[f"alpha_{x}"] + r[f"beta_{x}"]) for x in "nmh")


def _hh_inf_slopes(V: ArrayLike) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Unchecked kernel of :func:`hh_steady_state_slopes`: d x_∞/dV (1/mV) for n, m, h.

    x_∞ = α/(α + β) ⇒ dx_∞/dV = (α′β − αβ′)/(α + β)²."""
    r, s = _hh_rates(V), _hh_rate_slopes(V)
    out = []
    for x in "nmh":
        a, b, da, db = r[f"alpha_{x}"], r[f"beta_{x}"], s[f"alpha_{x}"], s[f"beta_{x}"]
        out.append((da * b - a * db) / (a + b) ** 2)
    return tuple(out)


def _hh_current(V: ArrayLike, E_L: float = HH_E_L) -> ArrayLike:
    """Unchecked kernel of :func:`hh_steady_current_density` (µA/cm²)."""
    n, m, h = _hh_inf(V)
    return HH_G_NA * m**3 * h * (V - HH_E_NA) + HH_G_K * n**4 * (V - HH_E_K) + HH_G_L * (V - E_L)


def _hh_slope(V: ArrayLike) -> ArrayLike:
    """Unchecked kernel of :func:`hh_slope_conductance` (mS/cm²; independent of E_L)."""
    V = np.asarray(V, dtype=float)
    n, m, h = _hh_inf(V)
    dn, dm, dh = _hh_inf_slopes(V)
    chord = HH_G_NA * m**3 * h + HH_G_K * n**4 + HH_G_L
    gating = HH_G_NA * (3 * m**2 * h * dm + m**3 * dh) * (V - HH_E_NA)
    gating = gating + HH_G_K * 4 * n**3 * dn * (V - HH_E_K)
    return chord + gating


def _ik1_x_inf(V: ArrayLike, E_K: ArrayLike) -> ArrayLike:
    """Unchecked kernel of :func:`ik1_x_inf` (dimensionless)."""
    d = np.asarray(V, dtype=float) - E_K
    with np.errstate(over="ignore"):
        a = 0.1 / (1.0 + np.exp(0.06 * (d - 200.0)))
        b = (3.0 * np.exp(0.0002 * (d + 100.0)) + np.exp(0.1 * (d - 10.0))) / (
            1.0 + np.exp(-0.5 * d)
        )
        return a / (a + b)


def _ik1(V: ArrayLike, K_o: ArrayLike, E_K: ArrayLike, G: ArrayLike = TTP06_G_K1) -> ArrayLike:
    """Unchecked kernel of :func:`ik1_ttp06` (pA/pF)."""
    return G * np.sqrt(K_o / TTP06_K_O_REF) * _ik1_x_inf(V, E_K) * (np.asarray(V) - E_K)


# --- public, validated ---------------------------------------------------------------------------


def _voltage(V: Any, field: str = "V") -> ArrayLike:
    return units.finite(V, field, "voltage")


def hh_rates(V: ArrayLike, celsius: ArrayLike = HH_CELSIUS) -> dict[str, ArrayLike]:
    """The six Hodgkin–Huxley rates (1/ms) at ``V`` (mV) and ``celsius`` (°C).

    Keys ``alpha_n``, ``beta_n``, ``alpha_m``, ``beta_m``, ``alpha_h``, ``beta_h``; the
    formulas are in the module docstring (HH 1952 in today's convention, rest at −65 mV). Each
    is the 6.3 °C rate times φ = 3^((celsius − 6.3)/10). The removable singularities are exact:
    α_n(−55) = 0.1 and α_m(−40) = 1.0 (times φ). Broadcasts over ``V`` and ``celsius``.

    >>> r = hh_rates(-65.0)
    >>> round(r["alpha_n"], 5), r["beta_n"], r["alpha_h"]
    (0.0582, 0.125, 0.07)
    >>> round(hh_rates(-40.0, celsius=16.3)["alpha_m"], 12)
    3.0
    """
    v = _voltage(V)
    phi = q10_factor(HH_Q10, celsius, HH_CELSIUS)
    units.same_shape(V=v, celsius=phi)
    return {k: _out(x) for k, x in _hh_rates(v, phi).items()}


def hh_steady_state(V: ArrayLike) -> tuple[ArrayLike, ArrayLike, ArrayLike]:
    """Steady-state gates ``(n_∞, m_∞, h_∞)`` (dimensionless, 0…1) at ``V`` (mV).

    x_∞ = α_x/(α_x + β_x); the Q10 factor φ cancels, so no temperature argument.

    >>> [round(x, 5) for x in hh_steady_state(-65.0)]
    [0.31768, 0.05293, 0.59612]
    """
    return tuple(_out(x) for x in _hh_inf(_voltage(V)))


def hh_steady_state_slopes(V: ArrayLike) -> tuple[ArrayLike, ArrayLike, ArrayLike]:
    """``(dn_∞/dV, dm_∞/dV, dh_∞/dV)`` in 1/mV at ``V`` (mV), analytically:
    dx_∞/dV = (α′β − αβ′)/(α + β)², with α′ of the singular rates from
    g′(u) = (1 − e^(−u)(1 + u))/(1 − e^(−u))² (its series near u = 0, g′(0) = 1/2)."""
    return tuple(_out(x) for x in _hh_inf_slopes(_voltage(V)))


def hh_time_constants(
    V: ArrayLike, celsius: ArrayLike = HH_CELSIUS
) -> tuple[ArrayLike, ArrayLike, ArrayLike]:
    """Gate time constants ``(τ_n, τ_m, τ_h)`` in ms at ``V`` (mV) and ``celsius`` (°C):
    τ_x = 1/(φ (α_x + β_x)), φ = 3^((celsius − 6.3)/10).

    >>> [round(t, 4) for t in hh_time_constants(-65.0)]
    [5.4586, 0.2368, 8.516]
    """
    r = hh_rates(V, celsius)
    return tuple(_out(1.0 / (np.asarray(r[f"alpha_{x}"]) + r[f"beta_{x}"])) for x in "nmh")


def hh_steady_current_density(V: ArrayLike, *, E_L: ArrayLike = HH_E_L) -> ArrayLike:
    """Net HH ionic current density (µA/cm², outward positive) with every gate at its steady
    state: g_Na m_∞³ h_∞ (V − E_Na) + g_K n_∞⁴ (V − E_K) + g_L (V − E_L).

    ``V`` and ``E_L`` in mV (``E_L`` defaults to HH's −54.387 mV; NEURON's ``hh.mod`` uses
    :data:`HH_E_L_NEURON` = −54.3 mV). Temperature-independent (φ cancels in x_∞).

    >>> round(hh_steady_current_density(-65.0), 4)
    -0.0042
    """
    v = _voltage(V)
    el = _voltage(E_L, "E_L")
    units.same_shape(V=v, E_L=el)
    return _out(_hh_current(v, el))


def hh_slope_conductance(V: ArrayLike) -> ArrayLike:
    """Slope conductance dI_ss/dV of the steady-state HH I–V (mS/cm²) at ``V`` (mV):

        Σ g x (chord) + g_Na (3 m²h m′ + m³ h′)(V − E_Na) + 4 g_K n³ n′ (V − E_K)

    with x′ = dx_∞/dV from :func:`hh_steady_state_slopes` (the input conductance of 1 cm² of
    membrane for slow perturbations, when every gate has time to reach its steady state)."""
    return _out(_hh_slope(_voltage(V)))


def hh_leak_reversal(V_rest: ArrayLike = -65.0) -> ArrayLike:
    """The leak reversal potential E_L (mV) that makes ``V_rest`` (mV) the HH resting
    potential: E_L = V_rest + (I_Na + I_K)/g_L with the gates at their steady state (HH's own
    prescription for V_l). −54.4011 mV for −65 mV; HH's rounded value is −54.387 mV.

    >>> round(hh_leak_reversal(-65.0), 4)
    -54.4011
    """
    v = _voltage(V_rest, "V_rest")
    n, m, h = _hh_inf(v)
    i_na_k = HH_G_NA * m**3 * h * (v - HH_E_NA) + HH_G_K * n**4 * (v - HH_E_K)
    return _out(v + i_na_k / HH_G_L)


def hh_rest(celsius: ArrayLike = HH_CELSIUS, *, E_L: float = HH_E_L) -> dict[str, float]:
    """The HH membrane at rest: the V where the steady-state current vanishes, and its gates.

    V_rest is found by bracketing the root of :func:`hh_steady_current_density` in
    [−90, −40] mV (widened if needed; the steady-state I–V of HH is monotonic, its slope never
    below 0.29 mS/cm², so the root is unique) and polished by Newton steps with the analytic
    slope. With HH's E_L = −54.387 mV it is −64.9964 mV; with NEURON's −54.3 mV, −64.974 mV;
    with ``hh_leak_reversal(-65.0)`` = −54.4011 mV, −65.0000 mV.

    Returns a dict (plain floats): ``V_rest`` (mV); ``n_inf``, ``m_inf``, ``h_inf``;
    ``g_slope`` (mS/cm², dI_ss/dV, analytic) and ``g_chord`` (Σ g x, mS/cm²); ``tau_n``,
    ``tau_m``, ``tau_h`` (ms, at ``celsius``); ``I_Na``, ``I_K``, ``I_L`` (µA/cm², the
    currents that cancel at rest: Na⁺ and leak inward, K⁺ outward); ``E_L`` and ``celsius``.
    Only the τ depend on ``celsius``: the steady state does not (φ cancels).

    >>> r = hh_rest()
    >>> round(r["V_rest"], 4), round(r["g_slope"], 4), round(r["g_chord"], 4)
    (-64.9964, 1.1669, 0.6775)
    """
    t = units.scalar(units.celsius(celsius), "celsius", "dimensionless", celsius)
    el = units.finite_scalar(E_L, "E_L", "voltage")

    def f(v: float) -> float:
        return float(_hh_current(v, el))

    v = find_root(f, -90.0, -40.0, xtol=1e-12, what="the HH steady-state current", fields="E_L")
    for _ in range(3):  # Newton polish: quadratic, the slope is analytic
        step = f(v) / float(_hh_slope(v))
        if not math.isfinite(step) or abs(step) > 1e-3:
            break
        v -= step
        if abs(step) < 1e-15 * (1.0 + abs(v)):
            break
    n, m, h = (float(x) for x in _hh_inf(v))
    tau_n, tau_m, tau_h = hh_time_constants(v, t)
    return {
        "V_rest": v,
        "n_inf": n,
        "m_inf": m,
        "h_inf": h,
        "g_slope": float(_hh_slope(v)),
        "g_chord": HH_G_NA * m**3 * h + HH_G_K * n**4 + HH_G_L,
        "tau_n": tau_n,
        "tau_m": tau_m,
        "tau_h": tau_h,
        "I_Na": HH_G_NA * m**3 * h * (v - HH_E_NA),
        "I_K": HH_G_K * n**4 * (v - HH_E_K),
        "I_L": HH_G_L * (v - el),
        "E_L": el,
        "celsius": t,
    }


def ik1_x_inf(V: ArrayLike, E_K: ArrayLike) -> ArrayLike:
    """ten Tusscher–Panfilov (2006) I_K1 rectification gate x_K1∞ (dimensionless, 0…1) at
    ``V`` and ``E_K`` (mV); a function of V − E_K only:

        α = 0.1/(1 + exp(0.06 (V − E_K − 200)))
        β = [3 exp(0.0002 (V − E_K + 100)) + exp(0.1 (V − E_K − 10))]/(1 + exp(−0.5 (V − E_K)))
        x_K1∞ = α/(α + β)

    ≈ 1 well negative of E_K (the channel conducts inward current), falling steeply positive
    of E_K (inward rectification by internal Mg²⁺ and polyamine block).

    >>> round(ik1_x_inf(-100.0, -80.0), 4), round(ik1_x_inf(-60.0, -80.0), 4)
    (0.9986, 0.017)
    """
    v = _voltage(V)
    ek = _voltage(E_K, "E_K")
    units.same_shape(V=v, E_K=ek)
    return _out(_ik1_x_inf(v, ek))


def ik1_ttp06(V: ArrayLike, K_o: ArrayLike, E_K: ArrayLike, G: ArrayLike = TTP06_G_K1) -> ArrayLike:
    """ten Tusscher–Panfilov (2006) inward-rectifier K⁺ current density, pA/pF (outward
    positive):

        I_K1 = G √(K_o/5.4) x_K1∞(V − E_K) (V − E_K)

    ``V``, ``E_K`` in mV; ``K_o`` in mM (it sets the conductance, √(K_o/5.4 mM); E_K is given
    separately, e.g. ``vrest.nernst(K_i, K_o, 1, celsius=37)``, so the two stay consistent only
    if the caller makes them so); ``G`` in nS/pF (= mS/µF), default 5.405 nS/pF (ten Tusscher &
    Panfilov, Am. J. Physiol. Heart 291, H1088 (2006)). Multiply by the capacitance in pF for pA.

    >>> round(ik1_ttp06(-90.0, 5.4, -87.0), 4)
    -2.2912
    """
    v = _voltage(V)
    ko = units.concentration(K_o, "K_o")
    ek = _voltage(E_K, "E_K")
    g = units.nonnegative(G, "G", "dimensionless")
    units.same_shape(V=v, K_o=ko, E_K=ek, G=g)
    return _out(_ik1(v, ko, ek, g))
