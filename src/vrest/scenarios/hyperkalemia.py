"""Cardiac hyperkalemia: the resting potential of a human ventricular myocyte against [K]ₒ.

The cell is the ten Tusscher–Panfilov 2006 model (:mod:`vrest.cardiac`) at rest: every gate
at its steady state, the concentrations held at the model's initial values, only [K]ₒ
changed. Its rest is set mainly by the inward rectifier I_K1 (conductance ∝ √[K]ₒ,
rectification that follows E_K), the background currents and the Na⁺/K⁺ pump. The scenario
computes V_rest against [K]ₒ beside E_K, the I_K1 I–V curves at 2, 5.4 and 12 mM (their
crossover), the Na⁺-channel availability h∞·j∞ at rest and the quasi-instantaneous threshold
(the biphasic change in excitability). Units: mM, mV, pA/pF.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..errors import VrestInputError
from .base import Param, Scenario, ScenarioResult, register

SOURCES = (
    "ten Tusscher KHWJ, Panfilov AV (2006) Alternans and spiral breakup in a human ventricular "
    "tissue model. Am J Physiol Heart Circ Physiol 291:H1088–H1100 (the model; equations and "
    "initial values read from the CellML-derived TenTusscher06.cpp of Nektar++ and Myokit's "
    "tentusscher-2006.mmt)",
    "ten Tusscher KHWJ, Noble D, Noble PJ, Panfilov AV (2004) A model for human ventricular "
    "tissue. Am J Physiol Heart Circ Physiol 286:H1573–H1589 (I_K1, I_NaK, I_NaCa, background "
    "currents)",
    "Sakmann B, Trube G (1984) Conductance properties of single inwardly rectifying potassium "
    "channels in ventricular cells from guinea-pig heart. J Physiol 347:641–657 (√[K]o)",
    "FitzHugh R (1960) Thresholds and plateaus in the Hodgkin-Huxley nerve equations. J Gen "
    "Physiol 43:867–896 (the fast–slow threshold)",
)

#: [K]ₒ of the I_K1 I–V curves (mM): hypokalemic, the model's own, hyperkalemic.
IV_K = (2.0, 5.4, 12.0)
#: Nernst slope at 310 K with the model's constants, mV per decade: RT/F · ln 10.
NERNST_DECADE = 8314.472 * 310.0 / 96485.3415 * math.log(10.0)

PARAMS = {
    "k_out_min": Param(2.0, "mM", "concentration", "lowest [K]o of the sweep", lo=0.5, hi=30.0),
    "k_out_max": Param(12.0, "mM", "concentration", "highest [K]o of the sweep", lo=0.5, hi=30.0),
    "points": Param(41, "", "dimensionless", "number of [K]o values (log-spaced)", lo=2, hi=400),
    "celltype": Param(
        "epi", "", "text", "TTP06 cell type: epi, endo or M", choices=("epi", "endo", "M")
    ),
}


def _check(k_out_min: Any, k_out_max: Any, points: Any, celltype: Any) -> tuple:
    """The parameters checked again (``run_fn`` may be called directly): each bad one raises
    :class:`VrestInputError` naming it."""
    from ..cardiac import CELLTYPES

    out = []
    for name, v in (("k_out_min", k_out_min), ("k_out_max", k_out_max)):
        try:
            x = float(v)
        except (TypeError, ValueError):
            raise VrestInputError(f"hyperkalemia.{name}", v, "a concentration in mM") from None
        p = PARAMS[name]
        if not (math.isfinite(x) and x > 0 and p.lo <= x <= p.hi):
            raise VrestInputError(
                f"hyperkalemia.{name}", v, f"a concentration from {p.lo:g} to {p.hi:g} mM"
            )
        out.append(x)
    if not out[0] < out[1]:
        raise VrestInputError(
            "hyperkalemia.k_out_min", k_out_min, f"less than k_out_max = {out[1]:g} mM"
        )
    if isinstance(points, bool) or not float(points).is_integer() or not 2 <= points <= 400:
        raise VrestInputError("hyperkalemia.points", points, "a whole number from 2 to 400")
    if celltype not in CELLTYPES:
        raise VrestInputError("hyperkalemia.celltype", celltype, "one of epi, endo, M")
    return out[0], out[1], int(points), celltype


def _row(k: float, celltype: str) -> dict[str, Any]:
    from ..cardiac import ttp06_cell, ttp06_fast_threshold, ttp06_rest

    r = ttp06_rest(ttp06_cell(celltype, k))
    thr = None if r["depolarized"] else ttp06_fast_threshold(r)
    hj = r["gates"]["h"] * r["gates"]["j"]
    return {
        "k_out_mM": k,
        "V_rest_mV": r["V_rest"],
        "E_K_mV": r["E"]["E_K"],
        "V_minus_E_K_mV": r["V_rest"] - r["E"]["E_K"],
        "h_inf_j_inf": hj,
        "fraction_inactivated": 1.0 - hj,
        "V_threshold_mV": float("nan") if thr is None else thr,
        "threshold_depolarization_mV": float("nan") if thr is None else thr - r["V_rest"],
        "I_K1_pA_pF": r["currents"]["I_K1"],
        "I_NaK_pA_pF": r["currents"]["I_NaK"],
        "net_pA_pF": r["net"],
        "depolarized": r["depolarized"],
    }


def _slope(k1: float, k2: float, celltype: str) -> float:
    """dV_rest/dlog10[K]o (mV/decade) between k1 and k2 (mM)."""
    from ..cardiac import ttp06_cell, ttp06_rest

    v1 = ttp06_rest(ttp06_cell(celltype, k1))["V_rest"]
    v2 = ttp06_rest(ttp06_cell(celltype, k2))["V_rest"]
    return (v2 - v1) / math.log10(k2 / k1)


def _ik1_iv(celltype: str) -> tuple[np.ndarray, dict[float, np.ndarray], dict[float, float]]:
    from ..cardiac import ttp06_cell, ttp06_reversals
    from ..gating import _ik1

    V = np.linspace(-130.0, 0.0, 521)
    cur, ek = {}, {}
    for k in IV_K:
        e = ttp06_reversals(ttp06_cell(celltype, k))["E_K"]
        cur[k], ek[k] = _ik1(V, k, e), e
    return V, cur, ek


def _crossover(V: np.ndarray, a: np.ndarray, b: np.ndarray) -> float:
    """The V (mV) where curve ``b`` (high [K]o) stops being below ``a`` (low [K]o), linearly
    interpolated; NaN if they never cross."""
    d = b - a
    idx = np.nonzero((d[:-1] < 0) & (d[1:] >= 0))[0]
    if idx.size == 0:
        return float("nan")
    i = int(idx[0])
    return float(V[i] - d[i] * (V[i + 1] - V[i]) / (d[i + 1] - d[i]))


def run(
    k_out_min: float = 2.0, k_out_max: float = 12.0, points: int = 41, celltype: str = "epi"
) -> ScenarioResult:
    """Run the hyperkalemia scenario (module docstring)."""
    from ..cardiac import CELLTYPES, CURRENTS, ttp06_cell, ttp06_rest

    kmin, kmax, n, ct = _check(k_out_min, k_out_max, points, celltype)
    ks = np.geomspace(kmin, kmax, n)
    rows = [_row(float(k), ct) for k in ks]
    ref = _row(5.4, ct)
    rest54 = ttp06_rest(ttp06_cell(ct, 5.4))
    v0 = CELLTYPES[ct]["V0"]
    V, iv, ek = _ik1_iv(ct)
    x_v = _crossover(V, iv[IV_K[0]], iv[IV_K[-1]])
    hi_slope = _slope(kmax / 1.2, kmax, ct)
    lo_slope = _slope(kmin, kmin * 1.2, ct)
    thr = [(r["threshold_depolarization_mV"], r["k_out_mM"]) for r in rows]
    finite = [t for t in thr if math.isfinite(t[0])]
    k_most = min(finite)[1] if finite else float("nan")
    inexc = [
        r["k_out_mM"]
        for r in rows
        if not math.isfinite(r["threshold_depolarization_mV"]) and not r["depolarized"]
    ]
    numbers = {
        "V_rest_5p4": (rest54["V_rest"], "mV"),
        "V_published_5p4": (v0, "mV"),
        "V_rest_minus_published": (rest54["V_rest"] - v0, "mV"),
        "E_K_5p4": (rest54["E"]["E_K"], "mV"),
        "V_rest_at_min": (rows[0]["V_rest_mV"], "mV"),
        "V_rest_at_max": (rows[-1]["V_rest_mV"], "mV"),
        "slope_high": (hi_slope, "mV/decade"),
        "slope_low": (lo_slope, "mV/decade"),
        "nernst_slope": (NERNST_DECADE, "mV/decade"),
        "h_inf_j_inf_5p4": (ref["h_inf_j_inf"], ""),
        "threshold_depolarization_5p4": (ref["threshold_depolarization_mV"], "mV"),
        "k_out_most_excitable": (k_most, "mM"),
        "k_out_inexcitable": (inexc[0] if inexc else float("nan"), "mM"),
        "ik1_crossover_V": (x_v, "mV"),
        "max_abs_net_current": (max(abs(r["net_pA_pF"]) for r in rows), "pA/pF"),
    }
    iv_rows = [
        {"V_mV": float(v), **{f"I_K1_{k:g}mM_pA_pF": float(iv[k][i]) for k in IV_K}}
        for i, v in enumerate(V[::10])
    ]
    cur_rows = [{"current": k, "pA_pF": float(rest54["currents"][k])} for k in CURRENTS]
    text = _text(ct, rows, numbers, rest54, ek)
    return ScenarioResult(
        "hyperkalemia",
        numbers,
        text,
        {"rest": rows, "ik1_iv": iv_rows, "currents_at_5p4": cur_rows},
        lambda: _figure(ct, rows, V, iv, ek, numbers),
    )


def _text(ct: str, rows: list, numbers: dict, rest54: dict, ek: dict) -> str:
    n = {k: v for k, (v, _) in numbers.items()}
    lines = [
        f"Cardiac hyperkalemia — ten Tusscher–Panfilov 2006 human ventricular myocyte ({ct}), "
        "at rest",
        "",
        f"At the model's [K]o = 5.4 mM: V_rest = {n['V_rest_5p4']:.3f} mV (the model's published "
        f"initial V, {n['V_published_5p4']:.3f} mV; difference {n['V_rest_minus_published']:+.3f}"
        f" mV), E_K = {n['E_K_5p4']:.2f} mV, Na⁺ availability h∞·j∞ = "
        f"{n['h_inf_j_inf_5p4']:.3f}.",
        "Currents at that rest (pA/pF, outward +): "
        + ", ".join(f"{k} {v:+.4f}" for k, v in rest54["currents"].items() if abs(v) >= 5e-4)
        + ".",
        "",
        f"{'[K]o mM':>8} {'V_rest':>9} {'E_K':>9} {'V−E_K':>7} {'h∞j∞':>7} {'V_thr':>8} "
        f"{'ΔV_thr':>7}",
    ]
    for r in rows:
        thr = r["V_threshold_mV"]
        lines.append(
            f"{r['k_out_mM']:8.3f} {r['V_rest_mV']:9.2f} {r['E_K_mV']:9.2f} "
            f"{r['V_minus_E_K_mV']:7.2f} {r['h_inf_j_inf']:7.4f} "
            + (
                f"{thr:8.2f} {r['threshold_depolarization_mV']:7.2f}"
                if math.isfinite(thr)
                else f"{'—':>8} {'inexc.':>7}"
            )
        )
    lines += [
        "",
        "What it shows",
        f"• V_rest follows E_K closely at high [K]o (slope {n['slope_high']:.1f} mV/decade at the "
        f"top of the range, Nernst {n['nernst_slope']:.1f}) and departs from it at low [K]o "
        f"(slope {n['slope_low']:.1f} mV/decade at the bottom): there g_K1 ∝ √[K]o is small and "
        "the inward background currents (I_bNa, I_bCa, I_NaCa) pull V above E_K.",
        f"• The I_K1 I–V curves cross (2 vs 12 mM at V ≈ {n['ik1_crossover_V']:.1f} mV): raising "
        "[K]o makes I_K1 more inward negative of the crossing but more outward positive of it, "
        "because the rectification moves with E_K and the conductance grows as √[K]o.",
        "• Excitability is biphasic. Mild hyperkalemia depolarizes the cell toward threshold: "
        "the depolarization a stimulus must supply (ΔV_thr = V_thr − V_rest, V_thr the "
        "quasi-instantaneous threshold) shrinks, the cell is more excitable; it is smallest at "
        f"[K]o ≈ {n['k_out_most_excitable']:.2g} mM in this sweep. Severe hyperkalemia "
        "depolarizes it so far that the Na⁺ channels inactivate (1 − h∞j∞ → 1; in TTP06 "
        "j∞ = h∞, so availability is h∞²): ΔV_thr grows again and the cell becomes inexcitable"
        + (
            f" (no threshold from {n['k_out_inexcitable']:.3g} mM)"
            if math.isfinite(n["k_out_inexcitable"])
            else " (beyond this sweep: ≈ 15 mM for epi)"
        )
        + ".",
        "",
        "Assumptions",
        "• Quiescent cell: every gate at its steady state x∞(V) (I_Na m∞³h∞j∞, I_to, I_Kr, I_Ks, "
        "I_CaL with d∞f∞f2∞fCass∞), the 12 sarcolemmal currents summed to zero.",
        "• Concentrations fixed at the model's initial values ([Na]i, [K]i, [Ca]i, [Ca]ss; [Na]o "
        "140, [Ca]o 2 mM); only [K]o changes (E_K, g_K1, g_Kr, I_NaK follow it). No slow "
        "drift of [Na]i/[K]i, no pump adaptation.",
        f"• Cell type {ct}: epi reproduces the CellML epicardial initial V; the endo and M "
        "initial values are as quoted by third-party ports of the CellML variants (unverified "
        "against the CellML files), and the endo rest lies ≈ 1 mV above its quoted initial V.",
        "• V_thr: m and x_K1 follow V instantly, every other gate frozen at rest (fast–slow "
        "reduction, FitzHugh 1960): a guide to excitability, not a simulated upstroke; the "
        "clinical thresholds (mild ≈ 5.5–7, severe > 8 mM) are not fitted.",
        "",
        "What it does not reproduce",
        "• The paradoxical depolarization of cardiac cells in low [K]o (≈ 1–3 mM in experiments; "
        "attributed to a fall of the K⁺ conductance beyond √[K]o and to K2P channels changing "
        "selectivity): in TTP06 with fixed concentrations the rest follows E_K down to 2 mM, and "
        "the hyperpolarized rest vanishes only below ≈ 0.65 mM (epi), where it merges with the "
        "steady-state threshold and the cell settles near −23 mV.",
        "• Time: the hours-long changes of [Na]i, [K]i and pump rate, and effects of [K]o on "
        "gating beyond √[K]o (I_Kr inactivation) are absent; no action potentials are simulated.",
        "",
        "Sources",
        *(f"• {s}" for s in SOURCES),
    ]
    return "\n".join(lines)


def _figure(ct: str, rows: list, V: np.ndarray, iv: dict, ek: dict, numbers: dict) -> Any:
    from ..plotting import _mpl

    plt = _mpl()
    k = np.array([r["k_out_mM"] for r in rows])
    vr = np.array([r["V_rest_mV"] for r in rows])
    e = np.array([r["E_K_mV"] for r in rows])
    hj = np.array([r["h_inf_j_inf"] for r in rows])
    dthr = np.array([r["threshold_depolarization_mV"] for r in rows])
    fig, ax = plt.subplots(2, 2, figsize=(12.5, 8.6))
    ticks = [t for t in (1, 2, 3, 4, 5.4, 8, 12, 16, 20, 30) if k[0] <= t <= k[-1]]

    def kaxis(a: Any) -> None:
        a.set_xscale("log")
        a.set_xticks(ticks, [f"{t:g}" for t in ticks])
        a.minorticks_off()
        a.set_xlabel("[K⁺]ₒ (mM, log scale)")
        a.axvline(5.4, color="0.6", lw=0.8, ls=":")
        a.grid(alpha=0.3)

    a = ax[0, 0]
    a.plot(k, vr, "C0-", lw=2.2, label="V_rest (TTP06, quiescent)")
    a.plot(k, e, "k--", lw=1.3, label="E_K (Nernst)")
    v54, p54 = numbers["V_rest_5p4"][0], numbers["V_published_5p4"][0]
    a.plot(
        [5.4],
        [p54],
        "o",
        ms=9,
        mfc="none",
        mec="C3",
        mew=1.8,
        label=f"published initial V {p54:.2f} mV",
    )
    a.plot([5.4], [v54], "C0.", ms=8)
    a.set_ylabel("membrane potential (mV)")
    a.set_title("A. Resting potential follows E_K at high [K⁺]ₒ")
    kaxis(a)
    a.legend(loc="lower right", fontsize=9)

    a = ax[0, 1]
    for c, kk in zip(("C0", "0.35", "C3"), IV_K):
        a.plot(V, iv[kk], color=c, lw=2, label=f"[K⁺]ₒ = {kk:g} mM")
        a.axvline(ek[kk], color=c, lw=0.9, ls="--")
        a.text(ek[kk] + 1, 2.2, f"E_K {ek[kk]:.0f}", color=c, fontsize=8, rotation=90, va="bottom")
    xv = numbers["ik1_crossover_V"][0]
    if math.isfinite(xv):
        a.axvline(xv, color="C2", lw=1, ls=":")
        a.annotate(
            f"crossover\n{xv:.0f} mV",
            (xv, 0),
            (xv + 6, -3.4),
            color="C2",
            fontsize=9,
            arrowprops={"arrowstyle": "->", "color": "C2"},
        )
    a.axhline(0, color="k", lw=0.6)
    a.set_ylim(-6, 4)
    a.set_xlabel("V (mV)")
    a.set_ylabel("I_K1 (pA/pF, outward +)")
    a.set_title("B. I_K1 I–V: conductance ∝ √[K⁺]ₒ, rectification moves with E_K")
    a.grid(alpha=0.3)
    a.legend(loc="lower right", fontsize=9)

    a = ax[1, 0]
    a.plot(k, hj, "C1-", lw=2.2, label="available: h∞·j∞(V_rest)")
    a.plot(k, 1 - hj, "C4--", lw=1.5, label="inactivated: 1 − h∞·j∞")
    a.set_ylim(-0.02, 1.02)
    a.set_ylabel("fraction of Na⁺ channels")
    a.set_title("C. Na⁺ channel availability at rest (TTP06: j∞ = h∞)")
    kaxis(a)
    a.legend(loc="center left", fontsize=9)

    a = ax[1, 1]
    ok = np.isfinite(dthr)
    a.plot(k[ok], dthr[ok], "C2-o", ms=3, lw=2, label="ΔV_thr = V_thr − V_rest")
    if ok.any():
        i = int(np.nanargmin(dthr))
        a.plot(k[i], dthr[i], "C3*", ms=13, label=f"most excitable ≈ {k[i]:.1f} mM")
        a.axvspan(k[0], k[i], color="C2", alpha=0.07)
        a.axvspan(k[i], k[-1], color="C3", alpha=0.07)
        top = float(np.nanmax(dthr))
        a.text(k[0] * 1.05, top * 0.97, "more excitable →", color="C2", fontsize=9, va="top")
        a.text(
            k[-1] / 1.05,
            top * 0.97,
            "← Na⁺ inactivation:\nless excitable",
            color="C3",
            fontsize=9,
            va="top",
            ha="right",
        )
    if (~ok).any():
        kin = k[~ok][0]
        a.axvline(kin, color="k", lw=1, ls="--")
        a.text(kin, a.get_ylim()[0], " inexcitable", fontsize=9, va="bottom")
    a.set_ylabel("depolarization to threshold (mV)")
    a.set_title("D. Excitability is biphasic in [K⁺]ₒ")
    kaxis(a)
    a.legend(loc="lower left", fontsize=9)

    fig.suptitle(
        f"Cardiac hyperkalemia — ten Tusscher–Panfilov 2006 human ventricular myocyte ({ct}); "
        "gates at steady state, concentrations fixed",
        fontsize=12,
    )
    fig.tight_layout(rect=(0, 0, 1, 0.96))
    return fig


register(
    Scenario(
        "hyperkalemia",
        "human ventricular myocyte (TTP06): V_rest, I_K1 and Na⁺ availability against [K]o",
        SOURCES,
        PARAMS,
        run,
    )
)
