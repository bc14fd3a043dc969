"""vrest against the literature: one list of cases, each with its source and tolerance.

``scripts/build_docs.py`` renders this list as the table of the *Validation* page, computing
vrest's value at build time, and ``tests/browser/test_docs.py`` asserts that every row lies
within its tolerance — so the table cannot go stale. Each expected number is copied from the
cited source (never from vrest's output); each tolerance says why it is that wide.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
CELLS = ROOT / "examples" / "cells"


@dataclass(frozen=True)
class Case:
    quantity: str
    source: str
    expected: float
    tol: float  # absolute, in ``unit``
    unit: str
    value: Callable[[], float]
    why: str  # why the tolerance is that wide
    expected_text: str = ""  # how the source states it, when not a plain number
    fmt: str = ".2f"


def _cell(name: str) -> Any:
    import vrest

    return vrest.load_cell(CELLS / f"{name}.toml")


def _rest(name: str) -> Any:
    import vrest

    return vrest.solve_rest(_cell(name))


def _nernst(c_in: float, c_out: float, z: int, celsius: float) -> Callable[[], float]:
    def f() -> float:
        import vrest

        return float(vrest.nernst(c_in, c_out, z, celsius=celsius))

    return f


def _chord(g: dict[str, float]) -> Callable[[], float]:
    def f() -> float:
        import vrest

        return float(vrest.chord_voltage(g, {"K": -89.0, "Na": 61.0, "Cl": -64.0}))

    return f


def _ghk(p, c_in, c_out, celsius) -> Callable[[], float]:
    def f() -> float:
        import vrest

        return float(vrest.ghk_voltage(p, c_in, c_out, celsius=celsius))

    return f


def _ddg() -> float:
    import vrest

    return float(vrest.permeability_ratio_from_ddG(12, celsius=310 - 273.15))


def _decade(celsius: float) -> Callable[[], float]:
    def f() -> float:
        import vrest

        return float(vrest.rt_over_f(celsius) * math.log(10.0))

    return f


def _ttp06() -> float:
    from vrest.cardiac import ttp06_cell, ttp06_rest

    return float(ttp06_rest(ttp06_cell("epi", 5.4))["V_rest"])


def _attwell() -> float:
    import vrest

    return float(vrest.attwell_laughlin_resting_atp(200.0, -70.0, 50.0, -100.0)) / 1e8


def _ljp() -> float:
    from vrest import ljp

    sol = ROOT / "examples" / "solutions"
    pip = ljp.load_solution(sol / "k_gluconate_pipette.toml")
    bath = ljp.load_solution(sol / "acsf.toml")
    return float(ljp.ljp(pip, bath, celsius=25).value)


def _acidophile_dp() -> float:
    from vrest.scenarios import acidophiles

    return abs(float(acidophiles.ACIDOPHILE.run().numbers["dp"][0]))


CHAPTER = "the source chapter"
KANDEL = "Kandel et al., *Principles of Neural Science*, 4th ed., table 7-1 (squid axon)"
HK49 = "Hodgkin & Katz (1949) *J Physiol* 108:37, with Kandel's concentrations"
HILLE = "Hille (2001) *Ion Channels of Excitable Membranes*, 3rd ed., table 1.1"
BEAR = "Bear, Connors & Paradiso (2016) *Neuroscience*, 4th ed."
ROUNDED_INT = "the source prints an integer (±0.5 mV)"
KANDEL_WHY = (
    "±0.5 mV for the printed integer + 0.2 mV for the 17.7–19.3 °C window the table implies "
    "(computed at 18.5 °C)"
)
HILLE_WHY = "±0.5 mV for the printed integer + 0.2 % of E for the table's rounded RT/F"

SQUID_IN = {"K": 400.0, "Na": 50.0, "Cl": 52.0}
SQUID_OUT = {"K": 20.0, "Na": 440.0, "Cl": 560.0}
CHORD_G = {"K": 1.0, "Na": 0.04, "Cl": 0.45}

CASES: list[Case] = [
    # ---- the chapter ----------------------------------------------------------------------
    Case(
        "E_K, [K] 140 / 4 mM, 37 °C",
        f"{CHAPTER}, §1",
        -95.0,
        0.5,
        "mV",
        _nernst(140, 4, 1, 37.0),
        "the chapter writes ≈ −95 mV",
        "≈ −95",
    ),
    Case(
        "E_Na, [Na] 15 / 145 mM, 37 °C",
        f"{CHAPTER}, §1 (+60) and §3 (+61)",
        60.5,
        1.0,
        "mV",
        _nernst(15, 145, 1, 37.0),
        "the chapter writes +60 in §1 and +61 in §3",
        "+60 / +61",
    ),
    Case(
        "E_Cl, [Cl] 10 / 110 mM, 37 °C",
        f"{CHAPTER}, §3 (−64) and §2 (−65)",
        -64.0,
        0.5,
        "mV",
        _nernst(10, 110, -1, 37.0),
        "the chapter writes −64 in §3 (−65 in §2)",
        "≈ −64",
    ),
    Case(
        "V, chord equation, g_K : g_Na : g_Cl = 1 : 0.04 : 0.45",
        f"{CHAPTER}, §3",
        -77.4,
        0.05,
        "mV",
        _chord(CHORD_G),
        "the chapter prints one decimal",
    ),
    Case(
        "V with the Cl⁻ channels blocked",
        f"{CHAPTER}, §3",
        -83.0,
        0.5,
        "mV",
        _chord(CHORD_G | {"Cl": 0.0}),
        ROUNDED_INT,
        "≈ −83",
    ),
    Case(
        "P_K/P_Na from ΔΔG = 12 kJ/mol at 310 K",
        f"{CHAPTER}, §4",
        105.0,
        0.5,
        "",
        _ddg,
        "the chapter prints e^4.66 = 105",
        "≈ 105",
        ".1f",
    ),
    Case(
        "pump contribution −I_pump/G_total, chapter neuron",
        f"{CHAPTER}, §5",
        -3.0,
        2.0,
        "mV",
        lambda: float(_rest("chapter_neuron").pump_contribution),
        "the chapter gives a range for a typical neuron",
        "−1 to −5",
    ),
    Case(
        "entropy production P/T of a resting neuron",
        f"{CHAPTER}, §7",
        3.46,
        0.35,
        "10⁻¹³ J K⁻¹ s⁻¹",
        lambda: float(_rest("chapter_neuron").entropy_production) * 1e13,
        "order of magnitude only: the chapter does not give its cell's parameters (±10 %)",
        "≈ 3.46",
    ),
    # ---- textbooks ------------------------------------------------------------------------
    Case(
        "E_K, squid axon, [K] 400 / 20 mM",
        KANDEL,
        -75.0,
        0.7,
        "mV",
        _nernst(400, 20, 1, 18.5),
        KANDEL_WHY,
    ),
    Case(
        "E_Na, squid axon, [Na] 50 / 440 mM",
        KANDEL,
        55.0,
        0.7,
        "mV",
        _nernst(50, 440, 1, 18.5),
        KANDEL_WHY,
    ),
    Case(
        "E_Cl, squid axon, [Cl] 52 / 560 mM",
        KANDEL,
        -60.0,
        0.7,
        "mV",
        _nernst(52, 560, -1, 18.5),
        KANDEL_WHY,
    ),
    Case(
        "V, GHK, squid axon, P_K : P_Na : P_Cl = 1 : 0.04 : 0.45",
        HK49,
        -60.0,
        0.7,
        "mV",
        _ghk(CHORD_G, SQUID_IN, SQUID_OUT, 18.5),
        KANDEL_WHY,
    ),
    Case(
        "E_Na, mammalian skeletal muscle, 12 / 145 mM",
        HILLE,
        67.0,
        0.5 + 0.002 * 67,
        "mV",
        _nernst(12, 145, 1, 37.0),
        HILLE_WHY,
    ),
    Case(
        "E_K, mammalian skeletal muscle, 155 / 4 mM",
        HILLE,
        -98.0,
        0.5 + 0.002 * 98,
        "mV",
        _nernst(155, 4, 1, 37.0),
        HILLE_WHY,
    ),
    Case(
        "E_Ca, mammalian skeletal muscle, 10⁻⁴ / 1.5 mM",
        HILLE,
        129.0,
        0.5 + 0.002 * 129,
        "mV",
        _nernst(1e-4, 1.5, 2, 37.0),
        HILLE_WHY,
    ),
    Case(
        "E_Cl, mammalian skeletal muscle, 4.2 / 123 mM",
        HILLE,
        -90.0,
        0.5 + 0.002 * 90,
        "mV",
        _nernst(4.2, 123, -1, 37.0),
        HILLE_WHY,
    ),
    Case(
        "Nernst slope at 37 °C",
        f"{BEAR}, ch. 3",
        61.54,
        0.005,
        "mV/decade",
        _decade(37.0),
        "the book prints two decimals",
        fmt=".3f",
    ),
    Case(
        "Nernst slope at 25 °C",
        "the textbook 59.16 mV per decade (pH electrodes)",
        59.16,
        0.005,
        "mV/decade",
        _decade(25.0),
        "printed to two decimals",
        fmt=".3f",
    ),
    Case(
        "V, GHK, neuron, P_K = 40 P_Na",
        f"{BEAR}, Box 3.3",
        -65.0,
        0.5,
        "mV",
        _ghk({"K": 40.0, "Na": 1.0}, {"K": 100.0, "Na": 15.0}, {"K": 5.0, "Na": 150.0}, 37.0),
        ROUNDED_INT,
    ),
    Case(
        "V, GHK, the same neuron in 50 mM K⁺",
        f"{BEAR}, ch. 3",
        -17.0,
        0.5,
        "mV",
        _ghk({"K": 40.0, "Na": 1.0}, {"K": 100.0, "Na": 15.0}, {"K": 50.0, "Na": 150.0}, 37.0),
        ROUNDED_INT,
    ),
    # ---- example cells against measured resting potentials --------------------------------
    Case(
        "frog twitch fibre in 2.5 mM K⁺ Ringer (examples/cells/frog_muscle.toml, GHK)",
        "Hodgkin & Horowicz (1959) *J Physiol* 148:127",
        -90.0,
        5.0,
        "mV",
        lambda: float(_rest("frog_muscle").V_ghk),
        '"about −90 mV": a measured value',
        "about −90",
    ),
    Case(
        "mammalian twitch fibre (examples/cells/mammalian_muscle.toml, chord)",
        f"{HILLE}; Bretag (1987) *Physiol Rev* 67:618",
        -90.0,
        3.0,
        "mV",
        lambda: float(_rest("mammalian_muscle").V_chord),
        '"about −90 mV" (E_Cl of table 1.1)',
        "about −90",
    ),
    Case(
        "L2/3 pyramidal neuron (examples/cells/cortical_neuron.toml, GHK with pump)",
        "Tanaka et al. (2011) *J Neurosci* 31:18223, table 3",
        -73.0,
        5.2,
        "mV",
        lambda: float(_rest("cortical_neuron").V_ghk),
        "±2 SD of the measured cells (SD 2.6)",
        "−73.0 ± 2.6",
    ),
    # ---- models and papers ----------------------------------------------------------------
    Case(
        "Hodgkin–Huxley squid membrane at rest (examples/cells/hh_squid.toml)",
        "Hodgkin & Huxley (1952) *J Physiol* 117:500, rest placed at −65 mV",
        -65.0,
        0.05,
        "mV",
        lambda: float(_rest("hh_squid").V),
        "the rest is stated to 0.1 mV",
        fmt=".3f",
    ),
    Case(
        "ten Tusscher–Panfilov ventricular myocyte at [K]o 5.4 mM, rest",
        "ten Tusscher & Panfilov (2006), epicardial model's initial V",
        -85.23,
        0.5,
        "mV",
        _ttp06,
        "the published state is the end of diastole of a paced cell, not the exact steady state",
        fmt=".3f",
    ),
    Case(
        "ATP cost of a resting cortical neuron (200 MΩ, −70 mV, E_Na +50, E_K −100 mV)",
        "Attwell & Laughlin (2001) *J Cereb Blood Flow Metab* 21:1133",
        3.42,
        0.0342,
        "10⁸ ATP/s",
        _attwell,
        "1 %: the published figure rounds intermediate values",
        fmt=".3f",
    ),
    Case(
        "liquid junction potential, K-gluconate pipette vs ACSF, 25 °C",
        "LJPcalc (after Marino, Misuri & Brogioli 2014), its K-gluconate test",
        15.729,
        0.1,
        "mV",
        _ljp,
        "two implementations of the same stationary Nernst–Planck junction",
        fmt=".3f",
    ),
    Case(
        "magnitude of Δp of an acidophile at pH 2 (ΔpH 4.5, Δψ +10 mV)",
        "Cox, Nicholls & Ingledew (1979) *Biochem J* 178:195",
        256.0,
        5.12,
        "mV",
        _acidophile_dp,
        "2 %: the paper used ≈ 59 mV per pH unit",
        fmt=".1f",
    ),
]


def evaluate() -> list[dict[str, Any]]:
    """Every case computed now: the row of the table, with ``ok`` (within tolerance)."""
    rows = []
    for c in CASES:
        v = c.value()
        d = v - c.expected
        u = f" {c.unit}" if c.unit else ""
        rows.append({
            "quantity": c.quantity,
            "source": c.source,
            "expected": c.expected,
            "value": v,
            "diff": d,
            "tol": c.tol,
            "ok": abs(d) <= c.tol,
            "expected_text": (c.expected_text or format(c.expected, "g")) + u,
            "value_text": f"{v:{c.fmt}}{u}",
            "diff_text": f"{d:+{c.fmt}}{u}",
            "tol_text": f"±{c.tol:.3g}{u} ({c.why})",
            "tol_short": f"±{c.tol:.3g}{u}",
            "why": c.why,
        })  # fmt: skip
    return rows
