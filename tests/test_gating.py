"""Voltage-gated populations at steady state (vrest.gating): Hodgkin–Huxley 1952 and the
ten Tusscher–Panfilov 2006 inward rectifier.

Every expectation is derived here, independently of vrest.gating: from the published formulas
typed in literally (with math.exp, the naive 1 − exp form), from numbers worked out by hand in
the comments, from the papers' published values, and from limits.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from conftest import rtf_mV

from vrest import gating
from vrest.errors import VrestInputError

# ---- HH 1952 in today's convention, typed in literally (rates in 1/ms at 6.3 °C) ------------


def a_n(V):
    return 0.01 * (V + 55) / (1 - math.exp(-(V + 55) / 10))


def b_n(V):
    return 0.125 * math.exp(-(V + 65) / 80)


def a_m(V):
    return 0.1 * (V + 40) / (1 - math.exp(-(V + 40) / 10))


def b_m(V):
    return 4 * math.exp(-(V + 65) / 18)


def a_h(V):
    return 0.07 * math.exp(-(V + 65) / 20)


def b_h(V):
    return 1 / (1 + math.exp(-(V + 35) / 10))


LITERAL = {"alpha_n": a_n, "beta_n": b_n, "alpha_m": a_m, "beta_m": b_m}
LITERAL |= {"alpha_h": a_h, "beta_h": b_h}


def inf_by_hand(V):
    """(n∞, m∞, h∞) = α/(α + β) from the literal formulas."""
    return (
        a_n(V) / (a_n(V) + b_n(V)),
        a_m(V) / (a_m(V) + b_m(V)),
        a_h(V) / (a_h(V) + b_h(V)),
    )


def i_ss_by_hand(V, E_L=-54.387):
    """HH steady-state current, µA/cm²: 120 m³h (V − 50) + 36 n⁴ (V + 77) + 0.3 (V − E_L)."""
    n, m, h = inf_by_hand(V)
    return 120 * m**3 * h * (V - 50) + 36 * n**4 * (V + 77) + 0.3 * (V - E_L)


def bisect(f, lo, hi, n=200):
    flo = f(lo)
    for _ in range(n):
        mid = 0.5 * (lo + hi)
        fm = f(mid)
        if fm == 0:
            return mid
        if (fm > 0) == (flo > 0):
            lo, flo = mid, fm
        else:
            hi = mid
    return 0.5 * (lo + hi)


# Away from the removable singularities (−55, −40 mV), where the literal form is well conditioned.
V_REGULAR = [-120.0, -90.0, -77.0, -65.0, -60.0, -50.0, -30.0, -10.0, 0.0, 20.0, 50.0]


# ---- HH: rates, steady states, time constants ------------------------------------------------


@pytest.mark.parametrize("V", V_REGULAR)
def test_hh_rates_match_the_literal_formulas(V):
    r = gating.hh_rates(V)
    for k, f in LITERAL.items():
        assert r[k] == pytest.approx(f(V), rel=1e-12), k


def test_hh_rates_at_minus_65_by_hand():
    # At V = −65: α_n = 0.01·(−10)/(1 − e) = 0.1/(e − 1) = 0.0581976707, β_n = 0.125,
    # α_m = 0.1·(−25)/(1 − e^2.5) = 2.5/(e^2.5 − 1) = 0.2235637246, β_m = 4,
    # α_h = 0.07, β_h = 1/(1 + e³) = 0.0474258732.
    r = gating.hh_rates(-65.0)
    assert r["alpha_n"] == pytest.approx(0.1 / (math.e - 1), rel=1e-14)
    assert r["alpha_n"] == pytest.approx(0.0581976707, abs=1e-10)
    assert r["beta_n"] == 0.125
    assert r["alpha_m"] == pytest.approx(2.5 / math.expm1(2.5), rel=1e-14)
    assert r["alpha_m"] == pytest.approx(0.2235637246, abs=1e-10)
    assert r["beta_m"] == 4.0
    assert r["alpha_h"] == 0.07
    assert r["beta_h"] == pytest.approx(0.0474258732, abs=1e-10)


def test_hh_steady_state_textbook_values_at_minus_65():
    # n∞ = 0.0581977/0.1831977, m∞ = 0.2235637/4.2235637, h∞ = 0.07/0.1174259:
    # HH's resting values 0.3177, 0.0529, 0.5961 (Ermentrout & Terman (2010) ch. 1).
    n, m, h = gating.hh_steady_state(-65.0)
    assert (n, m, h) == pytest.approx(inf_by_hand(-65.0), rel=1e-13)
    assert n == pytest.approx(0.3177, abs=5e-5)
    assert m == pytest.approx(0.0529, abs=5e-5)
    assert h == pytest.approx(0.5961, abs=5e-5)


def test_hh_steady_state_limits():
    # Deep hyperpolarisation: n, m → 0 and h → 1; strong depolarisation: n, m → 1, h → 0
    # (at +100 mV, n∞ = 1.55/(1.55 + 0.125 e^−2.0625) = 0.98985: β_n decays slowly).
    n, m, h = gating.hh_steady_state(np.array([-150.0, 100.0]))
    assert n[0] < 1e-3 and m[0] < 1e-5 and h[0] > 0.9999
    assert n[1] == pytest.approx(1.55 / (1.55 + 0.125 * math.exp(-2.0625)), rel=1e-6)
    assert m[1] > 0.99 and h[1] < 1e-4


def test_hh_time_constants_by_hand():
    # τ_x = 1/(α_x + β_x) at 6.3 °C: τ_n(−65) = 1/0.1831977 = 5.4586 ms, τ_m = 1/4.2235637 =
    # 0.23677 ms, τ_h = 1/0.1174259 = 8.5160 ms.
    tau = gating.hh_time_constants(-65.0)
    for t, x in zip(tau, "nmh"):
        a, b = LITERAL[f"alpha_{x}"](-65.0), LITERAL[f"beta_{x}"](-65.0)
        assert t == pytest.approx(1 / (a + b), rel=1e-13)
    assert tau == pytest.approx((5.4586, 0.23677, 8.5160), abs=1e-4)


def test_hh_vectorised_over_V():
    V = np.array(V_REGULAR)
    n, m, h = gating.hh_steady_state(V)
    assert n.shape == V.shape
    for i, v in enumerate(V_REGULAR):
        assert (n[i], m[i], h[i]) == pytest.approx(inf_by_hand(v), rel=1e-12)
    I = gating.hh_steady_current_density(V)
    assert I == pytest.approx([i_ss_by_hand(v) for v in V_REGULAR], rel=1e-12, abs=1e-12)


# ---- removable singularities at V = −55 (α_n) and −40 mV (α_m) ---------------------------------


def test_singular_points_take_their_limits_exactly():
    # x/(1 − e^(−x)) → 1 as x → 0: α_n(−55) = 0.01·10 = 0.1, α_m(−40) = 0.1·10 = 1.0 per ms.
    assert gating.hh_rates(-55.0)["alpha_n"] == 0.1
    assert gating.hh_rates(-40.0)["alpha_m"] == 1.0


@pytest.mark.parametrize(("V0", "key", "limit"), [(-55.0, "alpha_n", 0.1), (-40.0, "alpha_m", 1.0)])
def test_singular_points_are_continuous(V0, key, limit):
    # Near the singular point α = a·g(u), g(u) = 1 + u/2 + …, u = (V − V0)/10, so
    # |α(V0 ± δ) − α(V0)| ≈ a·δ/20: 5e-12 (α_n) and 5e-11 (α_m) for δ = 1e-9 mV.
    a = limit
    for d in (1e-9, -1e-9, 1e-12, -1e-12, 1e-6, -1e-6):
        v = gating.hh_rates(V0 + d)[key]
        assert abs(v - limit) <= 1.01 * a * abs(d) / 20 + 1e-15
        # and the series value itself (g(u) ≈ 1 + u/2 + u²/12), to rounding
        u = ((V0 + d) - V0) / 10
        assert v == pytest.approx(a * (1 + u / 2 + u * u / 12), rel=1e-14)


def test_singular_points_inside_arrays_give_no_warnings_or_nans():
    V = np.array([-55.0, -40.0, -55.0 + 1e-13, -40.0 - 1e-13, -65.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        r = gating.hh_rates(V)
        s = gating.hh_steady_state_slopes(V)
        g = gating.hh_slope_conductance(V)
    assert all(np.isfinite(x).all() for x in (*r.values(), *s, g))


def test_steady_state_slopes_continuous_through_singularity_and_series_switch():
    # d x∞/dV is smooth: compare against a central difference of x∞ across −55 and −40 (where
    # α′ uses g′(0) = 1/2) and across u = ±1e-2 (V = −55 ± 0.1, −40 ± 0.1), where the code
    # switches between g′'s series and its closed form.
    h = 1e-3
    for V in (-55.0, -40.0, -55.1, -54.9, -40.1, -39.9, -55.1 + 1e-9, -55.1 - 1e-9):
        ana = gating.hh_steady_state_slopes(V)
        up, dn = inf_by_hand_safe(V + h), inf_by_hand_safe(V - h)
        for i in range(3):
            fd = (up[i] - dn[i]) / (2 * h)
            assert ana[i] == pytest.approx(fd, rel=1e-6)


def test_g_prime_on_both_sides_of_the_series_switch():
    # The kernel g′(u) of g(u) = u/(1 − e^(−u)) switches from its Taylor series to the closed
    # form at |u| = 1e-2. Reference: the Bernoulli series g = Σ B⁺_k u^k/k! = 1 + u/2 + u²/12
    # − u⁴/720 + u⁶/30240 − u⁸/1209600, so g′ = 1/2 + u/6 − u³/180 + u⁵/5040 − u⁷/151200
    # (next term ~u⁹/1.2e7: < 1e-24 here). Both branches must match it to ~1e-13.
    for u in (9.999e-3, 1.0001e-2, -9.999e-3, -1.0001e-2, 2e-2, -2e-2, 1e-5, 0.0):
        ref = 0.5 + u / 6 - u**3 / 180 + u**5 / 5040 - u**7 / 151200
        assert float(gating._dg(u)) == pytest.approx(ref, rel=2e-13)


def inf_by_hand_safe(V):
    """inf_by_hand, but with V nudged off an exact singular point (no 0/0 in the literal form)."""
    return inf_by_hand(V if V not in (-55.0, -40.0) else V + 1e-7)


# ---- temperature: rates scale by Q10 = 3 per 10 °C, steady states do not ---------------------


@pytest.mark.parametrize(("celsius", "factor"), [(16.3, 3.0), (26.3, 9.0), (-3.7, 1 / 3)])
def test_q10_scaling_of_rates(celsius, factor):
    for V in (-80.0, -65.0, -55.0, -40.0, 0.0):
        cold, warm = gating.hh_rates(V), gating.hh_rates(V, celsius=celsius)
        for k in cold:
            assert warm[k] == pytest.approx(factor * cold[k], rel=1e-13)
        tau0, tau1 = gating.hh_time_constants(V), gating.hh_time_constants(V, celsius)
        assert tau1 == pytest.approx(tuple(t / factor for t in tau0), rel=1e-13)


def test_steady_state_independent_of_temperature():
    # φ multiplies α and β alike and cancels in α/(α + β).
    r = gating.hh_rates(-65.0, celsius=37.0)
    inf37 = tuple(r[f"alpha_{x}"] / (r[f"alpha_{x}"] + r[f"beta_{x}"]) for x in "nmh")
    assert inf37 == pytest.approx(gating.hh_steady_state(-65.0), rel=1e-14)
    cold, warm = gating.hh_rest(), gating.hh_rest(celsius=37.0)
    for k in ("V_rest", "n_inf", "m_inf", "h_inf", "g_slope", "g_chord"):
        assert warm[k] == pytest.approx(cold[k], rel=1e-12), k
    phi = 3 ** ((37 - 6.3) / 10)  # 29.18
    assert warm["tau_n"] == pytest.approx(cold["tau_n"] / phi, rel=1e-12)


# ---- the HH membrane at rest ------------------------------------------------------------------


def test_hh_rest_is_minus_65():
    # HH placed rest at −65 mV (their v = 0) and chose E_L = −54.387 mV so that the steady
    # current vanishes there. −65.0 is stated to 0.1 mV, so ±0.05 mV (half its last digit) is
    # the tolerance at which "rest = −65.0 mV" can be asserted; it also absorbs HH's rounding of
    # V_l to 0.001 mV from rounded rates (the exact root is 3.6 µV away, pinned below).
    r = gating.hh_rest()
    assert r["V_rest"] == pytest.approx(-65.0, abs=0.05)
    # the root of the literal steady-state current, found here by bisection
    v_hand = bisect(i_ss_by_hand, -90.0, -40.0)
    assert r["V_rest"] == pytest.approx(v_hand, abs=1e-9)
    assert r["V_rest"] == pytest.approx(-64.99638, abs=1e-5)
    assert abs(gating.hh_steady_current_density(r["V_rest"])) < 1e-12


def test_hh_rest_gates_by_hand():
    r = gating.hh_rest()
    n, m, h = inf_by_hand(r["V_rest"])
    assert (r["n_inf"], r["m_inf"], r["h_inf"]) == pytest.approx((n, m, h), rel=1e-12)
    # the textbook resting values (0.3177, 0.0529, 0.5961 at −65 mV), 3.6 µV away
    assert (r["n_inf"], r["m_inf"], r["h_inf"]) == pytest.approx((0.3177, 0.0529, 0.5961), abs=2e-4)


def test_hh_rest_currents_cancel():
    # At rest I_Na + I_K + I_L = 0: K⁺ outward, Na⁺ and leak inward (a steady state, not an
    # equilibrium: every current flows).
    r = gating.hh_rest()
    assert r["I_K"] > 0 > r["I_Na"] and r["I_L"] < 0
    assert r["I_Na"] + r["I_K"] + r["I_L"] == pytest.approx(0.0, abs=1e-12)
    assert r["I_K"] == pytest.approx(36 * r["n_inf"] ** 4 * (r["V_rest"] + 77), rel=1e-14)
    # chord conductance Σ g x = 0.3 + 36 n⁴ + 120 m³h = 0.3 + 0.3670 + 0.0106 = 0.6775 mS/cm²
    assert r["g_chord"] == pytest.approx(0.6775, abs=1e-4)


def test_neuron_el_and_exact_el():
    # NEURON's hh.mod el = −54.3 mV: 0.087 mV more positive → I_L(−65) more inward by
    # 0.3·0.087 = 0.0261 µA/cm²; ÷ slope 1.167 mS/cm² → rest +0.0224 mV → −64.974 mV.
    r = gating.hh_rest(E_L=gating.HH_E_L_NEURON)
    v_hand = bisect(lambda v: i_ss_by_hand(v, -54.3), -90.0, -40.0)
    assert r["V_rest"] == pytest.approx(v_hand, abs=1e-9)
    assert r["V_rest"] == pytest.approx(-64.974, abs=1e-3)
    # E_L = −65 + (I_Na + I_K)(−65)/g_L puts rest at −65 exactly
    n, m, h = inf_by_hand(-65.0)
    el = -65 + (120 * m**3 * h * (-115) + 36 * n**4 * 12) / 0.3
    assert gating.hh_leak_reversal(-65.0) == pytest.approx(el, rel=1e-13)
    assert el == pytest.approx(-54.4011, abs=1e-4)
    assert gating.hh_rest(E_L=el)["V_rest"] == pytest.approx(-65.0, abs=1e-9)


@pytest.mark.parametrize("V", [-100.0, -80.0, -70.0, "rest", -60.0, -55.0, -50.0, -40.0, -20.0, 0])
def test_slope_conductance_analytic_vs_finite_difference(V):
    # Central difference with h = 1e-3 mV: truncation h²|I‴|/6 (≤ 1e-8 relative here) plus
    # rounding ε|I|/h (≈ 1e-11 relative), so 1e-6 relative leaves a margin of ≥ 100 while a
    # missing or wrong gating term (tens of % at rest: 1.167 vs the chord 0.678) fails at once.
    if V == "rest":
        V = gating.hh_rest()["V_rest"]
    h = 1e-3
    fd = (i_ss_by_hand(V + h) - i_ss_by_hand(V - h)) / (2 * h)
    assert gating.hh_slope_conductance(V) == pytest.approx(fd, rel=1e-6)


def test_slope_conductance_at_rest():
    r = gating.hh_rest()
    h = 1e-3
    V = r["V_rest"]
    fd = (i_ss_by_hand(V + h) - i_ss_by_hand(V - h)) / (2 * h)
    assert r["g_slope"] == pytest.approx(fd, rel=1e-6)
    assert r["g_slope"] == pytest.approx(1.1669, abs=1e-4)
    # larger than the chord conductance: K⁺ activation adds more than Na⁺ activation removes
    assert r["g_slope"] > r["g_chord"]


def test_hh_steady_iv_monotonic():
    # one resting state: the steady-state I–V rises everywhere (slope > 0.29 mS/cm²)
    V = np.linspace(-150.0, 50.0, 4001)
    assert np.all(gating.hh_slope_conductance(V) > 0.29)
    assert np.all(np.diff(gating.hh_steady_current_density(V)) > 0)


def test_hh_bad_input():
    with pytest.raises(VrestInputError):
        gating.hh_rates(float("nan"))
    with pytest.raises(VrestInputError):
        gating.hh_rates(-65.0, celsius=-300.0)
    with pytest.raises(VrestInputError):
        gating.hh_steady_current_density(np.zeros(3), E_L=np.zeros(2))
    assert gating.hh_steady_state("-65 mV") == pytest.approx(inf_by_hand(-65.0), rel=1e-13)


# ---- ten Tusscher–Panfilov 2006 I_K1 ----------------------------------------------------------


def x_k1_by_hand(d):
    """x_K1∞ at d = V − E_K (mV), the TTP06 formula typed in."""
    a = 0.1 / (1 + math.exp(0.06 * (d - 200)))
    b = (3 * math.exp(0.0002 * (d + 100)) + math.exp(0.1 * (d - 10))) / (1 + math.exp(-0.5 * d))
    return a / (a + b)


def e_k(k_o, k_i=140.0, celsius=37.0):
    return rtf_mV(celsius) * math.log(k_o / k_i)


def test_ik1_gate_by_hand():
    # d = −20: α = 0.1/(1 + e^−13.2) = 0.09999981, β = (3e^0.016 + e^−3)/(1 + e^10)
    #   = 3.098174/22027.47 = 1.40650e-4, x = 0.998595.
    # d = +20: α = 0.1/(1 + e^−10.8) = 0.09999796, β = (3e^0.024 + e)/(1 + e^−10)
    #   = 5.791153/1.0000454 = 5.790890, x = 0.0169750.
    assert gating.ik1_x_inf(-20.0, 0.0) == pytest.approx(0.998595, abs=1e-6)
    assert gating.ik1_x_inf(20.0, 0.0) == pytest.approx(0.0169750, abs=1e-7)
    for d in (-100.0, -20.0, -5.0, 0.0, 5.0, 20.0, 60.0, 150.0):
        assert gating.ik1_x_inf(d - 87.0, -87.0) == pytest.approx(x_k1_by_hand(d), rel=1e-13)
    # depends on V − E_K only
    assert gating.ik1_x_inf(-60.0, -80.0) == pytest.approx(gating.ik1_x_inf(-90.0, -110.0))


def test_ik1_current_formula_and_default_conductance():
    # I = 5.405 · √(K_o/5.4) · x(V − E_K) · (V − E_K) pA/pF (TTP06: G_K1 = 5.405 nS/pF)
    assert gating.TTP06_G_K1 == 5.405
    for k_o, V in ((5.4, -90.0), (2.0, -60.0), (12.0, -70.0)):
        ek = e_k(k_o)
        want = 5.405 * math.sqrt(k_o / 5.4) * x_k1_by_hand(V - ek) * (V - ek)
        assert gating.ik1_ttp06(V, k_o, ek) == pytest.approx(want, rel=1e-13)
    assert gating.ik1_ttp06(-90.0, 5.4, -87.0, G=0.0) == 0.0


@pytest.mark.parametrize("k_o", [2.0, 5.4, 12.0])
def test_ik1_reverses_at_e_k(k_o):
    ek = e_k(k_o)
    assert gating.ik1_ttp06(ek - 10, k_o, ek) < 0  # inward below E_K
    assert gating.ik1_ttp06(ek + 10, k_o, ek) > 0  # outward above
    assert gating.ik1_ttp06(ek, k_o, ek) == 0.0


@pytest.mark.parametrize("d", [-40.0, -10.0, 10.0, 25.0, 60.0])
def test_ik1_sqrt_k_o_scaling_at_fixed_driving_force(d):
    ref = gating.ik1_ttp06(-87.0 + d, 5.4, -87.0)
    for k_o in (2.0, 12.0, 20.0):
        ek = e_k(k_o)
        got = gating.ik1_ttp06(ek + d, k_o, ek)
        assert got / ref == pytest.approx(math.sqrt(k_o / 5.4), rel=1e-12)


def test_ik1_inward_rectification():
    # |I(E_K − 20)|/|I(E_K + 20)| = x(−20)/x(+20) = 0.998595/0.0169750 = 58.83 (same |V − E_K|),
    # so the inward current 20 mV below E_K exceeds k = 50 times the outward one 20 mV above.
    k = 50.0
    for k_o in (2.0, 5.4, 12.0):
        ek = e_k(k_o)
        inward = abs(gating.ik1_ttp06(ek - 20, k_o, ek))
        outward = abs(gating.ik1_ttp06(ek + 20, k_o, ek))
        assert inward > k * outward
        assert inward / outward == pytest.approx(58.83, abs=0.01)


def test_ik1_crossover_of_iv_curves():
    # E_K at 37 °C with [K]i = 140 mM: −113.5 (2 mM), −87.0 (5.4 mM), −65.7 (12 mM).
    # At −120 mV all three are inward and 12 mM the most (largest √K_o and V − E_K);
    # at −40 mV all are outward and 12 mM the most: its rectification starts ~21 mV later than
    # at 5.4 mM (x(25.7) = 0.0125 vs x(47) = 0.0025), which outweighs the smaller V − E_K.
    ko = (2.0, 5.4, 12.0)
    ek = [e_k(k) for k in ko]
    assert ek == pytest.approx([-113.55, -87.00, -65.66], abs=0.01)
    at = {V: [gating.ik1_ttp06(V, k, e) for k, e in zip(ko, ek)] for V in (-120.0, -40.0)}
    assert at[-120.0][2] < at[-120.0][1] < at[-120.0][0] < 0
    assert at[-40.0][2] > at[-40.0][1] > at[-40.0][0] > 0
    # so the 12 mM and 5.4 mM curves cross once between −120 and −40 mV
    V = np.linspace(-120.0, -40.0, 8001)
    diff = gating.ik1_ttp06(V, 12.0, ek[2]) - gating.ik1_ttp06(V, 5.4, ek[1])
    assert np.count_nonzero(np.diff(np.sign(diff))) == 1


def test_ik1_vectorised_and_bad_input():
    V = np.linspace(-120.0, 0.0, 7)
    got = gating.ik1_ttp06(V, 5.4, -87.0)
    assert got.shape == V.shape
    for v, g in zip(V, got):
        assert g == pytest.approx(5.405 * x_k1_by_hand(v + 87) * (v + 87), rel=1e-13)
    with warnings.catch_warnings():  # far outside the physiological range: no overflow noise
        warnings.simplefilter("error")
        far = gating.ik1_ttp06(np.array([-1e4, 1e4]), 5.4, -87.0)
    assert np.isfinite(far).all()
    with pytest.raises(VrestInputError):
        gating.ik1_ttp06(-80.0, 0.0, -87.0)
    with pytest.raises(VrestInputError):
        gating.ik1_ttp06(-80.0, 5.4, -87.0, G=-1.0)
    with pytest.raises(VrestInputError):
        gating.ik1_x_inf(np.zeros(3), np.zeros(2))
