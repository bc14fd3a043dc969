"""The pump–leak cell with volume, water and impermeant anions (vrest.dynamics, issue 7 "Model"),
and the true NESS (vrest.dynamics.ness).

Expected numbers are derived here from the equations, with the analytic Donnan solution of
vrest.donnan (a separate module, solved by its own root finder) or with SciPy's brentq on
equations written out in the test, never read back from the time course."""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from conftest import F_CODATA, R_CODATA, ZERO_CELSIUS, fd_jacobian, rtf_mV

import vrest
from vrest.cell import Impermeant, Water
from vrest.dynamics import Protocol, simulate
from vrest.dynamics.ness import solve_ness
from vrest.errors import CellFileError, SolverError, VrestInputError

CELLS = Path(__file__).resolve().parents[1] / "examples" / "cells"
V_W = 18e-6  # m³/mol, partial molar volume of water


def small_cell(
    bath_cl: float = 110.0,
    r: float = 5.0,
    pump: object = None,
    water: object = None,
    impermeant: object = None,
) -> vrest.Cell:
    """The chapter neuron's concentrations and specific leaks (g_K 100 nS on a 30 µm sphere,
    K : Na : Cl = 1 : 0.04 : 0.45) on a smaller sphere (run-down ∝ r: faster tests).
    ``bath_cl`` 110 mM is the chapter's (149 mM cations against 110 mM Cl⁻); 149 mM makes the
    bath electroneutral with permeant ions alone."""
    s = (r / 30.0) ** 2
    ions = {
        "K": {"c_in": 140, "c_out": 4, "g": 100 * s},
        "Na": {"c_in": 15, "c_out": 145, "g": 4 * s},
        "Cl": {"c_in": 10, "c_out": bath_cl, "g": 45 * s},
    }
    return vrest.Cell(ions, radius=r, pump=pump, water=water, impermeant=impermeant)


def kinetic_neuron() -> vrest.Cell:
    """The chapter neuron with a kinetic (Luo–Rudy) pump of i_max 800 pA."""
    cell = vrest.load_cell(CELLS / "chapter_neuron.toml")
    return cell.with_pump(vrest.Pump(mode="kinetic", i_max=800.0))


# ---- the cell file tables ------------------------------------------------------------------------
def test_impermeant_and_water_tables(tmp_path):
    text = (CELLS / "chapter_neuron.toml").read_text() + (
        '\n[impermeant]\namount = "15 pmol"\nz = -1.2\n\n[water]\nP_f = "2e-3 cm/s"\n'
        'wall = "10 kPa"\n'
    )
    f = tmp_path / "c.toml"
    f.write_text(text)
    cell = vrest.load_cell(f)
    assert cell.impermeant == Impermeant(z=-1.2, amount=15000.0)  # fmol
    assert cell.water == Water(P_f=20.0, wall=10.0)  # µm/s, kPa
    back = vrest.Cell.from_dict(cell.to_dict())
    assert back.impermeant == cell.impermeant and back.water == cell.water
    assert vrest.Cell.from_dict(cell.to_dict() | {"water": "none"}).water is None
    # an amount is c × volume: 133 mM × 4/3 π (30 µm)³ = 1.5042e7 amol = 15042 fmol
    imp = Impermeant(z=-1, c=133)
    assert imp.amount_fmol(4 / 3 * math.pi * 30**3) == pytest.approx(133 * 4 / 3 * math.pi * 27)
    assert Water(P_f="20 um/s", wall="0.15 bar").wall == pytest.approx(15.0)


@pytest.mark.parametrize(
    "table,field",
    [
        ('[impermeant]\nc = "100 mM"', "impermeant.z"),  # a missing charge
        ("[impermeant]\nc = 100\nz = -1", "impermeant.c"),  # a missing unit
        ('[impermeant]\nc = "100 mM"\namount = "1 fmol"\nz = -1', "impermeant"),
        ('[impermeant]\nc = "100 mM"\nz = -20', "impermeant.z"),
        ('[impermeant]\nc = "-1 mM"\nz = -1', "impermeant.c"),
        ('[impermeant]\nc = "1 mM"\nz = -1\nq = 1', "impermeant.q"),
        ("[water]\nP_f = 20", "water.P_f"),  # a missing unit
        ('[water]\nP_f = "20 um/s"\nwall = "10 mV"', "water.wall"),
        ('[water]\nP_f = "-20 um/s"', "water.P_f"),
        ('[water]\nwall = "10 kPa"', "water.P_f"),
    ],
)
def test_bad_tables(tmp_path, table, field):
    f = tmp_path / "c.toml"
    f.write_text((CELLS / "chapter_neuron.toml").read_text() + "\n" + table + "\n")
    with pytest.raises(CellFileError) as exc:
        vrest.load_cell(f)
    assert exc.value.field.endswith(": " + field)


def test_a_start_that_is_not_neutral_or_not_isotonic_is_refused():
    with pytest.raises(VrestInputError, match=r"z = -1\.090"):  # neutral: 145/133
        simulate(small_cell(impermeant={"c": 133, "z": -1.2}), None, 1.0)
    # permeant ions inside alone above the bath's osmolarity (298 mOsm): no room for impermeants
    cell = small_cell(water={"P_f": 20}).with_ion("K", c_in=280)
    with pytest.raises(VrestInputError, match="osmolarity"):
        simulate(cell, None, 1.0)


# ---- the derived impermeant and the bath ---------------------------------------------------------
def test_derived_impermeant_and_balancing_bath_anion_are_said():
    """Isotonic: [imp] = osm_out − Σ[X]i = (149 + 110 + 39) − 165 = 133 mM, the bath's 39 mM of
    unbalanced cations getting an impermeant anion; electroneutral: z = (q_C − 145)/133 with
    q_C = 1e3 C V0/(F w), the capacitor's charge (mM)."""
    cell = small_cell(water={"P_f": 20})
    tc = simulate(cell, None, 1.0, log_s=0.5)
    eq = tc._eq
    V0 = vrest.solve_rest(cell).V
    C, w = cell.capacitance_pF, cell.volume_um3
    q_c = 1e3 * C * V0 / (F_CODATA * w)
    assert eq.n_imp / w == pytest.approx(133.0, rel=1e-12)
    assert eq.z_imp == pytest.approx((q_c - 145.0) / 133.0, rel=1e-12)
    assert eq.a_out == 39.0 and eq.z_a == -1.0
    text = tc.table()
    assert "derived (Düsterwald et al. 2018)" in text and "impermeant monovalent anion, 39" in text
    assert "volume µm³" in text and "assumptions" in tc.summary()
    assert "volume_um3" in tc.to_dataframe().columns


# ---- conservation and charge ---------------------------------------------------------------------
def test_each_amount_changes_only_by_its_membrane_flux():
    """No pump, water, chord leaks: the amounts N_X = [X]i·w (amol) change by −∫ I_X/(z F) dt,
    I_X = g_X (V − E_X) evaluated here from the samples (Simpson's rule on 0.25 s, error ~1e-9
    relative; the pA → amol factor 1e-12 A/pA × 1e18 amol/mol = 1e6), while the cell swells.
    And the charge: C (V − V0) = 1e-3 F Σ z ΔN (pF·mV = fC; amol × C/mol × 1e-18 × 1e15 =
    1e-3 fC)."""
    from scipy.integrate import cumulative_simpson

    cell = small_cell(water={"P_f": 20})
    tc = simulate(cell, None, 600.0, log_s=0.25)
    rtf = rtf_mV(37)
    N = tc.amounts()
    for x, ion in cell.ions.items():
        E = rtf / ion.z * np.log(ion.c_out / tc.c_in[x])
        I = ion.g * (tc.V - E)
        flux = -1e6 * I / (ion.z * F_CODATA)
        integral = cumulative_simpson(flux, x=tc.t, initial=0.0)
        moved = N[x] - N[x][0]
        assert abs(moved[-1]) > 1e3  # amol: a real change (Na⁺ loads, K⁺ leaves)
        assert np.max(np.abs(moved - integral)) < 1e-6 * np.max(np.abs(moved)), x
    assert tc.volume[-1] > tc.volume[0] * 1.001  # it swelled while doing so
    C = cell.capacitance_pF
    dq = sum(cell.ions[x].z * (N[x] - N[x][0]) for x in cell.ions)
    assert np.max(np.abs(C * (tc.V - tc.V[0]) - 1e-3 * F_CODATA * dq)) < 1e-6 * C


def test_an_ion_nothing_moves_keeps_its_amount_while_the_cell_swells():
    """K⁺ blocked: NaCl enters, the cell swells by ~10 %, [K]i falls by dilution alone."""
    cell = small_cell(water={"P_f": 20}).with_ion("K", g=0.0)
    tc = simulate(cell, None, 600.0, log_s=10.0)
    n_k = tc.c_in["K"] * tc.volume
    assert np.max(np.abs(n_k / n_k[0] - 1)) < 1e-12  # BDF keeps linear invariants
    assert tc.volume[-1] / tc.volume[0] > 1.05
    assert tc.c_in["K"][-1] == pytest.approx(140 * tc.volume[0] / tc.volume[-1], rel=1e-12)


def test_charge_balance_v_equals_the_state_v_and_follows_the_electroneutral_v():
    """Charge balance: V = F w (Σ z [X]i + z_imp [imp]) / C (mV: 1e-3 F (Σ z N + z_imp N_imp)/C)
    at every sample, to rounding (it is a linear invariant and the start is set on it). The
    electroneutral simplification takes V from Σ I(V) = 0 at each moment's concentrations: right
    after the pump stops, V lags it by the pump's share (~1 mV) and relaxes with τ = C/G
    (0.76 ms); 20 ms (26 τ) later it agrees to τ·|dV/dt| (≈ 1e-5 mV) plus the root's tolerance.
    Throughout, the inside is electroneutral to C·V/(F w) ≈ 1e-3 mM out of ~300 mM."""
    cell = replace(kinetic_neuron(), water={"P_f": 20})
    tc = simulate(cell, Protocol.atp_cut(1.0), 60.0, log_s=1e-3)
    vq = tc.charge_voltage()
    assert np.max(np.abs(vq - tc.V)) < 1e-6  # mV, of V ≈ −83 mV moving by several mV
    assert abs(tc.V[-1] - tc.V[0]) > 1
    jump = tc.zero_current_v(1.0) - tc.value_at(1.0)["V_mV"]
    assert abs(jump) > 0.5  # at the block the two differ by the pump's share
    G = sum(i.g for i in cell.ions.values())
    tau_s = cell.capacitance_pF / G * 1e-3
    for t in (1.02, 10.0, 60.0):
        lag = tau_s * abs(tc.rates(t)["V_mV_s"])
        assert abs(tc.value_at(t)["V_mV"] - tc.zero_current_v(t)) < 2 * lag + 1e-9, t
    w = tc.volume
    imp = tc._eq.n_imp / w
    net = sum(cell.ions[x].z * tc.c_in[x] for x in cell.ions) + tc._eq.z_imp * imp
    cap = 1e3 * cell.capacitance_pF * tc.V / (F_CODATA * w)
    assert np.max(np.abs(net - cap)) < 1e-9 and np.max(np.abs(cap)) < 2e-3


# ---- the long-time limits without a pump ---------------------------------------------------------
def _donnan_with_capacitor(cell, x_mM, z_imp, celsius=37.0):
    """The analytic Donnan state (vrest.donnan) of ``cell``'s bath (with its 39 mM balancing
    impermeant anion) and ``x_mM`` impermeant of charge ``z_imp``, the capacitor's charge
    1e3 C V/(F w) (≈ 1e-3 mM) added as a second impermeant species and iterated to V."""
    bath = {n: i.c_out for n, i in cell.ions.items()}
    net_out = sum(i.z * i.c_out for i in cell.ions.values())
    out = {"A": (net_out, -1)} if net_out else None
    k = 1e3 * cell.capacitance_pF / (F_CODATA * cell.volume_um3)  # mM per mV
    V = 0.0
    for _ in range(5):
        # the inside's ions and impermeant carry q_C = k V, i.e. Σ z c + z_imp X − k V = 0
        imp = {"X": (x_mM, z_imp)}
        if V:
            imp["cap"] = (abs(k * V), -math.copysign(1.0, V))
        res = vrest.donnan_equilibrium(bath, imp, celsius=celsius, impermeant_out=out)
        V = res.V
    return res


def test_donnan_limit_at_fixed_volume():
    """No pump, fixed volume, impermeant 133 mM of charge z (neutral at the start): after the
    run-down the cell is at the Donnan state. Against vrest.donnan with the capacitor's charge:
    1e-9 mV and 1e-9 relative (measured 2e-14 mV, 1e-15); against the plain electroneutral
    Donnan state the difference is that charge, ~1e-3 mM: 4.0e-4 mV here (bound 1e-3 mV)."""
    z = -145.0 / 133.0
    cell = small_cell(impermeant={"c": 133.0, "z": z})
    tc = simulate(cell, None, 3e6, log_s=1e5)
    eq = tc._eq
    end = tc.value_at(3e6)
    ref = _donnan_with_capacitor(cell, 133.0, eq.z_imp)
    assert end["V_mV"] == pytest.approx(ref.V, abs=1e-9)
    for x in cell.ions:
        assert end[f"{x}_in_mM"] == pytest.approx(ref.c_in[x], rel=1e-9), x
    plain = vrest.donnan_equilibrium(
        {n: i.c_out for n, i in cell.ions.items()},
        {"X": (133.0, z)},
        impermeant_out={"A": (39, -1)},
    )
    assert end["V_mV"] == pytest.approx(plain.V, abs=1e-3)
    assert abs(end["V_mV"] - tc.V[0]) > 30  # from −82.8 mV to the Donnan potential
    # and the NESS solver, with no pump, finds the same equilibrium
    ness = solve_ness(cell)
    assert ness.V == pytest.approx(ref.V, abs=1e-9)


def _balance_volume(cell, n_imp, z_imp, wall_kpa=0.0, celsius=37.0):
    """The volume (µm³) where the Donnan state of the impermeant amount ``n_imp`` (amol) is
    osmotically balanced: osm_in − osm_out = ΔP/RT with ΔP = k (w/w0 − 1) beyond w0 (kPa →
    1e3 Pa; Pa/(J/mol) = mol/m³ = mM). Solved with brentq on the analytic Donnan state."""
    from scipy.optimize import brentq

    bath = {n: i.c_out for n, i in cell.ions.items()}
    net_out = sum(i.z * i.c_out for i in cell.ions.values())
    out = {"A": (net_out, -1)} if net_out else None
    osm_out = sum(bath.values()) + net_out
    w0 = cell.volume_um3
    rt = R_CODATA * (celsius + ZERO_CELSIUS)

    def gap(w):
        res = vrest.donnan_equilibrium(
            bath, {"X": (n_imp / w, z_imp)}, celsius=celsius, impermeant_out=out
        )
        p = wall_kpa * 1e3 / rt * max(w / w0 - 1, 0.0)
        return sum(res.c_in.values()) + n_imp / w - osm_out - p

    return brentq(gap, w0 * 0.5, w0 * 100, xtol=1e-12 * w0, rtol=1e-14)


def test_colloid_osmotic_swelling_without_bound():
    """Water, no wall, no pump, a bath of permeant ions only (Cl⁻ 149 mM): NaCl enters, water
    follows, and the impermeant's osmotic excess is never relieved: the cell swells
    monotonically without end while V → 0 (Tosteson & Hoffman 1960). Late on, water is nearly
    in osmotic balance (the gap is ~1 % of [imp]) and the salt entry, driven by the distance from
    the Donnan state of the diluted impermeant, sets the pace: w² grows linearly in t and V
    falls as the fixed charge density, V ∝ −1/w (measured: both constant within 1 % over the
    last decade)."""
    cell = small_cell(bath_cl=149.0, water={"P_f": 20})
    tc = simulate(cell, None, 2e7, log_s=1e6)
    w, V, t = tc.volume, tc.V, tc.t
    assert np.all(np.diff(w) > 0)  # every sample larger than the last
    assert w[-1] > 100 * w[0]
    assert np.all(np.diff(V[1:]) > 0) and -0.3 < V[-1] < 0  # mV, toward 0 from below
    late = t >= 1e6
    slope = np.diff(w[late] ** 2) / np.diff(t[late])
    assert np.max(np.abs(slope / slope[-1] - 1)) < 0.03
    vw = V[late] * w[late]
    assert np.max(np.abs(vw / vw[-1] - 1)) < 0.03
    eq = tc._eq
    for k in range(1, len(t)):  # still hyperosmotic inside: it never stops
        c = np.array([tc.c_in[x][k] for x in eq.names])
        assert eq.osmotic_gap(c, w[k], eq.c_out()) > 0
    with pytest.raises(SolverError, match="no NESS"):
        solve_ness(cell, t_settle_s=1e7)


def test_a_wall_gives_a_finite_end_volume():
    """The same cell with a wall of k = 50 kPa: the end volume is where the Donnan state's
    osmotic excess equals the wall's pressure ΔP/RT (brentq on vrest.donnan here); the time
    course reaches it and the NESS solver finds it."""
    cell = small_cell(bath_cl=149.0, water={"P_f": 20, "wall": "50 kPa"})
    ness = solve_ness(cell)
    want = _balance_volume(cell, ness._eq.n_imp, ness._eq.z_imp, wall_kpa=50.0)
    # brentq's Donnan states are neutral; the model's inside carries the capacitor's charge
    # (~1e-3 mM of ~300): measured 1.0e-7 relative
    assert ness.volume_um3 == pytest.approx(want, rel=1e-6)
    assert ness.volume_um3 > cell.volume_um3 * 1.01
    tc = simulate(cell, None, 2e6, log_s=2e5)
    assert tc.volume[-1] == pytest.approx(ness.volume_um3, rel=1e-6)
    assert np.all(np.diff(tc.volume) >= -1e-8 * ness.volume_um3)  # no overshoot (rtol 1e-8)


def test_the_chapter_bath_holds_the_volume_by_itself_double_donnan():
    """The chapter bath with its balancing impermeant anion (39 mM) and no wall: as the cell
    swells, the inside tends to a Donnan state with no fixed charge, whose osmolarity
    (2 √(149·110) = 256 mM) is below the bath's 298: swelling stops at the volume where the two
    Donnan ratios balance the osmolarities (the "double Donnan"), found with brentq here."""
    cell = small_cell(water={"P_f": 20})
    ness = solve_ness(cell)
    want = _balance_volume(cell, ness._eq.n_imp, ness._eq.z_imp)
    assert ness.volume_um3 == pytest.approx(want, rel=1e-6)  # measured 2e-8 (3.45 w0)
    assert cell.volume_um3 < ness.volume_um3 < 5 * cell.volume_um3


# ---- the NESS ------------------------------------------------------------------------------------
def _still(tc, rel=1e-9):
    worst = np.max(np.abs(tc.V / tc.V[0] - 1))
    for c in tc.c_in.values():
        worst = max(worst, np.max(np.abs(c / c[0] - 1)))
    if tc.volume is not None:
        worst = max(worst, np.max(np.abs(tc.volume / tc.volume[0] - 1)))
    return worst < rel, worst


@pytest.mark.parametrize("water", [None, {"P_f": 20, "wall": "none"}])
def test_ness_of_the_chapter_neuron_with_a_kinetic_pump_holds_still_for_an_hour(water):
    cell = replace(kinetic_neuron(), water=water)
    ness = solve_ness(cell)
    # a true NESS by the rest analysis of the cell described there (an independent solver)
    rest = vrest.solve_rest(ness.cell)
    assert rest.state == "NESS"
    assert rest.V == pytest.approx(ness.V, abs=1e-6)
    # E_Cl = V: Cl⁻ has only its leak, so it must sit at its Nernst potential
    e_cl = -rtf_mV(37) * math.log(110.0 / ness.c_in["Cl"])
    assert e_cl == pytest.approx(ness.V, abs=1e-9)
    tc = simulate(cell, None, 3600.0, log_s=60.0, start="ness")
    ok, worst = _still(tc)
    assert ok, worst
    assert "start: the NESS" in tc.table()
    # and from the described cell with the NESS's own start mapping
    tc2 = simulate(ness.cell, None, 3600.0, log_s=600.0, start=ness.start())
    assert _still(tc2)[0]


def test_ness_with_nkcc1_holds_still_for_an_hour():
    """The NKCC1 neuron with a kinetic pump: Cl⁻ is held above its passive level (E_Cl > V)."""
    cell = vrest.load_cell(CELLS / "chapter_neuron_nkcc1.toml")
    cell = cell.with_pump(vrest.Pump(mode="kinetic", i_max=800.0))
    ness = solve_ness(cell)
    e_cl = -rtf_mV(37) * math.log(110.0 / ness.c_in["Cl"])
    assert e_cl > ness.V + 5  # NKCC1 loads Cl⁻
    assert vrest.solve_rest(ness.cell).state == "NESS"
    tc = simulate(cell, None, 3600.0, log_s=60.0, start="ness")
    ok, worst = _still(tc)
    assert ok, worst


def test_ness_refuses_a_constant_rate_pump_unless_asked():
    cell = vrest.load_cell(CELLS / "chapter_neuron.toml")  # a balance pump
    with pytest.raises(VrestInputError, match="kinetic"):
        solve_ness(cell)
    with pytest.raises(VrestInputError, match="kinetic"):
        simulate(cell, None, 10.0, start="ness")
    # asked: held at its rest rate, Cl⁻ settles at E_Cl = V and the leaks carry the pump's 3:2
    ness = solve_ness(cell, constant_pump=True)
    assert ness.pump_rate == pytest.approx(vrest.solve_rest(cell).atp_rate, rel=1e-12)
    assert vrest.solve_rest(ness.cell).state == "NESS"


# ---- the Jacobian with water ---------------------------------------------------------------------
@pytest.mark.parametrize("model", ["chord", "ghk"])
@pytest.mark.parametrize("wall", [None, "50 kPa"])
def test_water_jacobian_matches_finite_differences(model, wall):
    """State (V, N amol, w µm³), swollen 20 % (the wall pressing where there is one), a kinetic
    pump and NKCC1: the analytic Jacobian against central differences."""
    from vrest.dynamics import PumpLeak

    cell = vrest.load_cell(CELLS / "chapter_neuron_nkcc1.toml")
    cell = replace(cell.with_pump(vrest.Pump(mode="kinetic", i_max=800.0)), water=Water(20, wall))
    eq = PumpLeak.of(cell, model, v0=-80.0)
    w = 1.2 * cell.volume_um3
    y = eq.native(-60.0, eq.mem.c_in * np.linspace(0.8, 1.2, 3), w)
    co = eq.c_out()
    J = eq.jac(y, 1.0, co)
    num = fd_jacobian(eq, y, co, 1e-6)
    scale = np.max(np.abs(num), axis=1, keepdims=True)
    assert np.max(np.abs(J - num) / scale) < 1e-6
