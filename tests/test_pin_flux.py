"""Pin the chapter neuron's currents, molar fluxes (with the valence and its sign), concentration
drift, pump rate and energetics (issue 6 §7), each computed by hand here.

The chapter neuron (examples/cells/chapter_neuron.toml): K⁺ 140/4, Na⁺ 15/145, Cl⁻ 10/110 mM,
g = 100/4/45 nS, 37 °C, a 30 µm sphere, a 3 Na⁺ : 2 K⁺ pump in balance mode. Its primary model is
the chord model, and with the balance pump (V, I_p) solve the linear system

    Σ g_i (V − E_i) + I_p = 0                (no net current)
    I_p = −(n_na − n_k)/n_na · g_Na (V − E_Na)  (the pump's 3 Na⁺ per cycle extrude the influx)

Molar flux of ion i: Φ_i = I_i/(z_i F) (mol/s, I in A; efflux positive). For Cl⁻ (z = −1) an
inward current (I < 0, V < E_Cl) is an efflux: Φ > 0. Dropping z would flip that sign.

Tolerance: rel 1e-9 for quantities from this linear solve and exp/log of the concentrations:
float rounding is ~1e-15 relative, amplified ≤ 10× by the cancellation in V − E_Cl
(−18.7 mV out of ~80 mV); 1e-9 leaves room for a different but exact evaluation order.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from conftest import F_CODATA, ZERO_CELSIUS, approx, nernst_mV

import vrest

REL = 1e-9
E_CHARGE = 1.602176634e-19  # C, exact (SI 2019)
N_A = 6.02214076e23  # 1/mol, exact

IONS = {  # name: (c_in mM, c_out mM, z, g nS)
    "K": (140.0, 4.0, 1, 100.0),
    "Na": (15.0, 145.0, 1, 4.0),
    "Cl": (10.0, 110.0, -1, 45.0),
}
T_C = 37.0
RADIUS = 30.0  # µm


def hand_rest():
    """(V mV, I_pump pA, E dict mV, I dict pA) of the chapter neuron, solved here."""
    E = {n: nernst_mV(ci, co, z, T_C) for n, (ci, co, z, _g) in IONS.items()}
    g = {n: v[3] for n, v in IONS.items()}
    k = (3 - 2) / 3
    G = sum(g.values())
    S = sum(g[n] * E[n] for n in g)
    # unknowns (V, I_p):  G·V + I_p = S;   k·g_Na·V + I_p = k·g_Na·E_Na
    A = np.array([[G, 1.0], [k * g["Na"], 1.0]])
    b = np.array([S, k * g["Na"] * E["Na"]])
    V, ip = np.linalg.solve(A, b)
    I = {n: g[n] * (V - E[n]) for n in g}
    return float(V), float(ip), E, I


@pytest.fixture(scope="module")
def res():
    return vrest.solve_rest(vrest.load_cell("examples/cells/chapter_neuron.toml"))


def test_rest_potential_and_pump_current_by_hand(res):
    V, ip, E, I = hand_rest()
    assert res.V == approx(V, rel=REL)
    assert res.i_pump == approx(ip, rel=REL)
    for n in IONS:
        assert res.ion(n).E == approx(E[n], rel=REL)
        assert res.ion(n).current == approx(I[n], rel=REL)


def test_chloride_is_an_efflux_at_rest(res):
    # chapter §3: V (−82.8 mV here) < E_Cl (−64.1 mV), so Cl⁻ leaves the cell: the current is
    # inward (negative) and the flux, I/(zF) with z = −1, positive
    V, _ip, E, I = hand_rest()
    assert V < E["Cl"]
    cl = res.ion("Cl")
    assert cl.current < 0
    assert cl.flux > 0
    assert cl.flux == approx(abs(I["Cl"]) * 1e-12 / F_CODATA, rel=REL)  # pA → A, /F


@pytest.mark.parametrize("name", list(IONS))
def test_each_flux_is_current_over_zF(res, name):
    _V, _ip, _E, I = hand_rest()
    z = IONS[name][2]
    flux = I[name] * 1e-12 / (z * F_CODATA)  # mol/s, efflux positive
    assert res.ion(name).flux == approx(flux, rel=REL)
    # signs: K⁺ leaves, Na⁺ enters, Cl⁻ leaves
    assert math.copysign(1, res.ion(name).flux) == {"K": 1, "Na": -1, "Cl": 1}[name]


def test_net_flux_includes_the_pump_and_the_valence(res):
    # net flux = (passive + pump share)/(zF): the pump moves 3 Na⁺ out (+3 I_p) and 2 K⁺ in
    # (−2 I_p) per net charge; K⁺ still leaves (I_K ≈ 1224 pA > 2 I_p ≈ 382 pA), Na⁺ is balanced,
    # and Cl⁻ (no transporter) leaves: its inward current over z = −1 is a positive flux
    _V, ip, _E, I = hand_rest()
    k_net = (I["K"] - 2 * ip) * 1e-12 / F_CODATA
    cl_net = I["Cl"] * 1e-12 / (-1 * F_CODATA)
    assert k_net > 0 and cl_net > 0
    assert res.ion("K").net_flux == approx(k_net, rel=REL)
    assert res.ion("Cl").net_flux == approx(cl_net, rel=REL)
    # Na⁺: the balance leaves only rounding of a ~600 pA current (~1e-13 relative)
    assert abs(res.ion("Na").net_flux) < 1e-9 * abs(I["Na"]) * 1e-12 / F_CODATA


def test_concentration_drift_by_hand(res):
    # d[X]_in/dt = −(net outward current)/(zF)/volume; the pump adds +3 I_p of Na⁺ (outward) and
    # −2 I_p of K⁺ (inward). Volume 4/3 π r³ µm³, 1 µm³ = 1e-15 L; mol/(L·s) → mM/s: × 1e3
    _V, ip, _E, I = hand_rest()
    vol_L = 4 / 3 * math.pi * RADIUS**3 * 1e-15
    pump = {"K": -2 * ip, "Na": 3 * ip, "Cl": 0.0}
    for n, (_ci, _co, z, _g) in IONS.items():
        net_A = (I[n] + pump[n]) * 1e-12
        expect = -net_A / (z * F_CODATA) / vol_L * 1e3
        got = res.ion(n).dcin_dt
        if n == "Na":  # balanced by the pump: only rounding of a ~600 pA current is left
            assert abs(got) < 1e-12 * 600e-12 / F_CODATA / vol_L * 1e3 * 1e3
        else:
            assert got == approx(expect, rel=1e-9)
            assert got < 0  # K⁺ and Cl⁻ both leave the cell


def test_pump_rate_and_dissipation_by_hand(res):
    V, ip, E, I = hand_rest()
    # one net charge per cycle: cycles/s = I_p / e
    assert res.atp_rate == approx(ip * 1e-12 / E_CHARGE, rel=REL)
    # dissipation Σ I_i (V − E_i): pA × mV = 1e-12 A × 1e-3 V = 1e-15 W
    diss = sum(I[n] * (V - E[n]) for n in IONS) * 1e-15
    assert res.dissipation == approx(diss, rel=REL)
    assert res.entropy_production == approx(diss / (T_C + ZERO_CELSIUS), rel=REL)
    # pump work: per cycle 3 Na⁺ out against (E_Na − V) and 2 K⁺ in against (V − E_K),
    # e·mV = 1e-3 e J
    per_cycle_J = E_CHARGE * 1e-3 * (3 * (E["Na"] - V) + 2 * (V - E["K"]))
    assert res.pump_work == approx(ip * 1e-12 / E_CHARGE * per_cycle_J, rel=REL)


def test_atp_power_uses_avogadro(res):
    # ATP/s × |ΔG_ATP| (kJ/mol → J per molecule: × 1e3 / N_A)
    assert res.atp_power == approx(res.atp_rate * abs(res.dG_atp) * 1e3 / N_A, rel=1e-12)
