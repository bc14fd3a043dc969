"""Each number of the chapter (shared/seed/resting-potential-chapter.md, §1–7) that vrest
computes, pinned twice (issue 6 §7):

1. vrest's value against the same quantity computed here from the physics (CODATA R and F typed
   into conftest.py), to float rounding: ``REL = 1e-12`` for closed formulas (a few roundings of
   1.1e-16), ``REL_SOLVE = 1e-9`` for values from a linear solve with a cancellation such as
   V − E (≤ 100× amplification, with margin);
2. that hand value against the chapter's own quoted number, to the rounding of the quote: half a
   unit of its last digit ("≈ −95" → ±0.5 mV), or what the chapter's own inconsistency forces
   (stated where used).

The chapter's ranges in ``vrest.chapter`` (some, such as −100…0 mV for §6, can hardly fail) are
not used here; the tests pin the numbers themselves.
"""

from __future__ import annotations

import math

import numpy as np
from conftest import R_CODATA, ZERO_CELSIUS, approx, nernst_mV

import vrest
from vrest.chapter import chapter_numbers

REL = 1e-12
REL_SOLVE = 1e-9
CHAPTER = "examples/cells/chapter_neuron.toml"


# ---- §1 Nernst potentials (K 140/4, Na 15/145, Cl 10/110 mM, 37 °C) -------------------------
def test_E_K():
    hand = nernst_mV(140, 4, 1, 37.0)
    assert round(hand, 2) == -95.02
    assert vrest.nernst(140, 4, 1, celsius=37) == approx(hand, rel=REL)
    assert abs(hand - -95) <= 0.5  # the chapter: "≈ −95 mV"
    # the chapter's own arithmetic (8.314, 310 K, 96485) gives −94.97: the same to ±0.5
    assert abs(8.314 * 310 / 96485 * math.log(4 / 140) * 1e3 - -95) <= 0.5


def test_E_Na():
    hand = nernst_mV(15, 145, 1, 37.0)
    assert round(hand, 1) == 60.6
    assert vrest.nernst(15, 145, 1, celsius=37) == approx(hand, rel=REL)
    # the chapter quotes "≈ +60" in §2 and uses "+61" in §3 for the same ion: 60.6 is within
    # half a unit of 61, and the "+60" is a truncation (within 1 mV)
    assert abs(hand - 61) <= 0.5 and abs(hand - 60) < 1.0


def test_E_Cl():
    hand = nernst_mV(10, 110, -1, 37.0)
    assert round(hand, 1) == -64.1
    assert vrest.nernst(10, 110, -1, celsius=37) == approx(hand, rel=REL)
    # the chapter: "≈ −65" (§2) and "−64" (§3): within half a unit of −64, within 1 of −65
    assert abs(hand - -64) <= 0.5 and abs(hand - -65) < 1.0


# ---- §3 chord conductance ---------------------------------------------------------------------
G3 = {"K": 1.0, "Na": 0.04, "Cl": 0.45}
E3 = {"K": -89.0, "Na": 61.0, "Cl": -64.0}


def test_chord_voltage():
    hand = (1 * -89 + 0.04 * 61 + 0.45 * -64) / (1 + 0.04 + 0.45)
    assert round(hand, 2) == -77.42
    assert vrest.chord_voltage(G3, E3) == approx(hand, rel=REL)
    assert abs(hand - -77) <= 0.5  # the chapter: "≈ −77 mV"


def test_chord_voltage_chloride_blocked():
    hand = (-89 + 0.04 * 61) / 1.04
    assert round(hand, 2) == -83.23
    assert vrest.chord_voltage(G3 | {"Cl": 0.0}, E3) == approx(hand, rel=REL)
    assert abs(hand - -83) <= 0.5  # the chapter: "约 −83 mV"
    assert hand < (1 * -89 + 0.04 * 61 + 0.45 * -64) / 1.49  # blocking Cl⁻ hyperpolarizes


# ---- §4 selectivity ---------------------------------------------------------------------------
def test_permeability_ratio_from_ddG():
    x = 12000 / (R_CODATA * 310)  # ΔΔG/RT at 310 K
    hand = math.exp(x)
    assert round(hand, 1) == 105.2
    assert vrest.permeability_ratio_from_ddG(12, celsius=310 - ZERO_CELSIUS) == approx(
        hand, rel=REL
    )
    # the chapter: "≈ e^4.66 ≈ 105": exponent to ±0.005, ratio to ±0.5
    assert abs(x - 4.66) <= 0.005 and abs(hand - 105) <= 0.5


def test_chapter_rows_hold_the_hand_values():
    # vrest.chapter's own rows carry these numbers (not only an "agrees" flag)
    ours = {r.quantity: r.ours for r in chapter_numbers()}
    assert ours["E_K"] == approx(nernst_mV(140, 4, 1, 37.0), rel=REL)
    assert ours["E_Na"] == approx(nernst_mV(15, 145, 1, 37.0), rel=REL)
    assert ours["E_Cl"] == approx(nernst_mV(10, 110, -1, 37.0), rel=REL)
    assert ours["V (chord conductance)"] == approx(-115.36 / 1.49, rel=REL)
    assert ours["V with Cl⁻ channels blocked"] == approx((-89 + 0.04 * 61) / 1.04, rel=REL)
    assert ours["P_K/P_Na from ΔΔG = 12 kJ/mol"] == approx(
        math.exp(12000 / (R_CODATA * 310)), rel=REL
    )


# ---- §5 the chapter neuron: pump current and contribution --------------------------------------
IONS = {"K": (140.0, 4.0, 1, 100.0), "Na": (15.0, 145.0, 1, 4.0), "Cl": (10.0, 110.0, -1, 45.0)}


def hand_neuron(celsius=37.0, g_scale=1.0, i_pump=None):
    """(V mV, I_pump pA, G nS) of the chapter neuron's chord model at ``celsius`` with the leaks
    scaled by ``g_scale``: with a balance pump (``i_pump`` None) solve
        Σ g_i (V − E_i) + I_p = 0,   I_p = −(3 − 2)/3 · g_Na (V − E_Na)
    as a 2×2 linear system; with a fixed pump current, V = (Σ g_i E_i − I_p)/Σ g_i."""
    E = {n: nernst_mV(ci, co, z, celsius) for n, (ci, co, z, _g) in IONS.items()}
    g = {n: v[3] * g_scale for n, v in IONS.items()}
    G = sum(g.values())
    S = sum(g[n] * E[n] for n in g)
    if i_pump is not None:
        return (S - i_pump) / G, i_pump, G
    k = 1 / 3
    V, ip = np.linalg.solve([[G, 1.0], [k * g["Na"], 1.0]], [S, k * g["Na"] * E["Na"]])
    return float(V), float(ip), G


def test_pump_contribution():
    _V, ip, G = hand_neuron()
    res = vrest.solve_rest(vrest.load_cell(CHAPTER))
    assert res.i_pump == approx(ip, rel=REL_SOLVE)
    assert res.G_total == approx(149.0, rel=REL)
    # ΔV_pump = −I_pump/G_total (chord): −191.2/149 = −1.28 mV
    assert res.pump_contribution == approx(-ip / G, rel=REL_SOLVE)
    assert -5 <= -ip / G <= -1  # the chapter: "−1 to −5 mV" in a typical neuron


# ---- §6 temperature: 37 → 27 °C, pump Q10 3, leak Q10 1.3 ---------------------------------------
def test_cooling_to_27_scales_pump_by_q10_3_and_leaks_by_1_3():
    _V37, ip37, _G = hand_neuron()
    ip27 = ip37 / 3.0 ** ((37 - 27) / 10)
    assert round(ip27, 1) == 63.7
    res = vrest.solve_rest(vrest.load_cell(CHAPTER).at_celsius(27))
    for n, v in IONS.items():  # the leaks at 27 °C: g(37 °C) × 1.3^(−1)
        assert res.ion(n).g == approx(v[3] / 1.3, rel=REL)
    assert res.i_pump == approx(ip27, rel=REL_SOLVE)
    V27, _, _G27 = hand_neuron(27.0, 1 / 1.3, ip27)
    assert res.V == approx(V27, rel=REL_SOLVE)
    assert res.G_total == approx(149.0 / 1.3, rel=REL)


def test_warming_27_to_37_hyperpolarizes_and_grows_the_pump_contribution():
    V37, ip37, _G37 = hand_neuron()
    ip27 = ip37 / 3.0
    V27, _, _G27 = hand_neuron(27.0, 1 / 1.3, ip27)
    assert V37 - V27 == approx(-3.355051550836748, rel=1e-9)  # the chapter: warming → V < 0
    assert V37 < V27
    cell = vrest.load_cell(CHAPTER)
    r37, r27 = vrest.solve_rest(cell), vrest.solve_rest(cell.at_celsius(27))
    assert r37.V - r27.V == approx(V37 - V27, rel=1e-8)
    # the pump's share grows by Q10_pump/Q10_leak = 3/1.3 (chord model: ΔV = −I_p/G)
    assert r37.pump_contribution / r27.pump_contribution == approx(3 / 1.3, rel=1e-9)


# ---- §7 entropy production ------------------------------------------------------------------
def test_entropy_production():
    V, _ip, _G = hand_neuron()
    E = {n: nernst_mV(ci, co, z, 37.0) for n, (ci, co, z, _g) in IONS.items()}
    # P = Σ g (V − E)²: nS × mV² = 1e-9 S × 1e-6 V² = 1e-15 W; Ṡ = P/T
    power = sum(v[3] * (V - E[n]) ** 2 for n, v in IONS.items()) * 1e-15
    hand = power / (37.0 + ZERO_CELSIUS)
    res = vrest.solve_rest(vrest.load_cell(CHAPTER))
    assert res.dissipation == approx(power, rel=REL_SOLVE)
    assert res.entropy_production == approx(hand, rel=REL_SOLVE)
    # the chapter's 3.46e-13 J/(K·s) is for a neuron whose parameters it does not give; the
    # chapter neuron's sizes were chosen to land at that order (within a factor of 2)
    assert 3.46e-13 / 2 < hand < 3.46e-13 * 2
