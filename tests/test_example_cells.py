"""The example cell files in ``examples/cells/`` land on the resting potentials of the literature.

Each file is loaded with :func:`vrest.load_cell` and analysed with :func:`vrest.solve_rest`. The
expected resting potentials come from the papers and textbooks cited in each test (and in the
files and ``examples/cells/README.md``), never from vrest's output. ``V_ghk``/``V_chord`` are the
two membrane models with the cell's pump; ``V_ghk_no_pump`` is the pure Goldman–Hodgkin–Katz
potential that the textbooks compute.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest

import vrest

CELLS = Path(__file__).resolve().parent.parent / "examples" / "cells"
#: The literature cells of this module (the chapter's own neuron is tested elsewhere).
FILES = ("squid_axon.toml", "frog_muscle.toml", "mammalian_muscle.toml", "cortical_neuron.toml")


def _rest(name: str):
    return vrest.solve_rest(vrest.load_cell(CELLS / name))


@pytest.mark.parametrize("name", FILES)
def test_cell_file_loads_and_is_classified_honestly(name: str) -> None:
    """Each file is valid under the cell-file schema (units on every dimensional value) and has a
    Na⁺/K⁺ pump in balance mode, so the Na⁺ leak is exactly balanced by the pump. Whether the
    rest is a NESS depends on Cl⁻: with no Cl⁻ transporter, Cl⁻ is steady only at E_Cl = V, and
    (with Na⁺ balanced and the currents summing to zero) K⁺'s net current is then −I_Cl too.
    So the state must be NESS exactly when the cell has no Cl⁻ or V = E_Cl, else "drifting".

    Tolerance on the Na⁺ balance: 1e-9 of the Na⁺ leak current (the solver's precision)."""
    res = _rest(name)
    na = res.ion("Na")
    assert abs(na.net_current) <= 1e-9 * abs(na.current)
    assert res.i_pump > 0.0
    cl_steady = "Cl" not in res.E or abs(res.ion("Cl").current) <= 1e-6 * abs(na.current)
    assert res.state == ("NESS" if cl_steady else "drifting")
    if not cl_steady:
        k, cl = res.ion("K"), res.ion("Cl")
        assert k.net_current == pytest.approx(-cl.current, rel=1e-9)


@pytest.mark.parametrize("name", FILES)
def test_every_number_in_the_cell_files_has_a_source(name: str) -> None:
    """Project rule for the example cells: every number carries its source or is marked
    "assumption:" — either in a comment on its own line or in the comment block right above it.
    Guards against numbers being edited in without a citation."""
    lines = (CELLS / name).read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines):
        code = line.split("#", 1)[0]
        m = re.match(r"\s*(\w+)\s*=\s*(.*)", code)
        if not m or m.group(1) in ("name", "description", "source"):
            continue
        if not re.search(r"\d", m.group(2)):
            continue
        commented = "#" in line or (i > 0 and lines[i - 1].lstrip().startswith("#"))
        assert commented, f"{name}:{i + 1}: {line.strip()!r} has no source comment"


# ---------------------------------------------------------------------------------------------
def test_squid_axon_reproduces_hodgkin_katz_and_kandel() -> None:
    """Hodgkin AL, Katz B (1949) J Physiol 108(1):37–77 (P_K : P_Na : P_Cl = 1 : 0.04 : 0.45 at
    rest) with the squid concentrations of Kandel et al., *Principles of Neural Science*, 4th ed.
    (2000), table 7-1: the Goldman equation gives about −60 mV.

    The file's pump-free GHK potential must match: ±0.7 mV = ±0.5 mV for the textbook's integer
    plus 0.2 mV for the 17.7–19.3 °C window its E values imply (the file uses 18.5 °C)."""
    res = _rest("squid_axon.toml")
    assert res.V_ghk_no_pump == pytest.approx(-60.0, abs=0.7)


def test_squid_axon_with_pump_in_measured_range() -> None:
    """Squid resting potentials in the literature span "about 50 mV" inside-negative (Hodgkin &
    Katz 1949, J Physiol 108:37–77, introduction, a value the authors note is uncertain because of
    the liquid-junction potential at the internal electrode) to the −65 mV adopted for the
    Hodgkin & Huxley (1952, J Physiol 117:500–544) axon in NEURON's hh.mod. Both models of the
    file, with its electrogenic pump, must lie in that band widened by 5 mV on each side for the
    junction-potential uncertainty: −70 ≤ V ≤ −45 mV.

    The electrogenic pump can only hyperpolarize, and never past E_K (the steady state of
    Mullins & Noda 1963, J Gen Physiol 47:117, lies between the pump-free GHK potential and E_K):
    E_K < V_ghk < V_ghk_no_pump (strict)."""
    res = _rest("squid_axon.toml")
    for V in (res.V_ghk, res.V_chord):
        assert -70.0 <= V <= -45.0
    assert res.E["K"] < res.V_ghk < res.V_ghk_no_pump


# ---------------------------------------------------------------------------------------------
def test_frog_muscle_rest_is_set_by_K_and_Na() -> None:
    """Hodgkin AL, Horowicz P (1959) J Physiol 148(1):127–160: with Cl⁻ passively distributed
    (their eqn 1) the Cl⁻ current vanishes at rest, and the pump-free potential is the K⁺/Na⁺
    constant-field potential with P_Na/P_K = 0.01:
    V = (RT/F) ln(([K]o + 0.01 [Na]o)/([K]i + 0.01 [Na]i)), with the file's 2.5/140 mM K⁺ and
    120/10 mM Na⁺ at 20 °C (RT/F from the exact SI constants, not from vrest).

    Tolerance 0.01 mV: the file's [Cl]i is that equilibrium value rounded to 3.17 mM (a 0.005 %
    rounding; 0.01 mV leaves room for it)."""
    res = _rest("frog_muscle.toml")
    rt_f = 1e3 * 6.02214076e23 * 1.380649e-23 * 293.15 / (6.02214076e23 * 1.602176634e-19)
    V_kna = rt_f * math.log((2.5 + 0.01 * 120.0) / (140.0 + 0.01 * 10.0))
    assert res.V_ghk_no_pump == pytest.approx(V_kna, abs=0.01)


def test_frog_muscle_in_literature_range() -> None:
    """Hodgkin AL, Horowicz P (1959) J Physiol 148(1):127–160: frog muscle fibres in Ringer with
    2.5 mM K⁺ rest near −90 mV.

    Tolerance ±5 mV, for both models with the pump: the file's Ringer composition and [Na]i are
    assumptions ([K]o = 2.0 instead of 2.5 mM would move the K⁺/Na⁺ potential by ≈ 4 mV; [Na]o and
    [Na]i, weighted by P_Na/P_K = 0.01, by under 1 mV) and the pump adds about −1 mV."""
    res = _rest("frog_muscle.toml")
    for V in (res.V_ghk, res.V_chord):
        assert V == pytest.approx(-90.0, abs=5.0)


# ---------------------------------------------------------------------------------------------
def test_mammalian_muscle_chord_rest() -> None:
    """Hille B (2001) *Ion Channels of Excitable Membranes*, 3rd ed., table 1.1 (mammalian
    skeletal muscle, 37 °C): [Cl]i = 4.2 mM puts E_Cl at −90 mV, Cl⁻ at equilibrium at the −90 mV
    rest; Bretag AH (1987) Physiol Rev 67(2):618–724: Cl⁻ carries 70–80 % of the resting
    conductance. The file gives conductances, so the chord model is its primary model.

    Tolerance ±3 mV: E_Cl (−90.3 mV) and E_K (−97.7 mV) bracket the K⁺/Cl⁻ part; the assumed
    Na⁺ share (2 %) moves V by ≈ 1.6 mV per percent, so ±3 mV covers a Na⁺ share of 0–4 %."""
    res = _rest("mammalian_muscle.toml")
    assert res.model == "chord"
    assert res.V_chord == pytest.approx(-90.0, abs=3.0)


def test_mammalian_muscle_ghk_rest() -> None:
    """Same literature value as :func:`test_mammalian_muscle_chord_rest` (Hille 2001, table 1.1;
    Bretag 1987, Physiol Rev 67:618–724): about −90 mV.

    Tolerance ±5 mV for the GHK model: vrest gives each conductance the permeability whose GHK
    I–V touches the chord line at E_i, so at V, away from the E_i, the GHK currents rectify and
    the weights of the ions differ from the chord model's: by several mV for these gradients."""
    res = _rest("mammalian_muscle.toml")
    assert res.V_ghk == pytest.approx(-90.0, abs=5.0)


# ---------------------------------------------------------------------------------------------
def test_cortical_neuron_reproduces_bear_goldman_box() -> None:
    """Bear MF, Connors BW, Paradiso MA (2016) *Neuroscience: Exploring the Brain*, 4th ed.,
    Box 3.3: with P_K = 40 P_Na and the fig. 3.15 concentrations the Goldman equation gives
    −65 mV at 37 °C. The file uses exactly those, so its pump-free GHK potential must match.

    Tolerance ±0.5 mV: the book prints an integer."""
    res = _rest("cortical_neuron.toml")
    assert res.V_ghk_no_pump == pytest.approx(-65.0, abs=0.5)


def test_cortical_neuron_in_measured_range() -> None:
    """Tanaka YR et al. (2011) Local connections of excitatory neurons to corticothalamic neurons
    in the rat barrel cortex. J Neurosci 31(50):18223–18236, table 3: layer 2/3 pyramidal
    neurons rest at −73.0 ± 2.6 mV (mean ± SD, n = 5).

    Tolerance ±2 SD (±5.2 mV, about 95 % of such cells), for both models with the balancing pump:
    the file's concentrations are a textbook neuron's (Bear et al. 2016, fig. 3.15), not measured
    in those cells, so it should fall inside the spread of real cells rather than on their
    mean."""
    res = _rest("cortical_neuron.toml")
    for V in (res.V_ghk, res.V_chord):
        assert V == pytest.approx(-73.0, abs=2 * 2.6)


def test_cardiac_myocyte_is_ttp06_reduced_at_rest() -> None:
    """examples/cells/cardiac_myocyte.toml keeps, of the ten Tusscher–Panfilov 2006 myocyte, the
    currents that set rest (I_K1, background Na⁺ and Ca²⁺, NCX linearized at rest, the pump's rest
    current). Its V must sit where the full model (vrest.cardiac, an independent implementation of
    all 12 currents) puts rest, shifted by the currents it omits: ΔV = +I_omitted/g_slope with
    I_omitted the full model's I_pCa + I_CaL + I_Kr + I_Ks + I_Na + I_to + I_pK at rest and
    g_slope its slope conductance (0.11 mV here). Tolerance 0.02 mV: the reduced cell's slope
    differs from the full one's by the omitted currents' own slopes (a few per cent of 0.11 mV),
    and TTP06's R and F differ from CODATA 2018 in the 6th digit (E_K moves by ~1e-4 mV)."""
    from vrest.cardiac import ttp06_cell, ttp06_rest

    full = ttp06_rest(ttp06_cell())
    c = full["currents"]
    omitted = sum(c[k] for k in ("I_pCa", "I_CaL", "I_Kr", "I_Ks", "I_Na", "I_to", "I_pK"))
    expected = full["V_rest"] + omitted / full["g_slope"]
    res = _rest("cardiac_myocyte.toml")
    assert res.V == pytest.approx(expected, abs=0.02)
    assert res.V == pytest.approx(-85.23, abs=0.2)  # TTP06's published initial V
    assert res.V_ghk == pytest.approx(res.V_chord, abs=0.01)  # P matched to the chord at rest
    # per pF, the full model's I_K1 at that V (185 pF of membrane in the file)
    cap = vrest.load_cell(CELLS / "cardiac_myocyte.toml").capacitance_pF
    assert cap == pytest.approx(185.0, rel=1e-9)
    test_every_number_in_the_cell_files_has_a_source("cardiac_myocyte.toml")
