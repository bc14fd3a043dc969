"""Time courses of a pump–leak cell (vrest.dynamics): the pump stops, the gradients run down.

Every expected number here is derived in the test from the equations (unit conversions spelled
out) or produced by an independent program (the Myokit peer, /work/shared/peers/), never read
back from vrest's own time course."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from conftest import F_CODATA, fd_jacobian, rtf_mV

import vrest
from vrest.dynamics import Event, Protocol, PumpLeak, atp_cut, simulate
from vrest.errors import SolverError, VrestError, VrestInputError

CELLS = Path(__file__).resolve().parents[1] / "examples" / "cells"


def ness() -> vrest.Cell:
    return vrest.load_cell(CELLS / "ness_neuron.toml")


def peer_cell(
    leak: str = "ghk",
    r: float = 10.0,
    V0: float = -70.0,
    Nai: float = 10.0,
    Ki: float = 140.0,
    Nao: float = 145.0,
    Ko: float = 5.0,
    Clo: float = 110.0,
    celsius: float = 37.0,
    imax_uA_cm2: float = 1.0,
    km_na: float = 10.0,
    km_k: float = 1.5,
    cl_ratio: float = 0.45,
) -> vrest.Cell:
    """The Myokit peer's cell (/work/shared/peers/myokit_pumpleak.py), built as the peer does:
    a kinetic pump I_p = I_max ([Na]i/([Na]i + K_Na))³ ([K]o/([K]o + K_K))² with
    I_max = 1 µA/cm² × area, and leaks chosen so that t = 0 is a steady state: [Cl]i from
    E_Cl = V0, I_Na = −3 I_p0, I_K = +2 I_p0, P_Cl = 0.45 P_K (or g's for linear leaks)."""
    rtf = rtf_mV(celsius)
    area_um2 = 4 * math.pi * r**2
    area_cm2 = area_um2 * 1e-8
    imax_pA = imax_uA_cm2 * area_cm2 * 1e6  # µA/cm² × cm² = µA → pA
    ip0 = imax_pA * (Nai / (Nai + km_na)) ** 3 * (Ko / (Ko + km_k)) ** 2
    Cli = Clo * math.exp(V0 / rtf)

    def ghk_pA(ci: float, co: float, z: int) -> float:
        """The GHK current (pA) through P = 1 cm/s: P (cm/s) · A (cm²) · c (mM = 1e-6 mol/cm³)
        · zF u/(1 − e^−u) is in A; × 1e12 pA/A × 1e-6 gives the peer's factor 1e6."""
        u = z * V0 / rtf
        return 1e6 * area_cm2 * z * F_CODATA * u * (ci - co * math.exp(-u)) / (1 - math.exp(-u))

    pump = vrest.Pump(
        mode="kinetic", i_max=imax_pA, km_na=km_na, km_k=km_k, saturation="cubic", voltage="none"
    )
    if leak == "ghk":
        PNa = -3 * ip0 / ghk_pA(Nai, Nao, 1)
        PK = 2 * ip0 / ghk_pA(Ki, Ko, 1)
        ions = {
            "Na": {"c_in": Nai, "c_out": Nao, "P": PNa},
            "K": {"c_in": Ki, "c_out": Ko, "P": PK},
            "Cl": {"c_in": Cli, "c_out": Clo, "P": cl_ratio * PK},
        }
    else:
        gNa = -3 * ip0 / (V0 - rtf * math.log(Nao / Nai))
        gK = 2 * ip0 / (V0 - rtf * math.log(Ko / Ki))
        ions = {
            "Na": {"c_in": Nai, "c_out": Nao, "g": gNa},
            "K": {"c_in": Ki, "c_out": Ko, "g": gK},
            "Cl": {"c_in": Cli, "c_out": Clo, "g": cl_ratio * gK},
        }
    model = "ghk" if leak == "ghk" else "chord"
    return vrest.Cell(ions, celsius=celsius, radius=r, pump=pump, model=model)


# ---- the protocol ------------------------------------------------------------------------------
def test_protocol_sorted_and_read():
    p = Protocol().k_out(10, at_s=600).pump(0, at_s=10).pump(1, at_s=1200)
    assert [e.t_s for e in p.events] == [10, 600, 1200]
    assert p.times() == (10.0, 600.0, 1200.0)
    assert p.level_at(0) == 1 and p.level_at(10) == 0 and p.level_at(1199) == 0
    assert p.level_at(1200) == 1
    assert p.k_out_at(599, 4.0) == 4.0 and p.k_out_at(600, 4.0) == 10.0
    assert Protocol.atp_cut(at_s=5).events == (Event(5.0, "pump", 0.0),)
    assert Protocol([(3, "k_out", 8)]).events[0] == Event(3, "k_out", 8)
    json.dumps(p.to_dict())


@pytest.mark.parametrize(
    "bad",
    [
        lambda: Protocol.atp_cut(at_s=-1),
        lambda: Protocol.atp_cut(at_s=math.nan),
        lambda: Protocol.atp_cut(at_s=math.inf),
        lambda: Protocol().pump(-0.5, at_s=1),
        lambda: Protocol().k_out(0, at_s=1),
        lambda: Protocol().k_out(math.nan, at_s=1),
        lambda: Protocol().add("volume", 1, at_s=1),
        lambda: Protocol().pump(0, at_s=10).pump(1, at_s=10),  # two pump events at one time
        lambda: Protocol(["nonsense"]),
    ],
)
def test_protocol_refuses(bad):
    with pytest.raises(VrestInputError):
        bad()


def test_two_kinds_at_one_time_are_fine():
    p = Protocol().pump(0, at_s=10).k_out(8, at_s=10)
    assert p.times() == (10.0,)


# ---- before the block ---------------------------------------------------------------------------
def test_nothing_moves_before_the_block_at_a_ness():
    cell = ness()
    assert vrest.solve_rest(cell).state == "NESS"
    tc = simulate(cell, Protocol.atp_cut(10), 12.0, log_s=0.25)
    pre = tc.t <= 10.0
    assert pre.sum() == 41
    assert np.max(np.abs(tc.V[pre] / tc.V[0] - 1)) < 1e-9
    for n, c in tc.c_in.items():
        assert np.max(np.abs(c[pre] / cell.ions[n].c_in - 1)) < 1e-9, n
    assert tc.V[-1] > tc.V[0] + 1  # and after it, V has moved (the pump's share, ~−1.3 mV)


def test_a_drifting_start_moves_from_t0_at_the_rest_analysis_rate():
    cell = vrest.load_cell(CELLS / "chapter_neuron.toml")  # V steady, K⁺ and Cl⁻ drifting
    rest = vrest.solve_rest(cell)
    assert rest.state == "drifting"
    tc = simulate(cell, None, 1.0, log_s=0.5)
    r = tc.rates(0.0)
    for n in ("K", "Na", "Cl"):
        assert r[f"{n}_in_mM_s"] == pytest.approx(rest.ion(n).dcin_dt, rel=1e-9, abs=1e-15)
    assert abs(r["V_mV_s"]) < 1e-6  # V steady: only the slow drift of the E's moves it


# ---- charge ------------------------------------------------------------------------------------
@pytest.mark.parametrize("model", ["chord", "ghk"])
def test_charge_identity_without_pump(model):
    """All membrane current is carried by the tracked ions, so the charge on the capacitor
    follows their amounts: C (V(t) − V(0)) = F vol Σ z_i ([X]i(t) − [X]i(0)).
    Units: C pF = 1e-12 F; vol µm³ = 1e-15 L; Δc mM = 1e-3 mol/L; so
    ΔV (V) = F·Δc·1e-3·vol·1e-15 / (C·1e-12), i.e. ΔV (mV) = F·vol·Σ zΔc / C × 1e-3."""
    cell = vrest.load_cell(CELLS / "chapter_neuron.toml").with_pump(None)
    tc = simulate(cell, None, 1800.0, log_s=10.0, model=model)
    C, vol = cell.capacitance_pF, cell.volume_um3
    z = {n: cell.ions[n].z for n in cell.ions}
    dq = sum(z[n] * (tc.c_in[n] - cell.ions[n].c_in) for n in cell.ions)
    dV = F_CODATA * vol * dq / C * 1e-3
    # BDF (a linear multistep method) conserves linear invariants exactly, and so does its
    # interpolant: only rounding remains. F·vol/C ≈ 1e5 mV per mM here, so rounding of the
    # concentrations (~1e-14 mM) shows as ~1e-9 mV; the bound is rtol × 1 mV = 1e-8 mV.
    assert np.max(np.abs((tc.V - tc.V[0]) - dV)) < tc.rtol * 1.0
    assert abs(tc.V[-1] - tc.V[0]) > 5  # and V did move a lot (it is no trivial check)


# ---- right after the block ----------------------------------------------------------------------
def test_initial_rates_and_relaxation_after_the_block():
    cell = ness()  # chord leaks, balance pump, NESS
    rest = vrest.solve_rest(cell)
    V0 = rest.V
    t_b = 10.0
    tc = simulate(cell, Protocol.atp_cut(t_b), t_b + 0.05, log_s=1e-3)
    vol, C = cell.volume_um3, cell.capacitance_pF
    g = {n: cell.ions[n].g for n in cell.ions}  # celsius = reference: no Q10 factor
    E = {n: rtf_mV(37) / cell.ions[n].z * math.log(cell.ions[n].c_out / cell.ions[n].c_in)
         for n in cell.ions}  # fmt: skip
    I = {n: g[n] * (V0 - E[n]) for n in cell.ions}  # pA, leaks only: the pump is off
    # V cannot jump (a capacitor): at t_b⁺ the state is the pre-block one
    assert tc.value_at(t_b)["V_mV"] == pytest.approx(V0, abs=1e-9)
    r = tc.rates(t_b)
    for n in cell.ions:
        # d[X]i/dt = −I·1e-12 A/(zF) mol/s ÷ (vol·1e-15 L) = M/s, × 1e3 = mM/s
        want = -I[n] * 1e-12 / (cell.ions[n].z * F_CODATA) / (vol * 1e-15) * 1e3
        # (Cl⁻ is at its E: its rate is ~1e-11 mM/s, the rounding of a NESS, hence abs)
        assert r[f"{n}_in_mM_s"] == pytest.approx(want, rel=1e-9, abs=1e-10), n
    # dV/dt = −ΣI/C: pA/pF = mV/ms, × 1e3 = mV/s; the leaks' sum was −I_pump before the block
    assert r["V_mV_s"] == pytest.approx(-sum(I.values()) / C * 1e3, rel=1e-9)
    assert r["V_mV_s"] == pytest.approx(rest.i_pump / C * 1e3, rel=1e-6)
    # just before the block nothing moves (a NESS)
    before = tc.rates(t_b - 1e-6)
    assert abs(before["Na_in_mM_s"]) < 1e-9 * abs(r["Na_in_mM_s"])
    # then V relaxes to the pump-free chord V with τ = C/G (0.76 ms); the concentrations move
    # ~1e-4 mM in 5τ, shifting the chord V by < 1e-4 mV
    G = sum(g.values())
    tau = C / G * 1e-3  # pF/nS = ms → s
    V_np = sum(g[n] * E[n] for n in cell.ions) / G
    assert V_np == pytest.approx(rest.V_no_pump, abs=1e-9)
    dV = V0 - V_np  # the pump's contribution, −1.3 mV
    v1 = tc.value_at(t_b + tau)["V_mV"]
    assert v1 - V_np == pytest.approx(dV * math.exp(-1), rel=1e-3)
    v5 = tc.value_at(t_b + 5 * tau)["V_mV"]
    assert abs(v5 - V_np) < abs(dV) * math.exp(-5) * 1.01 + 1e-4


# ---- size ------------------------------------------------------------------------------------
def scaled_ness(radius: float) -> vrest.Cell:
    """The NESS neuron at another radius with the same specific leak (g per area)."""
    base = ness()
    s = (radius / base.radius) ** 2
    ions = {n: {"c_in": i.c_in, "c_out": i.c_out, "g": i.g * s} for n, i in base.ions.items()}
    return vrest.Cell(ions, celsius=37, radius=radius, pump={"mode": "balance"})


def test_rundown_time_scales_with_radius():
    """Currents ∝ area, amounts ∝ volume: d[X]i/dt ∝ area/volume = 3/r for a sphere, while V
    (C and G both ∝ area) follows the concentrations within τ = C/G ≈ 1 ms. So the whole
    run-down stretches in time ∝ r; the K⁺ half-time (≈ 10 and 20 min here) doubles from 10 to
    20 µm, to ~τ/t_half ≈ 1e-6 (tolerance 1e-4)."""
    h10 = atp_cut(scaled_ness(10), hours=1, log_s=10).half_time("K")
    h20 = atp_cut(scaled_ness(20), hours=1, log_s=10).half_time("K")
    assert h10 is not None and h20 is not None
    assert 300 < h10 < 1200
    assert h20 / h10 == pytest.approx(2.0, rel=1e-4)


# ---- the Myokit peer -----------------------------------------------------------------------------
# Produced with Myokit 1.39.2 (SUNDIALS CVODES 6.4.1), rtol 1e-8, atol 1e-10, by:
#   /work/main/.venv-peers/bin/python /work/shared/peers/myokit_pumpleak.py \
#       --leak ghk --hours 3 --log_s 1 --csv ghk.csv
#   (and --leak linear ... --csv linear.csv), then reading the rows at engine.time = 10000,
#   600000 and 3600000 ms of the CSV (all the peer's defaults: V0 −70 mV, Nai 10, Ki 140,
#   Nao 145, Ko 5, Clo 110 mM, 37 °C, r 10 µm, Imax 1 µA/cm², KmNa 10, KmK 1.5 mM, PCl/PK 0.45,
#   pump blocked at 10 s). Columns: t (s), V (mV), [Na]i, [K]i, [Cl]i (mM).
PEER = {
    "ghk": [
        (10.0, -70.0, 10.0, 140.0, 8.01546352300868747),
        (600.0, -64.6946670898605305, 13.835622827700256, 136.49002183597864, 8.34094322898487),
        (3600.0, -61.1896664790726987, 32.700144671135490, 119.10970776212082, 9.82504201824779),
    ],
    "linear": [
        (10.0, -70.0, 10.0, 140.0, 8.01546352300868747),
        (600.0, -64.5893779239728190, 13.779386725671753, 136.54184416135198, 8.33652617859373),
        (3600.0, -64.4556082322581858, 30.629921798332020, 120.57486207309883, 9.22007500372541),
    ],
}  # fmt: skip


@pytest.mark.parametrize("leak", ["ghk", "linear"])
def test_agrees_with_the_myokit_peer(leak):
    cell = peer_cell(leak)
    rest = vrest.solve_rest(cell)
    assert rest.state == "NESS" and rest.V == pytest.approx(-70.0, abs=1e-8)
    tc = atp_cut(cell, hours=1, block_at_s=10, log_s=1)
    for t, V, na, k, cl in PEER[leak]:
        got = tc.value_at(t)
        # the brief's agreement: 0.1 mV and 0.01 mM; measured: ≤ 1.7e-7 mV and ≤ 7.6e-7 mM
        assert got["V_mV"] == pytest.approx(V, abs=0.1)
        for name, want in (("Na", na), ("K", k), ("Cl", cl)):
            assert got[f"{name}_in_mM"] == pytest.approx(want, abs=0.01)
        # and much closer than that (two solvers at rtol 1e-8 on the same equations)
        assert got["V_mV"] == pytest.approx(V, abs=1e-4)
        for name, want in (("Na", na), ("K", k), ("Cl", cl)):
            assert got[f"{name}_in_mM"] == pytest.approx(want, abs=1e-4)


# ---- the Jacobian ------------------------------------------------------------------------------
def _cells():
    yield "chord", ness()
    yield "ghk", ness()
    yield "chord", vrest.load_cell(CELLS / "chapter_neuron_nkcc1.toml")  # a cotransporter
    yield "ghk", vrest.load_cell(CELLS / "chapter_neuron_nkcc1.toml")
    yield "ghk", peer_cell("ghk")  # kinetic pump, cubic, no f(V)
    lr = vrest.Pump(mode="kinetic", i_max=200.0)  # Luo–Rudy saturation and f_NaK(V)
    yield "chord", ness().with_pump(lr)


@pytest.mark.parametrize("model,cell", list(_cells()))
def test_jacobian_matches_finite_differences(model, cell):
    eq = PumpLeak.of(cell, model, rate0=vrest.solve_rest(cell, model=model).atp_rate)
    y = np.concatenate(([-60.0], eq.mem.c_in * np.linspace(0.8, 1.2, len(eq.names))))
    co = eq.c_out()
    J = eq.jac(y, 1.0, co)
    num = fd_jacobian(eq, y, co, 1e-5)
    scale = np.max(np.abs(num), axis=1, keepdims=True)
    assert np.max(np.abs(J - num) / scale) < 1e-6


# ---- a [K]o step --------------------------------------------------------------------------------
def test_k_out_step_moves_v_to_the_new_chord_v():
    """[K]o 4 → 10 mM at 1 s: E_K jumps by +20 mV and V follows with τ = C/G (0.76 ms) to the
    chord V of the new E_K (the balance pump keeps its rest rate: a constant current). 20 ms
    (26 τ) later V sits on the chord V of the concentrations then (they have moved: Cl⁻ enters
    at ~0.07 mM/s, shifting E_Cl by 0.01 mV), lagging it by ~τ·dV/dt ≈ 1e-4 mV."""
    cell = ness()
    rest = vrest.solve_rest(cell)
    tc = simulate(cell, Protocol().k_out(10.0, at_s=1.0), 1.02, log_s=1e-3)
    assert tc.value_at(1.0)["V_mV"] == pytest.approx(rest.V, abs=1e-9)
    now = tc.value_at(1.02)
    g = {n: cell.ions[n].g for n in cell.ions}
    c_out = {"K": 10.0, "Na": 145.0, "Cl": 110.0}
    E = {n: rtf_mV(37) / cell.ions[n].z * math.log(c_out[n] / now[f"{n}_in_mM"]) for n in g}
    V_new = (sum(g[n] * E[n] for n in g) - rest.i_pump) / sum(g.values())
    assert now["V_mV"] == pytest.approx(V_new, abs=1e-3)
    assert now["V_mV"] - rest.V > 15  # a large step (E_K −91 → −70.5 mV)
    assert tc.c_out_at(1.02)["K"] == 10.0 and tc.c_out_at(0.5)["K"] == 4.0


# ---- failure -----------------------------------------------------------------------------------
def test_a_concentration_reaching_zero_fails_loudly():
    """A fixed pump extrudes Na⁺ at a constant rate whatever [Na]i is; with a GHK Na⁺ leak too
    small to make up for it, [Na]i falls to 0 in ~20 s: an error naming the time and state,
    never a negative concentration."""
    cell = vrest.Cell(
        {
            "K": {"c_in": 140, "c_out": 4, "P": 1e-6},
            "Na": {"c_in": 15, "c_out": 145, "P": 1e-9},
            "Cl": {"c_in": 10, "c_out": 110, "P": 4.5e-7},
        },
        radius=5,
        pump={"mode": "fixed", "i_pump": 5.0},
    )
    with pytest.raises(SolverError, match=r"reached 0 at t = .* s: V = .*\[Na\]in = "):
        simulate(cell, None, 3600.0)


def test_bad_arguments():
    cell = ness()
    with pytest.raises(VrestInputError):
        simulate(cell, None, -1)
    with pytest.raises(VrestInputError):
        simulate(cell, None, 10, log_s=0)
    with pytest.raises(VrestInputError):
        simulate(cell, None, 10, model="linear")
    with pytest.raises(VrestInputError):
        simulate(cell, None, 10, start="ness")
    with pytest.raises(VrestInputError):
        simulate(cell, None, 10, start={"Ca": 1})
    with pytest.raises(VrestInputError):
        simulate(cell, None, 10, method="RK45")
    with pytest.raises(VrestInputError):
        simulate("cell.toml", None, 10)
    with pytest.raises(VrestInputError, match="pump"):
        atp_cut(cell.with_pump(None))
    with pytest.raises(VrestInputError):
        atp_cut(cell, hours=0)
    with pytest.raises(VrestInputError):
        atp_cut(cell, hours=1e-3, block_at_s=10)  # the run ends before the block
    no_radius = vrest.Cell({"K": {"c_in": 140, "c_out": 4, "g": 10}})
    with pytest.raises(VrestInputError, match="radius"):
        simulate(no_radius, None, 10)


def _hh_sphere():
    """The HH membrane on a 10 µm sphere: its densities (mS/cm²) × 1257 µm² × 1e-2 → nS."""
    import dataclasses

    hh = vrest.load_cell(CELLS / "hh_squid.toml")
    area = 4 * math.pi * 10.0**2
    chans = [dataclasses.replace(ch, g=ch.g / 1e4 * area) for ch in hh.channels]
    return dataclasses.replace(hh, area=None, radius=10.0, channels=tuple(chans))


def test_gated_channels_in_a_time_course():
    # quasi-steady gates (no action potential in this model): at the rest V the time course
    # starts still (dV/dt = 0) and its concentration rates are the rest analysis' d[X]/dt
    cell = _hh_sphere()
    r = vrest.solve_rest(cell)
    assert r.V == pytest.approx(-64.99638, abs=1e-4)  # the HH rest, density independent
    tc = simulate(cell, None, 0.01, log_s=0.001)
    rates = tc.rates(0.0)
    assert rates["V_mV_s"] == pytest.approx(0.0, abs=1e-6)
    for ion in ("Na", "K"):
        assert rates[f"{ion}_in_mM_s"] == pytest.approx(r.ion(ion).dcin_dt, rel=1e-9)
    # 10 ms later V has moved only by the slow drift (no pump: ~0.3 mM/s of Na⁺ into 4.2 pL)
    assert tc.V[-1] == pytest.approx(r.V, abs=1e-4)
    assert any("quasi-steady" in a for a in tc.assumptions)  # said in the output
    # the analytic-plus-numeric Jacobian agrees with finite differences of the right-hand side
    from vrest.dynamics.model import PumpLeak

    eq = PumpLeak.of(cell, "chord", 0.0)
    y = np.array([r.V + 3.0, 50.0, 400.0])
    co = eq.c_out()
    J = eq.jac(y, 1.0, co)
    num = fd_jacobian(eq, y, co, 1e-6)
    for k in range(len(y)):
        assert J[:, k] == pytest.approx(num[:, k], rel=1e-5, abs=1e-6)


def test_start_mapping_overrides_the_rest_state():
    cell = ness()
    tc = simulate(cell, None, 0.05, log_s=0.01, start={"V": -40.0})
    assert tc.V[0] == -40.0
    assert tc.V[-1] == pytest.approx(vrest.solve_rest(cell).V, abs=1e-3)  # 65 τ later


# ---- the result ----------------------------------------------------------------------------------
def test_time_course_outputs(tmp_path, monkeypatch):
    tc = atp_cut(ness(), hours=1, log_s=60)
    assert tc.t[0] == 0 and tc.t[-1] == 3600 and len(tc.t) == 61
    df = tc.to_dataframe()
    assert list(df.columns) == [
        "t_s", "V_mV", "K_in_mM", "Na_in_mM", "Cl_in_mM", "i_pump_pA", "pump_rate_per_s"
    ]  # fmt: skip
    assert (
        df["i_pump_pA"].iloc[0] == pytest.approx(tc.rest.i_pump) and df["i_pump_pA"].iloc[-1] == 0
    )
    d = json.loads(json.dumps(tc.to_dict()))
    assert d["protocol"]["events"][0]["t_s"] == 10
    assert d["half_time_s"]["K"] == pytest.approx(tc.half_time("K"))
    assert len(d["samples"]["t_s"]) == 61
    assert tc.to_csv().splitlines()[0].startswith("t_s,V_mV,K_in_mM")
    text = tc.table()
    assert "pump blocked" in text and "[K]in half-time" in text and "−90.980" in text
    # half-time: [K]i crosses halfway from its value at the block to [K]o
    h = tc.half_time("K")
    k = tc.value_at(10 + h)["K_in_mM"]
    assert k == pytest.approx((140 + 4) / 2, abs=1e-6)
    assert tc.half_time("K", since_s=3000) is None  # not reached within the run
    with pytest.raises(VrestInputError):
        tc.value_at(4000)
    with pytest.raises(VrestInputError):
        tc.half_time("Ca")
    out = tmp_path / "rundown.png"
    tc.plot(out)
    assert out.stat().st_size > 10_000
    tc.plot(tmp_path / "lin.svg", time_axis="linear")
    with pytest.raises(VrestInputError):
        tc.plot(tmp_path / "x.txt")
    monkeypatch.setitem(sys.modules, "xarray", None)  # as if xarray were not installed
    with pytest.raises(VrestError, match="pip install xarray"):
        tc.to_xarray()


def test_an_event_at_t0_and_after_the_end():
    cell = ness()
    tc = simulate(cell, Protocol().pump(0, at_s=0).k_out(8, at_s=99), 0.01, log_s=1e-3)
    assert tc.i_pump[0] == 0 and tc.rates(0)["V_mV_s"] > 0  # blocked from the start
    assert tc.c_out_at(0.01)["K"] == 4.0  # the [K]o step lies after the end: not applied


def test_log_s_none_keeps_the_solver_steps():
    tc = atp_cut(ness(), hours=0.1, log_s=None)
    assert np.all(np.diff(tc.t) > 0) and tc.t[-1] == 360.0
    assert len(tc.t) == tc.stats["steps"] + 1


def test_import_vrest_does_not_import_scipy():
    code = "import sys, vrest, vrest.dynamics; sys.exit('scipy' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def test_time_course_as_labeled_data():
    # xarray (a dependency): V (t), c_in (ion, t), i_pump (t), units and names in attrs; the
    # values are the TimeCourse's own arrays
    cell = vrest.load_cell(CELLS / "ness_neuron.toml")
    tc = atp_cut(cell, hours=0.01, log_s=1.0)
    ds = tc.to_xarray()
    assert ds["V"].attrs["units"] == "mV" and ds["c_in"].attrs["units"] == "mM"
    assert ds["t"].attrs["units"] == "s"
    assert list(ds["ion"].values) == list(tc.names)
    assert (ds["V"].values == tc.V).all()
    assert (ds["c_in"].sel(ion="K").values == tc.c_in["K"]).all()
