"""Development: the GABA shift (scenario ``gaba-shift``).

A neuron's [Cl]ᵢ is where NKCC1 (loading: it stops at E_Cl = (E_Na + E_K)/2), KCC2 (extruding:
it stops at E_Cl = E_K, i.e. [K]ᵢ[Cl]ᵢ = [K]ₒ[Cl]ₒ) and the Cl⁻ leak balance; each carrier runs
at a rate proportional to its thermodynamic drive (Düsterwald et al., eLife 7:e39575 (2018);
:mod:`vrest.transporters`). The true NESS (:func:`vrest.dynamics.solve_ness`) finds it, with the
Na⁺, K⁺ and V that the kinetic Na⁺/K⁺ pump and the leaks settle to at the same time.

Immature neurons (NKCC1 high, KCC2 low) keep [Cl]ᵢ ≈ 25–30 mM, mature ones (KCC2 up, Rivera
et al. 1999) ≈ 5–7 mM (Ben-Ari 2002; Kaila et al. 2014). E_GABA then lies above V_rest (GABA
depolarizes) or below it (GABA hyperpolarizes); HCO₃⁻, which the GABA_A channel also passes
(P_HCO3/P_Cl ≈ 0.2, Bormann, Hamill & Sakmann 1987), pulls E_GABA towards E_HCO3 ≈ −12 mV
(:mod:`vrest.gaba`). A depolarizing GABA conductance still inhibits (shunts) an excitatory input
aimed at threshold wherever E_GABA lies below threshold.

The KCC2 sweep solves the NESS at every point: :func:`vrest.sweep`'s analyses ("rest", "noise",
"rundown") hold [Cl]ᵢ at the cell's given value (a rest analysis) or follow a pump run-down, so
none makes [Cl]ᵢ follow the transporters (electroneutral carriers do not even move V there).

The cells are those of ``examples/cells/immature_neuron.toml`` and ``mature_neuron.toml``
(built here in code; the test checks that they agree). Units: mV, mM, nS, pA.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .. import gaba as G
from ..nernst import nernst
from .base import Param, Scenario, ScenarioResult, register

SOURCES = (
    "Ben-Ari Y (2002) Excitatory actions of GABA during development: the nature of the nurture. "
    "Nat Rev Neurosci 3:728–739 ([Cl]i ~25–30 mM immature, ~5–7 mM mature; range unverified)",
    "Rivera C, Voipio J, Payne JA, Ruusuvuori E, Lahtinen H, Lamsa K, Pirvola U, Saarma M, Kaila "
    "K (1999) The K+/Cl− co-transporter KCC2 renders GABA hyperpolarizing during neuronal "
    "maturation. Nature 397:251–255",
    "Kaila K, Price TJ, Payne JA, Puskarjov M, Voipio J (2014) Cation-chloride cotransporters in "
    "neuronal development, plasticity and disease. Nat Rev Neurosci 15:637–654",
    "Bormann J, Hamill OP, Sakmann B (1987) Mechanism of anion permeation through channels gated "
    "by glycine and gamma-aminobutyric acid in mouse cultured spinal neurones. J Physiol "
    "385:243–286 (P_HCO3/P_Cl ≈ 0.2)",
    "Düsterwald KM, Currin CB, Burman RJ, Akerman CJ, Kay AR, Raimondo JV (2018) Biophysical "
    "models reveal the relative importance of transporter proteins and impermeant anions in "
    "chloride homeostasis. eLife 7:e39575 (cotransport ∝ thermodynamic drive)",
)

SHORT = ("Ben-Ari 2002", "Rivera et al. 1999", "Kaila et al. 2014", "Bormann, Hamill & Sakmann "
         "1987", "Düsterwald et al. 2018")  # fmt: skip

#: The two cells (as examples/cells/{immature,mature}_neuron.toml): the same membrane and pump,
#: different cotransporters. Strengths in nS; the derived ones hold the NESS [Cl]ᵢ at 27 / 6 mM.
MEMBRANE = {
    "celsius": 37.0, "radius": 15.0, "specific_capacitance": 1.0, "q10_leak": 1.3,
    "pump": {"mode": "kinetic", "i_max": 250.0, "voltage": "none"},
}  # fmt: skip
STAGES = {
    "immature": {"K": 140.3599505, "Na": 9.640060351, "Cl": 27.0,
                 "NKCC1": 0.159728054, "KCC2": 0.129670118},
    "mature": {"K": 140.2440594, "Na": 9.755947957, "Cl": 6.0,
               "NKCC1": 0.05, "KCC2": 1.29670118},
}  # fmt: skip
C_OUT = {"K": 3.5, "Na": 145.0, "Cl": 130.0}
G_LEAK = {"K": 5.0, "Na": 1.8, "Cl": 0.5}
#: The KCC2 sweep: strengths as multiples of the mature cell's KCC2 (a log grid).
SWEEP_SCALES = np.geomspace(0.01, 10.0, 25)


def stage_cell(stage: str, kcc2_scale: float = 1.0, nkcc1_scale: float = 1.0) -> Any:
    """The ``stage`` cell ("immature" or "mature") with its KCC2 and NKCC1 strengths scaled."""
    from ..cell import Cell

    s = STAGES[stage]
    ions = {x: {"c_in": s[x], "c_out": C_OUT[x], "g": G_LEAK[x]} for x in ("K", "Na", "Cl")}
    tr = [{"type": "NKCC1", "g": s["NKCC1"] * nkcc1_scale},
          {"type": "KCC2", "g": s["KCC2"] * kcc2_scale}]  # fmt: skip
    return Cell(ions=ions, transporters=tr, name=f"{stage} neuron", **MEMBRANE)


def _ness(cell: Any, start: Any = "rest") -> Any:
    from ..dynamics import solve_ness

    return solve_ness(cell, start=start)


def _potentials(n: Any, cel: float, hco3_i: float, hco3_o: float, r: float,
                e_h: float) -> dict[str, float]:  # fmt: skip
    c = n.c_in
    ek = nernst(c["K"], C_OUT["K"], 1, cel)
    ena = nernst(c["Na"], C_OUT["Na"], 1, cel)
    ecl = nernst(c["Cl"], C_OUT["Cl"], -1, cel)
    return {
        "V": n.V, "E_K": ek, "E_Na": ena, "E_Cl": ecl,
        "E_GABA_ghk": G.e_gaba_ghk(c["Cl"], C_OUT["Cl"], hco3_i, hco3_o, r, cel),
        "E_GABA_linear": G.e_gaba_linear(ecl, e_h, r),
    }  # fmt: skip


def kcc2_sweep(stage: str, nkcc1_scale: float, scales: Any, hco3_i: float, hco3_o: float,
               r: float, e_h: float) -> list[dict[str, float]]:  # fmt: skip
    """The NESS at each KCC2 strength (multiples of the mature KCC2), NKCC1 at the stage's
    strength × ``nkcc1_scale``: one :func:`~vrest.dynamics.solve_ness` per point, each started
    from the previous NESS (the same conserved charge, so the same fixed point, found faster)."""
    rows = []
    start: Any = "rest"
    k_mature = STAGES["mature"]["KCC2"]
    cel = MEMBRANE["celsius"]
    for s in scales:
        cell = stage_cell(stage, nkcc1_scale=nkcc1_scale)
        cell = cell.with_transporter("KCC2", g=float(s) * k_mature)
        n = _ness(cell, start)
        start = n.start()
        p = _potentials(n, cel, hco3_i, hco3_o, r, e_h)
        rows.append({"kcc2_rel_mature": float(s), "KCC2_g_nS": float(s) * k_mature,
                     "Cl_in_mM": n.c_in["Cl"], **p})  # fmt: skip
    return rows


def _crossing(rows: list[dict[str, float]], key: str) -> float:
    """KCC2 strength (× mature) at which ``key`` (an E_GABA) crosses V, by linear interpolation
    on the sweep grid (NaN if it does not cross)."""
    x = np.array([r["kcc2_rel_mature"] for r in rows])
    d = np.array([r[key] - r["V"] for r in rows])
    idx = np.nonzero(np.sign(d[:-1]) != np.sign(d[1:]))[0]
    if len(idx) == 0:
        return math.nan
    i = int(idx[0])
    return float(x[i] - d[i] * (x[i + 1] - x[i]) / (d[i + 1] - d[i]))


def run(stage: str, form: str, p_hco3_ratio: float, ph_in: float, ph_out: float,
        hco3_out: float, kcc2_scale: float, nkcc1_scale: float, g_gaba: float,
        threshold: float) -> ScenarioResult:  # fmt: skip
    """The scenario: see the module docstring."""
    cel = MEMBRANE["celsius"]
    cell = stage_cell(stage, kcc2_scale, nkcc1_scale)
    n = _ness(cell)
    r = p_hco3_ratio
    hco3_i = G.hco3_in(hco3_out, ph_in, ph_out)
    e_h = G.e_hco3(ph_in, ph_out, cel)
    p = _potentials(n, cel, hco3_i, hco3_out, r, e_h)
    e_gaba = p["E_GABA_ghk"] if form == "ghk" else p["E_GABA_linear"]
    v = n.V
    rho_eq = G.equivalent_g_ratio(p["E_GABA_ghk"], p["E_Cl"], e_h)
    # set points of the two carriers at the NESS's [K]i, [Na]i
    kcc2_cl = C_OUT["K"] * C_OUT["Cl"] / n.c_in["K"]
    nkcc1_e = 0.5 * (p["E_Na"] + p["E_K"])
    # shunting: at fixed concentrations (ms), the chord membrane with an electroneutral carrier
    # set and a voltage-independent pump is linear in V with slope G_in = Σ g_leak
    g_in = float(sum(G_LEAK.values()))
    i_th = g_in * (threshold - v)  # the excitatory current that just reaches threshold
    v_no = float(G.v_reached(v, g_in, i_th))
    v_with = float(G.v_reached(v, g_in, i_th, g_gaba, e_gaba))
    v_gaba_alone = float(G.v_reached(v, g_in, 0.0, g_gaba, e_gaba))
    currents = np.linspace(0.0, 2.0 * max(i_th, 1.0), 41)
    shunt = [{"I_exc_pA": float(i), "V_without_GABA": float(G.v_reached(v, g_in, i)),
              "V_with_GABA": float(G.v_reached(v, g_in, i, g_gaba, e_gaba))}
             for i in currents]  # fmt: skip
    rows = kcc2_sweep(stage, nkcc1_scale, SWEEP_SCALES, hco3_i, hco3_out, r, e_h)
    key = "E_GABA_ghk" if form == "ghk" else "E_GABA_linear"
    cross = _crossing(rows, key)
    depol = e_gaba > v
    numbers = {
        "V_rest": (v, "mV"), "Cl_in": (n.c_in["Cl"], "mM"), "K_in": (n.c_in["K"], "mM"),
        "Na_in": (n.c_in["Na"], "mM"), "HCO3_in": (hco3_i, "mM"),
        "E_K": (p["E_K"], "mV"), "E_Na": (p["E_Na"], "mV"), "E_Cl": (p["E_Cl"], "mV"),
        "E_HCO3": (e_h, "mV"), "E_GABA_ghk": (p["E_GABA_ghk"], "mV"),
        "E_GABA_linear": (p["E_GABA_linear"], "mV"), "E_GABA": (e_gaba, "mV"),
        "driving_force": (v - e_gaba, "mV"), "gaba_depolarizes": (float(depol), ""),
        "g_ratio_equivalent_to_p_ratio": (rho_eq, ""),
        "kcc2_set_point_Cl_in": (kcc2_cl, "mM"), "kcc2_set_point_E_Cl": (p["E_K"], "mV"),
        "nkcc1_set_point_E_Cl": (nkcc1_e, "mV"),
        "nkcc1_set_point_Cl_in": (C_OUT["Cl"] * math.exp(nkcc1_e / _rtf(cel)), "mM"),
        "G_in": (g_in, "nS"), "I_exc_threshold": (i_th, "pA"),
        "V_exc_without_GABA": (v_no, "mV"), "V_exc_with_GABA": (v_with, "mV"),
        "V_GABA_alone": (v_gaba_alone, "mV"),
        "gaba_inhibits": (float(v_with < v_no), ""),
        "kcc2_at_E_GABA_equals_V": (cross, "× mature KCC2"),
    }  # fmt: skip
    text = _text(stage, form, r, ph_in, ph_out, hco3_out, kcc2_scale, nkcc1_scale, g_gaba,
                 threshold, numbers)  # fmt: skip
    tables = {"kcc2_sweep": rows, "shunting": shunt}
    info = {
        "stage": stage,
        "form": form,
        "r": r,
        "threshold": threshold,
        "g_gaba": g_gaba,
        "KCC2": kcc2_scale,
        "NKCC1": nkcc1_scale,
        "kcc2_now": kcc2_scale * STAGES[stage]["KCC2"] / STAGES["mature"]["KCC2"],
    }
    return ScenarioResult("gaba-shift", numbers, text, tables,
                          lambda: _figure(numbers, rows, shunt, info))  # fmt: skip


def _rtf(cel: float) -> float:
    from ..constants import rt_over_f

    return rt_over_f(cel)


def _m(x: float) -> str:
    return f"{x:+.1f} mV".replace("-", "−")


def _text(stage: str, form: str, r: float, ph_in: float, ph_out: float, hco3_out: float,
          kcc2_scale: float, nkcc1_scale: float, g_gaba: float, threshold: float,
          N: dict[str, tuple[float, str]]) -> str:  # fmt: skip
    v = {k: val for k, (val, _) in N.items()}
    sign = "depolarizes" if v["gaba_depolarizes"] else "hyperpolarizes"
    inhib = "reduces" if v["gaba_inhibits"] else "increases"
    other = "linear" if form == "ghk" else "ghk"
    lines = [
        f"GABA shift: {stage} neuron (KCC2 × {kcc2_scale:g}, NKCC1 × {nkcc1_scale:g}), "
        f"E_GABA in the {form.upper() if form == 'ghk' else 'linear'} form, "
        f"HCO3/Cl ratio {r:g}.",
        "",
        f"NESS (vrest.dynamics.solve_ness): V_rest = {_m(v['V_rest'])}, [Cl]i = "
        f"{v['Cl_in']:.2f} mM, [K]i = {v['K_in']:.2f} mM, [Na]i = {v['Na_in']:.2f} mM.",
        f"  E_K = {_m(v['E_K'])}, E_Na = {_m(v['E_Na'])}, E_Cl = {_m(v['E_Cl'])}.",
        f"  Set points: KCC2 stops at E_Cl = E_K = {_m(v['E_K'])} ([Cl]i = "
        f"{v['kcc2_set_point_Cl_in']:.2f} mM); NKCC1 at E_Cl = (E_Na + E_K)/2 = "
        f"{_m(v['nkcc1_set_point_E_Cl'])} ([Cl]i = {v['nkcc1_set_point_Cl_in']:.1f} mM); the Cl⁻ "
        "leak pulls E_Cl to V. [Cl]i settles where the three balance.",
        f"E_HCO3 = {_m(v['E_HCO3'])} from pHi {ph_in:g}, pHo {ph_out:g} (equal pCO2 assumed: "
        f"[HCO3]i/[HCO3]o = 10^(pHi − pHo); [HCO3]o = {hco3_out:g} mM, [HCO3]i = "
        f"{v['HCO3_in']:.2f} mM).",
        f"E_GABA, GHK form with P_HCO3/P_Cl = {r:g}: {_m(v['E_GABA_ghk'])}; linear form with "
        f"g_HCO3/g_Cl = {r:g}: {_m(v['E_GABA_linear'])}. The same number is not the same "
        f"channel: P_HCO3/P_Cl = {r:g} equals g_HCO3/g_Cl = "
        f"{v['g_ratio_equivalent_to_p_ratio']:.3f} here. Default: GHK (Bormann et al. 1987 "
        f"measured a permeability ratio); the {other} form is given for comparison.",
        f"E_GABA = {_m(v['E_GABA'])}; driving force V_rest − E_GABA = "
        f"{_m(v['driving_force'])}: opening GABA_A channels {sign} the cell.",
        "",
        f"Shunting (fixed concentrations, G_in = {v['G_in']:g} nS, threshold {_m(threshold)} "
        f"(assumption), g_GABA = {g_gaba:g} nS): the excitatory current that reaches threshold "
        f"alone ({v['I_exc_threshold']:.1f} pA) reaches {_m(v['V_exc_with_GABA'])} with GABA; "
        f"GABA {inhib} the excitatory response"
        + (" although it depolarizes on its own (E_GABA lies between V_rest and threshold)."
           if v["gaba_inhibits"] and v["gaba_depolarizes"] else ".")
        + f" GABA alone moves V to {_m(v['V_GABA_alone'])}.",
        "",
        "KCC2 sweep (NESS per point; vrest.sweep's rest analysis keeps [Cl]i fixed, so it cannot "
        "show this): E_GABA crosses V_rest at KCC2 = "
        + (f"{v['kcc2_at_E_GABA_equals_V']:.2f}× the mature strength."
           if math.isfinite(v["kcc2_at_E_GABA_equals_V"]) else "— (no crossing in 0.01–10×)."),
        "",
        "Assumptions: the cells' leaks, pump and carrier strengths (examples/cells/"
        "{immature,mature}_neuron.toml); the same membrane in both stages; HCO3⁻ fixed by pH "
        "(no HCO3⁻ leak at rest); GABA as a chord conductance reversing at E_GABA; no spikes.",
        "Sources: " + "; ".join(SHORT) + " (full citations: the scenario's sources).",
    ]  # fmt: skip
    return "\n".join(lines)


def _figure(N: dict[str, tuple[float, str]], rows: list[dict[str, float]],
            shunt: list[dict[str, float]], info: dict[str, Any]) -> Any:  # fmt: skip
    from ..plotting import _mpl

    plt = _mpl()
    v = {k: val for k, (val, _) in N.items()}
    fig, axes = plt.subplots(1, 3, figsize=(17, 6.2), gridspec_kw={"width_ratios": [0.8, 1.2, 1]})
    fs = 12
    col = {
        "V": "black",
        "E_Cl": "tab:green",
        "E_K": "tab:blue",
        "E_HCO3": "tab:orange",
        "E_GABA_ghk": "tab:purple",
        "E_GABA_linear": "tab:pink",
        "thr": "tab:red",
    }
    # (a) the potentials at the NESS
    ax = axes[0]
    marks = [("E_HCO3", v["E_HCO3"], "E_HCO3"), ("E_GABA_ghk", v["E_GABA_ghk"], "E_GABA (GHK)"),
             ("E_GABA_linear", v["E_GABA_linear"], "E_GABA (linear)"),
             ("E_Cl", v["E_Cl"], "E_Cl"), ("V", v["V_rest"], "V_rest"),
             ("E_K", v["E_K"], "E_K = KCC2 set point")]  # fmt: skip
    ys = _spread([m[1] for m in marks], 6.5)
    for (k, y, lab), yl in zip(marks, ys):
        lw = 3.0 if k in ("V", "E_GABA_" + info["form"]) else 2.0
        ax.plot([0, 1], [y, y], color=col[k], lw=lw)
        ax.annotate(
            f"{lab}  {_m(y)}",
            (1, y),
            (1.08, yl),
            color=col[k],
            fontsize=fs - 1,
            va="center",
            arrowprops={"arrowstyle": "-", "color": col[k], "lw": 0.6},
        )
    e_g = v["E_GABA"]
    ax.annotate(
        "",
        (0.5, e_g),
        (0.5, v["V_rest"]),
        arrowprops={"arrowstyle": "->", "lw": 2.5, "color": col["E_GABA_ghk"]},
    )
    ax.set_xlim(0, 2.6)
    ax.set_xticks([])
    lo = min(y for _, y, _ in marks) - 8
    ax.set_ylim(lo, max(y for _, y, _ in marks) + 8)
    ax.set_ylabel("potential (mV)", fontsize=fs)
    word = "depolarizes" if v["gaba_depolarizes"] else "hyperpolarizes"
    scaled = "".join(f", {t} × {info[t]:g}" for t in ("KCC2", "NKCC1") if info[t] != 1.0)
    ax.set_title(f"a  {info['stage']} neuron{scaled}\n[Cl]ᵢ = {v['Cl_in']:.1f} mM: GABA {word}",
                 fontsize=fs + 1, loc="left")  # fmt: skip
    for s in ("top", "right", "bottom"):
        ax.spines[s].set_visible(False)
    # (b) KCC2 sweep
    ax = axes[1]
    x = np.array([r["kcc2_rel_mature"] for r in rows])
    for k, lab, ls in (("E_GABA_ghk", f"E_GABA (GHK, P ratio {info['r']:g})", "-"),
                       ("E_GABA_linear", f"E_GABA (linear, g ratio {info['r']:g})", "--"),
                       ("E_Cl", "E_Cl", "-"), ("V", "V_rest", "-"),
                       ("E_K", "E_K (KCC2 set point)", ":")):  # fmt: skip
        ax.plot(x, [r[k] for r in rows], ls, color=col[k], lw=2.2, label=lab)
    yk = "E_GABA_" + info["form"]
    ax.fill_between(x, [r["V"] for r in rows], [r[yk] for r in rows],
                    where=[r[yk] > r["V"] for r in rows], color=col["E_GABA_ghk"], alpha=0.12,
                    label="GABA depolarizes")  # fmt: skip
    ax.axvline(info["kcc2_now"], color="0.5", lw=1, ls="-.")
    ax.text(info["kcc2_now"], 0.02, " this cell", transform=ax.get_xaxis_transform(),
            fontsize=fs - 2, color="0.4")  # fmt: skip
    ax.set_xscale("log")
    ax.set_xlabel("KCC2 strength (× mature)", fontsize=fs)
    ax.set_ylabel("potential at the NESS (mV)", fontsize=fs)
    if math.isfinite(v["kcc2_at_E_GABA_equals_V"]):
        xc = v["kcc2_at_E_GABA_equals_V"]
        ax.axvline(xc, color=col["E_GABA_ghk"], lw=1, ls=":")
        ax.text(xc, 0.98, f" E_GABA = V_rest\n at {xc:.2f}×", transform=ax.get_xaxis_transform(),
                fontsize=fs - 2, color=col["E_GABA_ghk"], va="top")  # fmt: skip
    ax.set_title(f"b  KCC2 expression sets [Cl]ᵢ ({info['stage']} NKCC1)",
                 fontsize=fs + 1, loc="left")  # fmt: skip
    ax.legend(fontsize=fs - 2, loc="upper center", bbox_to_anchor=(0.5, -0.13), ncol=3,
              frameon=False)  # fmt: skip
    ax.tick_params(labelsize=fs - 1)
    # (c) shunting
    ax = axes[2]
    ii = [s["I_exc_pA"] for s in shunt]
    ax.plot(ii, [s["V_without_GABA"] for s in shunt], color="black", lw=2.2, label="without GABA")
    ax.plot(ii, [s["V_with_GABA"] for s in shunt], color=col["E_GABA_ghk"], lw=2.2,
            label=f"with g_GABA = {info['g_gaba']:g} nS")  # fmt: skip
    ax.axhline(info["threshold"], color=col["thr"], ls="--", lw=1.5)
    ax.text(ii[0], info["threshold"] + 0.6, " threshold (assumed)", color=col["thr"],
            fontsize=fs - 2)  # fmt: skip
    ax.axhline(e_g, color=col["E_GABA_ghk"], ls=":", lw=1.5)
    form = "GHK" if info["form"] == "ghk" else "linear"
    right = abs(e_g - shunt[-1]["V_without_GABA"]) > abs(e_g - shunt[0]["V_without_GABA"])
    ax.text(ii[-1] if right else ii[0], e_g + 0.6, f" E_GABA ({form}) ",
            color=col["E_GABA_ghk"], fontsize=fs - 2, ha="right" if right else "left")  # fmt: skip
    ax.axvline(v["I_exc_threshold"], color="0.6", lw=1)
    ax.plot([v["I_exc_threshold"]] * 2, [v["V_exc_without_GABA"], v["V_exc_with_GABA"]], "o",
            color="0.3", ms=5)  # fmt: skip
    ax.set_xlabel("excitatory current (pA)", fontsize=fs)
    ax.set_ylabel("steady V (mV)", fontsize=fs)
    verdict = "shunts (inhibits)" if v["gaba_inhibits"] else "adds to"
    ax.set_title(f"c  GABA {verdict} an input\n    that alone reaches threshold", fontsize=fs + 1,
                 loc="left")  # fmt: skip
    ax.legend(fontsize=fs - 2, loc="upper center", bbox_to_anchor=(0.5, -0.13), ncol=2,
              frameon=False)  # fmt: skip
    ax.tick_params(labelsize=fs - 1)
    for a in axes[1:]:
        a.spines["top"].set_visible(False)
        a.spines["right"].set_visible(False)
    fig.tight_layout()
    return fig


def _spread(ys: list[float], gap: float) -> list[float]:
    """Label heights: ``ys`` moved apart to at least ``gap`` (order kept)."""
    order = np.argsort(ys)
    out = np.array(ys, dtype=float)
    s = out[order]
    for i in range(1, len(s)):
        s[i] = max(s[i], s[i - 1] + gap)
    shift = np.mean(np.array(ys)[order]) - np.mean(s)
    out[order] = s + shift
    return list(out)


PARAMS = {
    "stage": Param("immature", "", "text", "developmental stage: the cell's NKCC1/KCC2 set",
                   choices=tuple(STAGES)),
    "form": Param("ghk", "", "text", "E_GABA formula: GHK (permeability ratio, default) or "
                  "linear (conductance-weighted, as in many NEURON models)", choices=G.FORMS),
    "p_hco3_ratio": Param(G.P_HCO3_RATIO, "", "dimensionless",
                          "HCO3⁻/Cl⁻ ratio of the GABA_A channel (P ratio for GHK, g ratio for "
                          "linear); 0.2: Bormann, Hamill & Sakmann 1987", lo=0.0, hi=10.0),
    "ph_in": Param(G.PH_IN, "", "dimensionless", "intracellular pH", lo=0.0, hi=14.0),
    "ph_out": Param(G.PH_OUT, "", "dimensionless", "extracellular pH", lo=0.0, hi=14.0),
    "hco3_out": Param(G.HCO3_OUT, "mM", "concentration", "[HCO3⁻]o (assumption: ACSF/CSF)",
                      lo=1e-6, hi=1000.0),
    "kcc2_scale": Param(1.0, "", "dimensionless", "KCC2 strength × the stage's", lo=0.0,
                        hi=100.0),
    "nkcc1_scale": Param(1.0, "", "dimensionless", "NKCC1 strength × the stage's", lo=0.0,
                         hi=100.0),
    "g_gaba": Param(2.0, "nS", "conductance", "GABA_A conductance for the shunting test "
                    "(assumption)", lo=0.0, hi=1000.0),
    "threshold": Param(-50.0, "mV", "voltage", "spike threshold (assumption; no spikes are "
                       "modelled)", lo=-150.0, hi=50.0),
}  # fmt: skip

SCENARIO = register(Scenario(
    "gaba-shift",
    "development: NKCC1/KCC2 set [Cl]i; E_GABA (Cl⁻ + HCO3⁻) above or below V_rest; shunting",
    SOURCES, PARAMS, run,
))  # fmt: skip
