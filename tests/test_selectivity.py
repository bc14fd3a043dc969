"""Selectivity: transition-state permeability ratios and bi-ionic reversal potentials.

Expected values come from the chapter (ΔΔG = 12 kJ/mol at 310 K → P_K/P_Na ≈ 105) or from
closed forms in the literature (Hille 2001 ch. 14; Fatt & Ginsborg 1958; Lewis 1979), evaluated
independently here with the CODATA constants, never from vrest's own output.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from conftest import F_CODATA as F
from conftest import R_CODATA as R
from conftest import ZERO_CELSIUS
from hypothesis import given, settings
from hypothesis import strategies as st

from vrest import ghk_voltage
from vrest.errors import VrestInputError
from vrest.selectivity import (
    biionic_reversal_potential,
    ddG_from_permeability_ratio,
    permeability_ratio_biionic,
    permeability_ratio_from_ddG,
)

T310_C = 310.0 - ZERO_CELSIUS  # the chapter's 310 K in °C (36.85 °C)


def f_rt(celsius: float) -> float:
    """F/RT in 1/mV (independent of vrest's kernels)."""
    return F / (R * (celsius + ZERO_CELSIUS)) * 1e-3


# --- transition-state theory ------------------------------------------------------------------


def test_chapter_ddG_12_kJ_gives_105():
    # The chapter: ΔΔG = 12 kJ/mol at 310 K → exponent 4.66 and P_K/P_Na ≈ 105. The chapter rounds
    # the exponent to 3 significant figures (±0.005) and the ratio to the nearest integer; e^4.655
    # … e^4.665 spans 105.1 … 106.2, and e^(12000/(R·310)) = 105.2, so accept 104–106.
    ratio = permeability_ratio_from_ddG(12.0, celsius=T310_C)
    assert 104.0 <= ratio <= 106.0
    assert math.log(ratio) == pytest.approx(4.66, abs=0.005)
    # and exactly the definition exp(ΔΔG/RT) (float round-off only)
    assert ratio == pytest.approx(math.exp(12e3 / (R * 310.0)), rel=1e-12)


def test_ddG_default_temperature_is_37C():
    # default celsius = 37 °C (310.15 K): exp(12000/(R·310.15)), round-off only
    assert permeability_ratio_from_ddG(12.0) == pytest.approx(
        math.exp(12e3 / (R * 310.15)), rel=1e-12
    )


def test_inverse_of_chapter_ratio():
    # RT ln 105 at 310 K = 2.5775 kJ/mol × 4.6540 = 11.996 kJ/mol: the chapter's "12 kJ/mol" to
    # the 2 significant figures it quotes
    dg = ddG_from_permeability_ratio(105.0, celsius=T310_C)
    assert dg == pytest.approx(12.0, abs=0.05)
    assert dg == pytest.approx(R * 310.0 * math.log(105.0) * 1e-3, rel=1e-12)


def test_ddG_sign_and_zero():
    # ΔΔG = 0: equal barriers, equal permeabilities; −ΔΔG inverts the ratio (exact identities)
    assert permeability_ratio_from_ddG(0.0) == 1.0
    r = permeability_ratio_from_ddG(7.5, celsius=20.0)
    assert permeability_ratio_from_ddG(-7.5, celsius=20.0) == pytest.approx(1.0 / r, rel=1e-14)


def test_ddG_broadcasts():
    dg = np.array([0.0, 6.0, 12.0])
    out = permeability_ratio_from_ddG(dg, celsius=T310_C)
    assert out.shape == (3,)
    assert out == pytest.approx(np.exp(dg * 1e3 / (R * 310.0)), rel=1e-12)


@settings(max_examples=60, deadline=None)
@given(
    ratio=st.floats(min_value=1e-6, max_value=1e6),
    celsius=st.floats(min_value=0.0, max_value=45.0),
)
def test_ddG_round_trip(ratio, celsius):
    # ratio → ΔΔG → ratio is the identity up to double-precision round-off (a few ulp of ln)
    dg = ddG_from_permeability_ratio(ratio, celsius=celsius)
    assert permeability_ratio_from_ddG(dg, celsius=celsius) == pytest.approx(ratio, rel=1e-12)


# --- bi-ionic reversal potentials -----------------------------------------------------------


@pytest.mark.parametrize("E", [-80.0, -30.0, -1e-9, 0.0, 12.5, 40.0])
def test_biionic_monovalent_closed_form(E):
    # Hille (2001) ch. 14: P_B/P_A = ([A]_i/[B]_o) exp(FE/RT) for cations A inside, B outside.
    # Same physics, independent arithmetic: agreement to round-off (rel 1e-12).
    a_in, b_out, c = 140.0, 100.0, 22.0
    expected = a_in / b_out * math.exp(E * f_rt(c))
    got = permeability_ratio_biionic(E, a_in, b_out, celsius=c, test="Na", ref="K")
    assert got == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("E", [-60.0, -5.0, 0.0, 25.0])
def test_biionic_monovalent_anions(E):
    # anions (z = −1): the sign of the exponent flips, P_B/P_A = ([A]_i/[B]_o) exp(−FE/RT)
    expected = 120.0 / 150.0 * math.exp(-E * f_rt(37.0))
    got = permeability_ratio_biionic(E, 120.0, 150.0, test="Br", ref="Cl")
    assert got == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("E", [-60.0, -20.0, 0.0, 10.0, 35.0])
def test_biionic_divalent_fatt_ginsborg_lewis(E):
    # Fatt & Ginsborg (1958); Lewis (1979): divalent test cation outside, monovalent reference
    # inside: P_Ca/P_Cs = [Cs]_i/(4[Ca]_o) · e^(FE/RT) · (1 + e^(FE/RT)). Round-off only.
    cs_in, ca_out, c = 150.0, 20.0, 20.0
    w = math.exp(E * f_rt(c))
    expected = cs_in / (4.0 * ca_out) * w * (1.0 + w)
    got = permeability_ratio_biionic(E, cs_in, ca_out, celsius=c, test="Ca", ref="Cs")
    assert got == pytest.approx(expected, rel=1e-12)
    # explicit valences give the same answer as names
    assert permeability_ratio_biionic(E, cs_in, ca_out, z_test=2, z_ref=1, celsius=c) == (
        pytest.approx(expected, rel=1e-12)
    )


def test_biionic_broadcasts_over_E():
    E = np.array([-50.0, 0.0, 30.0])
    out = permeability_ratio_biionic(E, 150.0, 150.0)
    assert out.shape == (3,)
    assert out == pytest.approx(np.exp(E * f_rt(37.0)), rel=1e-12)


def test_biionic_reversal_potential_monovalent_closed_form():
    # Hille (2001) ch. 14: E = (RT/F) ln(P_B[B]_o / (P_A[A]_i)); P_K/P_Na = 105 with 150 mM on
    # each side: E = −(RT/F) ln 105. Root tolerance 1e-12 mV → compare to 1e-9 mV.
    expected = math.log(1 / 105.0) / f_rt(37.0)
    E = biionic_reversal_potential(1 / 105.0, 150.0, 150.0, test="Na", ref="K")
    assert E == pytest.approx(expected, abs=1e-9)


@settings(max_examples=60, deadline=None)
@given(
    ratio=st.floats(min_value=1e-3, max_value=1e3),
    c_ref=st.floats(min_value=1.0, max_value=500.0),
    c_test=st.floats(min_value=1.0, max_value=500.0),
    zt=st.sampled_from([1, 2, 3]),
    zr=st.sampled_from([1, 2]),
)
def test_biionic_round_trip(ratio, c_ref, c_test, zt, zr):
    # ratio → E_rev (root) → ratio; the root is found to 1e-12 mV, so rel 1e-8 is generous
    E = biionic_reversal_potential(ratio, c_ref, c_test, z_test=zt, z_ref=zr)
    back = permeability_ratio_biionic(E, c_ref, c_test, z_test=zt, z_ref=zr)
    assert back == pytest.approx(ratio, rel=1e-8)


def test_general_two_ions_both_sides_matches_ghk_voltage():
    # Both ions on both sides: the GHK voltage (vrest.ghk_voltage, monovalent closed form) at
    # P_Na/P_K = 0.04 must give back 0.04 (round-off of a log and an exp: rel 1e-10).
    c_in = {"K": 140.0, "Na": 12.0}
    c_out = {"K": 4.0, "Na": 145.0}
    V = ghk_voltage({"K": 1.0, "Na": 0.04}, c_in, c_out)
    got = permeability_ratio_biionic(
        V, 140.0, 145.0, test="Na", ref="K", c_ref_out=4.0, c_test_in=12.0
    )
    assert got == pytest.approx(0.04, rel=1e-10)


def test_general_divalent_both_sides_matches_ghk_quadratic():
    # Divalent test ion on both sides vs the GHK quadratic (Spangler 1972; Lewis 1979) in ghk.py
    c_in = {"Cs": 140.0, "Ca": 1e-4}
    c_out = {"Cs": 5.0, "Ca": 10.0}
    V = ghk_voltage({"Cs": 1.0, "Ca": 0.3}, c_in, c_out, method="quadratic")
    got = permeability_ratio_biionic(
        V, 140.0, 10.0, test="Ca", ref="Cs", c_ref_out=5.0, c_test_in=1e-4
    )
    assert got == pytest.approx(0.3, rel=1e-9)


# --- bad input ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"E_rev": 0.0, "c_ref_in": 0.0, "c_test_out": 100.0}, "c_ref_in"),
        ({"E_rev": 0.0, "c_ref_in": 100.0, "c_test_out": -1.0}, "c_test_out"),
        ({"E_rev": 0.0, "c_ref_in": 100.0, "c_test_out": float("nan")}, "c_test_out"),
        ({"E_rev": float("nan"), "c_ref_in": 100.0, "c_test_out": 100.0}, "E_rev"),
        ({"E_rev": 0.0, "c_ref_in": 100.0, "c_test_out": 100.0, "z_test": 0}, "z_test"),
        ({"E_rev": 0.0, "c_ref_in": 100.0, "c_test_out": 100.0, "z_test": 1.5}, "z_test"),
        # the table says Ca²⁺: z = 1 contradicts it
        ({"E_rev": 0.0, "c_ref_in": 1.0, "c_test_out": 1.0, "test": "Ca", "z_test": 1}, "z_test"),
        # unknown ion without a valence
        ({"E_rev": 0.0, "c_ref_in": 1.0, "c_test_out": 1.0, "ref": "Xyz"}, "ref"),
        # cation inside, anion outside: both carry outward current, no reversal potential
        ({"E_rev": 0.0, "c_ref_in": 1.0, "c_test_out": 1.0, "test": "Cl", "ref": "K"}, "z_test"),
        ({"E_rev": 0.0, "c_ref_in": 1.0, "c_test_out": 1.0, "c_test_in": -2.0}, "c_test_in"),
        # both sides: E_rev beyond the Nernst potentials of both ions gives a negative ratio
        (
            {
                "E_rev": 100.0,
                "c_ref_in": 140.0,
                "c_test_out": 145.0,
                "c_ref_out": 4.0,
                "c_test_in": 12.0,
            },
            "E_rev",
        ),
        ({"E_rev": 0.0, "c_ref_in": 1.0, "c_test_out": 1.0, "celsius": -300.0}, "celsius"),
    ],
)
def test_biionic_bad_input(kwargs, field):
    with pytest.raises(VrestInputError) as exc:
        permeability_ratio_biionic(**kwargs)
    assert exc.value.field == field
    assert field in str(exc.value)


@pytest.mark.parametrize(
    ("func", "arg", "field"),
    [
        (ddG_from_permeability_ratio, 0.0, "ratio"),
        (ddG_from_permeability_ratio, -3.0, "ratio"),
        (ddG_from_permeability_ratio, float("nan"), "ratio"),
        (permeability_ratio_from_ddG, float("nan"), "ddG"),
        (permeability_ratio_from_ddG, float("inf"), "ddG"),
        (permeability_ratio_from_ddG, 1e6, "ddG"),  # exp overflows
        (permeability_ratio_from_ddG, "12 mV", "ddG"),  # wrong unit
    ],
)
def test_ddG_bad_input(func, arg, field):
    with pytest.raises(VrestInputError) as exc:
        func(arg)
    assert exc.value.field == field


def test_ddG_accepts_units():
    # 12 kJ/mol = 12000 J/mol = 2.868 kcal/mol: unit conversion is exact for kJ/J
    assert permeability_ratio_from_ddG("12000 J/mol") == permeability_ratio_from_ddG(12.0)


def test_biionic_reversal_potential_bad_input():
    with pytest.raises(VrestInputError) as exc:
        biionic_reversal_potential(0.0, 150.0, 150.0)
    assert exc.value.field == "ratio"
    with pytest.raises(VrestInputError) as exc:
        biionic_reversal_potential(1.0, 150.0, 150.0, test="Cl", ref="Na")
    assert exc.value.field == "z_test"
