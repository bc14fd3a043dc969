"""Donnan equilibrium: checked against the laws that define it, never against vrest's own output.

The laws (Donnan 1911; Keener & Sneyd, Mathematical Physiology I, 2nd ed., §2.6.3):
every permeant ion is at its Nernst potential, c_in/c_out = exp(−zFV/RT) (so for a KCl bath
[K]_in[Cl]_in = [K]_out[Cl]_out, the Donnan product), and each compartment is electroneutral.
Osmotic pressures are van 't Hoff's Π = Δc·R·T.
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

from vrest import nernst
from vrest.donnan import (
    DonnanResult,
    DonnanTwoCompartmentResult,
    donnan_equilibrium,
    donnan_two_compartments,
    osmotic_pressure,
)
from vrest.errors import VrestInputError


def rt_f(celsius: float) -> float:
    """RT/F in mV, from the CODATA constants (independent of vrest's helpers)."""
    return 1e3 * R * (celsius + ZERO_CELSIUS) / F


def charge_in(res: DonnanResult) -> tuple[float, float]:
    """(Σ z c inside, Σ |z| c inside) over permeant and impermeant species."""
    q = sum(res.z[k] * c for k, c in res.c_in.items())
    q += sum(res.impermeant_z[k] * c for k, c in res.impermeant_in.items())
    s = sum(abs(res.z[k]) * c for k, c in res.c_in.items())
    s += sum(abs(res.impermeant_z[k]) * c for k, c in res.impermeant_in.items())
    return q, s


# --- cell in an infinite bath -----------------------------------------------------------------


@pytest.mark.parametrize("method", ["auto", "closed", "numeric"])
def test_classic_kcl_with_impermeant_anion(method):
    # KCl bath c = 100 mM, impermeant monovalent anion A = 150 mM inside. Solving the two laws by
    # hand: [K]_in = [Cl]_in + A and [K]_in[Cl]_in = c² give [K]_in = A/2 + √(A²/4 + c²)
    # = 75 + 125 = 200 mM and [Cl]_in = 50 mM; r = 2; V = −(RT/F) ln 2; the osmotic excess is
    # (200 + 50 + 150) − (100 + 100) = 200 mOsm, Π = 200 mol/m³ · RT. Exact numbers, so only
    # round-off is allowed (rel 1e-12; the numeric root is to 1e-12 mV, rel 1e-10).
    tol = 1e-12 if method != "numeric" else 1e-10
    res = donnan_equilibrium({"K": 100.0, "Cl": 100.0}, {"A": (150.0, -1)}, method=method)
    assert res.c_in["K"] == pytest.approx(200.0, rel=tol)
    assert res.c_in["Cl"] == pytest.approx(50.0, rel=tol)
    assert res.c_in["K"] * res.c_in["Cl"] == pytest.approx(100.0 * 100.0, rel=tol)
    assert res.r == pytest.approx(2.0, rel=tol)
    assert res.V == pytest.approx(-rt_f(37.0) * math.log(2.0), rel=tol)
    assert res.osmotic_excess == pytest.approx(200.0, rel=tol)
    assert res.osmotic_pressure_kPa == pytest.approx(200.0 * R * 310.15 * 1e-3, rel=tol)
    assert res.method == ("closed" if method == "auto" else method)


def test_each_permeant_ion_at_its_nernst_potential():
    # Equilibrium: the Nernst potential of every permeant ion (vrest.nernst, a separate code path)
    # equals the Donnan potential; any valences. The root is found to 1e-12 mV → abs 1e-9 mV.
    c_out = {"Na": 140.0, "K": 5.0, "Ca": 2.0, "Mg": 1.0, "Cl": 151.0}
    res = donnan_equilibrium(c_out, {"prot": (40.0, -2.5), "ATP": (5.0, -4)}, celsius=25.0)
    assert res.method == "numeric"
    for k, co in c_out.items():
        assert nernst(res.c_in[k], co, res.z[k], celsius=25.0) == pytest.approx(res.V, abs=1e-9)
        assert res.c_in[k] / co == pytest.approx(res.r ** res.z[k], rel=1e-10)
    q, s = charge_in(res)
    assert abs(q) < 1e-10 * s
    # generalised Donnan products: [Na][Cl] and [Ca][Cl]² are the same on both sides
    assert res.c_in["Na"] * res.c_in["Cl"] == pytest.approx(140.0 * 151.0, rel=1e-10)
    assert res.c_in["Ca"] * res.c_in["Cl"] ** 2 == pytest.approx(2.0 * 151.0**2, rel=1e-10)


def test_cacl2_bath_against_cubic():
    # CaCl₂ bath (Ca c, Cl 2c), impermeant charge Q (mM of charge) inside; with r = e^(−FV/RT):
    # 2c·r² − 2c/r + Q = 0 ⇔ 2c r³ + Q r − 2c = 0, a cubic with one positive root (Descartes),
    # solved here independently with numpy.roots. Companion-matrix roots: rel 1e-9.
    c, Q = 10.0, -30.0
    roots = np.roots([2 * c, 0.0, Q, -2 * c])
    r = float(next(x.real for x in roots if abs(x.imag) < 1e-12 and x.real > 0))
    res = donnan_equilibrium({"Ca": c, "Cl": 2 * c}, {"X": (15.0, -2)})
    assert res.r == pytest.approx(r, rel=1e-9)
    assert res.c_in["Ca"] == pytest.approx(c * r * r, rel=1e-9)
    assert res.c_in["Cl"] == pytest.approx(2 * c / r, rel=1e-9)


@pytest.mark.parametrize(
    ("c_out", "imp"),
    [
        ({"K": 100.0, "Cl": 100.0}, {"A": (150.0, -1)}),
        ({"Na": 145.0, "K": 5.0, "Cl": 150.0}, {"A": (120.0, -1), "B": (3.0, -3)}),
        ({"Na": 150.0, "Cl": 150.0}, {"P": (80.0, +1)}),  # positive fixed charge
        ({"K": 1.0, "Cl": 1.0}, {"A": (300.0, -1)}),  # extreme ratio
        ({"K": 10.0, "Cl": 10.0}, {"A": (2.0, -20)}),  # polyvalent (e.g. a protein)
    ],
)
def test_closed_form_and_numeric_agree(c_out, imp):
    # two independent solutions (quadratic in r vs bracketing in V) agree to the root tolerance
    a = donnan_equilibrium(c_out, imp, method="closed")
    b = donnan_equilibrium(c_out, imp, method="numeric")
    assert a.V == pytest.approx(b.V, abs=1e-9)
    for k in c_out:
        assert a.c_in[k] == pytest.approx(b.c_in[k], rel=1e-9)


def test_sign_of_donnan_potential_follows_fixed_charge():
    # a negative fixed charge attracts cations: V < 0; a positive one: V > 0
    assert donnan_equilibrium({"K": 100, "Cl": 100}, {"A": (50, -1)}).V < 0
    assert donnan_equilibrium({"K": 100, "Cl": 100}, {"A": (50, +1)}).V > 0


def test_uncharged_impermeant_gives_no_potential():
    # a neutral osmolyte (sucrose, z = 0): no charge to balance, V = 0 exactly, and the osmotic
    # excess is the osmolyte itself (exact)
    res = donnan_equilibrium({"Na": 150.0, "Cl": 150.0}, {"sucrose": (30.0, 0)})
    assert res.V == 0.0 or abs(res.V) < 1e-12
    assert res.osmotic_excess == pytest.approx(30.0, rel=1e-12)
    assert res.c_in == pytest.approx({"Na": 150.0, "Cl": 150.0}, rel=1e-12)


def test_same_impermeants_both_sides_is_symmetric():
    # identical impermeant anions inside and in the bath: nothing drives a potential (exact)
    res = donnan_equilibrium(
        {"Na": 150.0, "Cl": 50.0}, {"A": (100.0, -1)}, impermeant_out={"A": (100.0, -1)}
    )
    assert abs(res.V) < 1e-12
    assert abs(res.osmotic_excess) < 1e-9


def test_impermeant_given_by_ion_name():
    # an ion of the table as impermeant (e.g. Na⁺ trapped inside) takes its table valence, +1
    a = donnan_equilibrium({"K": 100.0, "Cl": 100.0}, {"Na": 20.0})
    b = donnan_equilibrium({"K": 100.0, "Cl": 100.0}, {"Na": (20.0, 1)})
    assert a.V == b.V
    assert a.impermeant_z["Na"] == 1.0


def test_temperature_scales_potential_only():
    # the concentrations do not depend on T (r is set by the ion amounts); V ∝ T exactly
    a = donnan_equilibrium({"K": 100, "Cl": 100}, {"A": (150, -1)}, celsius=0.0)
    b = donnan_equilibrium({"K": 100, "Cl": 100}, {"A": (150, -1)}, celsius=37.0)
    assert a.r == pytest.approx(b.r, rel=1e-12)
    assert a.V / b.V == pytest.approx(273.15 / 310.15, rel=1e-12)


@settings(max_examples=80, deadline=None)
@given(
    k=st.floats(min_value=0.5, max_value=300.0),
    na=st.floats(min_value=0.5, max_value=300.0),
    a=st.floats(min_value=0.1, max_value=500.0),
    za=st.sampled_from([-1, -2, -3, 1, 2]),
)
def test_property_electroneutral_equal_ratios_positive_excess(k, na, a, za):
    # For any KCl + NaCl bath and any impermeant charge inside:
    # (1) the inside is electroneutral (rel 1e-9 of the total ionic charge: root tolerance);
    # (2) all monovalent cations share one ratio r and the anion has 1/r;
    # (3) the osmotic excess is ≥ the impermeant concentration (> 0): with a neutral bath
    #     Σ c_out (e^(−z u) − 1) ≥ Σ c_out (−z u) = 0 since e^y − 1 ≥ y.
    res = donnan_equilibrium({"K": k, "Na": na, "Cl": k + na}, {"X": (a, za)})
    q, s = charge_in(res)
    assert abs(q) <= 1e-9 * s
    assert res.c_in["K"] / k == pytest.approx(res.r, rel=1e-9)
    assert res.c_in["Na"] / na == pytest.approx(res.r, rel=1e-9)
    assert res.c_in["Cl"] / (k + na) == pytest.approx(1.0 / res.r, rel=1e-9)
    assert res.osmotic_excess >= a * (1 - 1e-9) > 0
    assert res.osmotic_pressure_kPa > 0


@settings(max_examples=40, deadline=None)
@given(
    ca=st.floats(min_value=0.1, max_value=50.0),
    nacl=st.floats(min_value=1.0, max_value=300.0),
    a=st.floats(min_value=0.1, max_value=200.0),
    za=st.sampled_from([-1, -2, -5]),
)
def test_property_any_valence_equilibrium(ca, nacl, a, za):
    # numeric path with a divalent ion: electroneutral inside; c_in/c_out = r^z for every ion
    c_out = {"Ca": ca, "Na": nacl, "Cl": nacl + 2 * ca}
    res = donnan_equilibrium(c_out, {"X": (a, za)})
    q, s = charge_in(res)
    assert abs(q) <= 1e-9 * s
    for ion, co in c_out.items():
        assert res.c_in[ion] / co == pytest.approx(res.r ** res.z[ion], rel=1e-9)
    assert res.osmotic_excess >= a * (1 - 1e-9)


def test_result_to_dict_and_dataframe():
    res = donnan_equilibrium({"K": 100.0, "Cl": 100.0}, {"A": (150.0, -1)})
    d = res.to_dict()
    assert d["V"] == res.V and d["c_in"] == res.c_in and d["impermeant_in"] == {"A": 150.0}
    df = res.to_dataframe()
    assert list(df.index) == ["K", "Cl", "A"]
    assert df.loc["K", "c_in_mM"] == res.c_in["K"]
    assert not df.loc["A", "permeant"]
    assert df.attrs["V"] == res.V
    with pytest.raises(AttributeError):  # frozen
        res.V = 0.0  # type: ignore[misc]


def test_osmotic_pressure_van_t_hoff():
    # Π = Δc·R·T: 1 mOsm = 1 mol/m³ at 310.15 K → R·310.15 Pa = 2.5787 kPa (exact arithmetic)
    assert osmotic_pressure(1.0) == pytest.approx(R * 310.15e-3, rel=1e-14)
    assert osmotic_pressure(np.array([1.0, -2.0]), celsius=0.0) == pytest.approx(
        [R * 273.15e-3, -2 * R * 273.15e-3], rel=1e-14
    )


# --- two compartments -------------------------------------------------------------------------


@pytest.mark.parametrize(("c1", "c2"), [(10.0, 10.0), (100.0, 10.0), (1.0, 150.0)])
def test_donnan_1911_equal_volumes(c1, c2):
    # Donnan (1911): Na⁺R⁻ at c1 in compartment 1, NaCl at c2 in compartment 2, equal volumes.
    # x mM of NaCl moves 2 → 1 with (c1 + x)·x = (c2 − x)², i.e. x = c2²/(c1 + 2c2). Exact up to
    # the root tolerance (rel 1e-9).
    res = donnan_two_compartments({"Na": c1}, {"Na": c2, "Cl": c2}, 1.0, 1.0, {"R": (c1, -1)})
    x = c2**2 / (c1 + 2 * c2)
    assert res.c1["Na"] == pytest.approx(c1 + x, rel=1e-9)
    assert res.c1["Cl"] == pytest.approx(x, rel=1e-9)
    assert res.c2["Na"] == pytest.approx(c2 - x, rel=1e-9)
    assert res.c2["Cl"] == pytest.approx(c2 - x, rel=1e-9)
    assert res.V == pytest.approx(rt_f(37.0) * math.log((c2 - x) / (c1 + x)), rel=1e-9)
    osm = (c1 + x) + x + c1 - 2 * (c2 - x)
    assert res.osmotic_difference == pytest.approx(osm, rel=1e-9)
    assert res.osmotic_pressure_kPa == pytest.approx(osm * R * 310.15e-3, rel=1e-9)


@pytest.mark.parametrize(("v1", "v2"), [(1.0, 3.0), (5.0, 0.2), (2.0, 2.0)])
def test_two_compartments_conservation_neutrality_products(v1, v2):
    # unequal volumes, divalent ions, impermeants on both sides: amounts conserved (rel 1e-12 of
    # the total), both compartments neutral, every ion in Nernst equilibrium at ψ1 − ψ2 (1e-9 mV)
    c1 = {"K": 120.0, "Na": 10.0, "Cl": 20.0, "Ca": 1.0}
    c2 = {"K": 5.0, "Na": 140.0, "Cl": 145.0, "Ca": 2.0}
    imp1 = {"A": (56.0, -2)}
    imp2 = {"B": (4.0, -1)}
    res = donnan_two_compartments(c1, c2, v1, v2, imp1, imp2)
    for k in c1:
        assert res.c1[k] * v1 + res.c2[k] * v2 == pytest.approx(c1[k] * v1 + c2[k] * v2, rel=1e-12)
        assert nernst(res.c1[k], res.c2[k], res.z[k]) == pytest.approx(res.V, abs=1e-9)
    for conc, imp in ((res.c1, imp1), (res.c2, imp2)):
        q = sum(res.z[k] * c for k, c in conc.items()) + sum(c * z for c, z in imp.values())
        s = sum(abs(res.z[k]) * c for k, c in conc.items()) + sum(
            abs(c * z) for c, z in imp.values()
        )
        assert abs(q) < 1e-9 * s


def test_two_compartments_large_bath_limit():
    # a compartment 2 a billion times bigger is an infinite bath: its concentrations don't move
    # (relative change ~ vol1/vol2 = 1e-9), so compartment 1 matches the bath solution (rel 1e-6)
    big = donnan_two_compartments(
        {"K": 100.0, "Cl": 100.0}, {"K": 100.0, "Cl": 100.0}, 1.0, 1e9, {"A": (150.0, -1)}
    )
    bath = donnan_equilibrium({"K": 100.0, "Cl": 100.0}, {"A": (150.0, -1)})
    assert big.c1["K"] == pytest.approx(bath.c_in["K"], rel=1e-6)
    assert big.c1["Cl"] == pytest.approx(bath.c_in["Cl"], rel=1e-6)
    assert big.V == pytest.approx(bath.V, rel=1e-6)


def test_two_compartments_no_impermeants_mix_evenly():
    # without impermeant charges the ions just mix: c = total amount / total volume, V = 0
    res = donnan_two_compartments({"K": 100.0, "Cl": 100.0}, {"K": 10.0, "Cl": 10.0}, 1.0, 2.0)
    assert res.c1["K"] == pytest.approx(40.0, rel=1e-9)
    assert res.c2["Cl"] == pytest.approx(40.0, rel=1e-9)
    assert abs(res.V) < 1e-9


def test_two_compartment_result_frame():
    res = donnan_two_compartments({"Na": 10.0}, {"Na": 10.0, "Cl": 10.0}, 1, 1, {"R": (10.0, -1)})
    assert isinstance(res, DonnanTwoCompartmentResult)
    df = res.to_dataframe()
    assert set(df.index) == {"Na", "Cl", "R"}
    assert df.loc["R", "c2_mM"] == 0.0
    assert res.to_dict()["c1"] == res.c1


# --- bad input ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "kwargs", "field"),
    [
        (({"K": 100.0, "Cl": 90.0}, {"A": (10.0, -1)}), {}, "c_out"),  # bath not neutral
        (({"K": -1.0, "Cl": 100.0}, {"A": (10.0, -1)}), {}, "c_out['K']"),
        (({"K": 0.0, "Cl": 100.0}, {"A": (10.0, -1)}), {}, "c_out['K']"),
        (({"K": float("nan"), "Cl": 1.0}, {}), {}, "c_out['K']"),
        (({"K": 100.0, "Cl": 100.0}, {"A": (-5.0, -1)}), {}, "impermeant['A']"),
        (({"K": 100.0, "Cl": 100.0}, {"A": (5.0, float("nan"))}), {}, "impermeant['A'].z"),
        (({"K": 100.0, "Cl": 100.0}, {"A": (5.0, -1, 3)}), {}, "impermeant['A']"),
        (({"K": 100.0, "Cl": 100.0}, {"A": 5.0}), {}, "impermeant['A']"),  # unknown, no z
        (({"Foo": 100.0, "Cl": 100.0}, {"A": (5.0, -1)}), {}, "z['Foo']"),  # unknown, no z
        (({"K": 100.0, "Cl": 100.0}, {"A": (5.0, -1)}), {"z": {"K": 2}}, "z['K']"),  # wrong z
        (({"Ca": 1.0, "Cl": 2.0}, {"A": (5.0, -1)}), {"method": "closed"}, "method"),
        (({"K": 1.0, "Cl": 1.0}, {"A": (5.0, -1)}), {"method": "newton"}, "method"),
        # permeant anions only, negative fixed charge: nothing can neutralise the inside
        (({"Cl": 10.0}, {"A": (5.0, -1)}), {"impermeant_out": {"B": (10.0, 1)}}, "c_out"),
        (({"K": 1.0, "Cl": 1.0}, {"A": (5.0, -1)}), {"celsius": float("nan")}, "celsius"),
        (({"K": "100 mV", "Cl": 1.0}, {}), {}, "c_out['K']"),  # wrong unit
        (({"K": 1.0, "Cl": 1.0}, {"Na": (5.0, -1)}), {}, "impermeant['Na'].z"),  # Na⁺ is +1
        (({"K": 1.0, "Cl": 1.0}, {"K": (5.0, 1)}), {}, "impermeant['K']"),  # both kinds
        (({"K": 1.0, "Cl": 1.0}, [(5.0, -1)]), {}, "impermeant"),  # not a dict
    ],
)
def test_bath_bad_input(args, kwargs, field):
    with pytest.raises(VrestInputError) as exc:
        donnan_equilibrium(*args, **kwargs)
    assert exc.value.field == field
    assert field in str(exc.value)


def test_units_accepted():
    a = donnan_equilibrium({"K": "100 mM", "Cl": "0.1 M"}, {"A": ("150 mM", -1)})
    assert a.c_in["K"] == pytest.approx(200.0, rel=1e-12)


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (({"K": 10.0, "Cl": 10.0}, {"K": 10.0}, 1.0, 1.0), "c1"),  # not neutral overall
        (({"K": 10.0, "Cl": 10.0}, {"K": 1.0, "Cl": 1.0}, -1.0, 1.0), "vol1"),
        (({"K": 10.0, "Cl": 10.0}, {"K": 1.0, "Cl": 1.0}, 1.0, 0.0), "vol2"),
        (({"K": 10.0, "Cl": 10.0, "Na": 0.0}, {"K": 1.0, "Cl": 1.0}, 1.0, 1.0), "c1['Na']"),
        (({"K": -10.0, "Cl": 10.0}, {"K": 1.0, "Cl": 1.0}, 1.0, 1.0), "c1['K']"),
        # only cations permeant and fixed anions only in compartment 1: every K⁺ would have to
        # stay in 1 (compartment 2 empty, V → −∞)
        (({"K": 10.0}, {}, 1.0, 1.0, {"A": (10.0, -1)}), "c1"),
        (({"K": 5.0, "Cl": 5.0}, {"K": 5.0}, 1.0, 1.0, None, {"A": (5.0, -1)}, {"K": 2}), "z['K']"),
    ],
)
def test_two_compartment_bad_input(args, field):
    with pytest.raises(VrestInputError) as exc:
        donnan_two_compartments(*args)
    assert exc.value.field == field
