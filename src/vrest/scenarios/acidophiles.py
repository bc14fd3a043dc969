"""Acidophiles: an inside-positive Δψ at pH 2, set by K⁺ uptake (issue 10, application 4).

Conventions (:mod:`vrest.pmf`): Δψ = ψ_in − ψ_out (= V), ΔpH = pH_in − pH_out,
Δp = Δψ − Z·ΔpH with Z = ln(10)·RT/F; **Δp < 0 drives H⁺ in**.

An acidophile such as Acidithiobacillus (Thiobacillus) ferrooxidans lives at pH ~2 and keeps its
cytoplasm near pH 6.5, a ΔpH of 4.5 units (266 mV of chemical driving force on H⁺), and holds Δψ
slightly inside-positive (+10 mV; Cox, Nicholls & Ingledew 1979): a "reversed" potential that
opposes part of the H⁺ influx. The reviews attribute it to cation (K⁺) uptake (Baker-Austin &
Dopson 2007; Slonczewski et al. 2009).

The cell vrest solves here (a stand-in, every rate constant an assumption):

* leaks of K⁺ (E_K ≈ −78 mV with [K]ᵢ 100, [K]ₒ 5 mM) and H⁺ (E_H = Z·ΔpH ≈ +271 mV);
* an ATP-driven electrogenic K⁺ uptake (1 K⁺ in per ATP; ``custom`` transporter, ``Kup``): the
  "K⁺ uptake" that the reviews say makes Δψ positive (stall at E_K + |ΔG_ATP|/F);
* an ATP-driven H⁺ extrusion (``HATPase``, 1 H⁺ out per ATP), standing in for the respiratory
  and ATPase H⁺ export that balances the H⁺ leak.

The two carriers' strengths are derived so that at pH 2 / 6.5 and Δψ = +10 mV both K⁺ and H⁺
are balanced (a true NESS, every net flux zero). A valinomycin-like rise of P_K (``pk_scale``)
then pulls V toward E_K: Δψ turns negative. With the K⁺ uptake stopped (``k_uptake = "off"``)
Δψ is negative too: the uptake is what makes it positive.

Units: mV, mM, pH, nS, °C.
"""

from __future__ import annotations

import math
import warnings
from functools import lru_cache
from typing import Any

from .. import pmf
from ..cell import Cell
from ..constants import rt_over_f
from ..membrane import atp_mV
from ..rest import solve_rest
from ..transporters import Transporter
from .base import Param, Scenario, ScenarioResult, register

SOURCES = (
    "Cox JC, Nicholls DG, Ingledew WJ (1979) Transmembrane electrical potential and "
    "transmembrane pH gradient in the acidophile Thiobacillus ferro-oxidans. Biochem J "
    "178:195–200 (abstract: pH_in 6.5 over pH_out 1–8; at pH 2 ΔpH 4.5 units with an opposing "
    "(inside-positive) potential of 10 mV, a proton electrochemical gradient of 256 mV).",
    "Baker-Austin C, Dopson M (2007) Life in acid: pH homeostasis in acidophiles. Trends "
    "Microbiol 15:165–171 (inside-positive Δψ from K⁺ uptake; not checked here).",
    "Slonczewski JL, Fujisawa M, Dopson M, Krulwich TA (2009) Cytoplasmic pH measurement and "
    "homeostasis in bacteria and archaea. Adv Microb Physiol 55:1–79.",
    "van de Vossenberg JLCM, Driessen AJM, Zillig W, Konings WN (1998) Bioenergetics and "
    "cytoplasmic membrane stability of the extremely acidophilic, thermophilic archaeon "
    "Picrophilus oshimae. Extremophiles 2:67–74 (pH_in 4.6; unverified here).",
)

CELSIUS = 30.0  # assumption: A. ferrooxidans is grown near 30 °C (unverified)
DPSI_TARGET = 10.0  # mV inside-positive at pH 2 (Cox et al. 1979)
DEFAULTS = {"ph_out": 2.0, "ph_in": 6.5, "k_out": 5.0}  # pHs: Cox et al. 1979; k_out: assumption
K_IN = 100.0  # mM, assumption (unverified)
G_K = 0.01  # nS, assumption: the K⁺ leak of a ~1 µm bacterium (only ratios matter for V)
G_H = 0.01  # nS, assumption: the H⁺ leak, equal to the K⁺ leak
GEOMETRY = {"radius": 0.5, "length": 2.0}  # µm, assumption: a 1 µm × 2 µm rod


@lru_cache(maxsize=1)
def design() -> dict[str, float]:
    """Strengths (nS) of the K⁺ uptake and the H⁺ extrusion that balance the K⁺ and H⁺ leaks at
    Δψ = +10 mV (pH 2 out, 6.5 in, 30 °C): g_Kup (E_K − V + A) = g_K (V − E_K) and
    g_Hp (V − E_H + A) = g_H (E_H − V), A = |ΔG_ATP|/F."""
    a = atp_mV(CELSIUS)
    v = DPSI_TARGET
    e_k = rt_over_f(CELSIUS) * math.log(DEFAULTS["k_out"] / K_IN)
    e_h = pmf.e_h(DEFAULTS["ph_in"], DEFAULTS["ph_out"], CELSIUS)
    return {
        "g_K": G_K,
        "g_H": G_H,
        "g_Kup": G_K * (v - e_k) / (e_k - v + a),
        "g_Hpump": G_H * (e_h - v) / (v - e_h + a),
    }


def acidophile_cell(
    ph_out: float = 2.0,
    ph_in: float = 6.5,
    k_out: float = 5.0,
    pk_scale: float = 1.0,
    k_uptake: bool = True,
) -> Cell:
    """The acidophile of :func:`design` in a bath at ``ph_out`` with ``k_out`` mM K⁺, cytoplasm
    at ``ph_in``; ``pk_scale`` multiplies the K⁺ leak (valinomycin); ``k_uptake=False`` stops
    the K⁺ uptake."""
    d = design()
    return Cell(
        ions={
            "K": {"c_in": K_IN, "c_out": k_out, "g": d["g_K"] * pk_scale},
            "H": {
                "c_in": pmf.ph_to_mM(ph_in, "ph_in"),
                "c_out": pmf.ph_to_mM(ph_out, "ph_out"),
                "g": d["g_H"],
            },
        },
        celsius=CELSIUS,
        transporters=(
            Transporter(
                "custom", d["g_Kup"] if k_uptake else 0.0, name="Kup", stoichiometry={"K": 1}, atp=1
            ),
            Transporter("HATPase", d["g_Hpump"]),
        ),
        name="Acidophile (A. ferrooxidans-like)",
        **GEOMETRY,
    )


def _solve(cell: Cell) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return solve_rest(cell)


def run_acidophile(
    ph_out: float, ph_in: float, k_out: float, pk_scale: float, k_uptake: str
) -> ScenarioResult:
    T = CELSIUS
    res = _solve(acidophile_cell(ph_out, ph_in, k_out, pk_scale, k_uptake == "on"))
    v = float(res.V)
    e_k, e_h = float(res.E["K"]), float(res.E["H"])
    z = pmf.z_mV(T)
    dph = ph_in - ph_out
    dp = pmf.proton_motive_force(v, ph_in, ph_out, T)
    v_val = float(_solve(acidophile_cell(ph_out, ph_in, k_out, 100.0, k_uptake == "on")).V)
    v_noup = float(_solve(acidophile_cell(ph_out, ph_in, k_out, pk_scale, False)).V)
    scales = [10 ** (x / 8) for x in range(-8, 33)]  # 0.1 … 10,000
    curve = [
        {"pk_scale": s, "V_mV": float(_solve(acidophile_cell(ph_out, ph_in, k_out, s)).V)}
        for s in scales
    ]
    numbers = {
        "dpsi": (v, "mV"),
        "dpH": (dph, "pH units"),
        "Z_dpH": (z * dph, "mV"),
        "dp": (dp, "mV"),
        "E_K": (e_k, "mV"),
        "E_H": (e_h, "mV"),
        "dpsi_valinomycin": (v_val, "mV"),
        "dpsi_no_k_uptake": (v_noup, "mV"),
    }
    state = res.state
    text = "\n".join(
        [
            f"acidophile: A. ferrooxidans-like cell, {T:g} °C, pH {ph_out:g} out / {ph_in:g} in, "
            f"[K]ₒ {k_out:g} mM, P_K × {pk_scale:g}, K⁺ uptake {k_uptake}",
            f"  Δψ = ψ_in − ψ_out = {v:+.1f} mV (inside-{'positive' if v > 0 else 'negative'})",
            f"  ΔpH = pH_in − pH_out = {dph:+.2f}; Z·ΔpH = {z * dph:+.1f} mV (Z = {z:.2f} mV/pH)",
            f"  Δp = Δψ − Z·ΔpH = {dp:+.1f} mV (Δp < 0 drives H⁺ in)",
            f"  E_K = {e_k:.1f} mV, E_H = {e_h:+.1f} mV; state: {state}",
            f"  valinomycin (P_K × 100): Δψ = {v_val:+.1f} mV; K⁺ uptake stopped: Δψ = "
            f"{v_noup:+.1f} mV",
            "model: K⁺ and H⁺ leaks (equal g, assumption) with an ATP-driven electrogenic K⁺ "
            "uptake and an ATP-driven H⁺ extrusion, both sized so that at pH 2/6.5 and "
            "Δψ = +10 mV (Cox et al. 1979) K⁺ and H⁺ are balanced (a NESS). [K]ᵢ 100 mM, "
            "[K]ₒ 5 mM, 30 °C and the carriers' mechanisms are assumptions (unverified). "
            "Picrophilus oshimae (pH_in ≈ 4.6, van de Vossenberg et al. 1998, unverified): "
            "try ph_in = 4.6, ph_out = 1 (the cell's carriers are not re-sized).",
        ]
    )

    def figure() -> Any:
        from ..plotting import _mpl

        plt = _mpl()
        fig, (ax, bx) = plt.subplots(
            1, 2, figsize=(11, 4.8), layout="constrained", width_ratios=(1.6, 1)
        )
        ax.semilogx(
            [r["pk_scale"] for r in curve],
            [r["V_mV"] for r in curve],
            "C0-",
            lw=2.5,
            label="Δψ = ψ_in − ψ_out (model)",
        )
        ax.axhline(e_k, color="C1", ls="--", lw=1.5, label=f"E_K = {e_k:.0f} mV")
        ax.axhline(0, color="0.4", lw=0.8)
        ax.plot(
            [1],
            [DPSI_TARGET],
            "s",
            mfc="none",
            mec="C2",
            ms=11,
            mew=2,
            label="Cox et al. 1979: +10 mV at pH 2",
        )
        ax.plot([100], [v_val], "o", color="C3", ms=8, label=f"valinomycin ×100: {v_val:+.0f} mV")
        ax.set_xlabel("P_K relative to rest (valinomycin raises it)", fontsize=12)
        ax.set_ylabel("Δψ (mV)", fontsize=12)
        ax.set_title(f"Inside-positive Δψ at pH {ph_out:g} and its collapse by P_K", fontsize=12)
        ax.text(0.6, 0.92, f"E_H = {e_h:+.0f} mV (off scale)", transform=ax.transAxes)
        ax.grid(alpha=0.3)
        ax.legend(fontsize=9.5, loc="center left")
        labels = ["Δψ", "−Z·ΔpH", "Δp"]
        for i, (vv, name) in enumerate(((v, "rest"), (v_val, "valinomycin ×100"))):
            vals = [vv, -z * dph, vv - z * dph]
            xs = [j + (i - 0.5) * 0.38 for j in range(3)]
            bx.bar(xs, vals, width=0.36, color=f"C{2 * i}", label=name)
        bx.axhline(0, color="0.3", lw=0.8)
        bx.set_xticks(range(3), labels, fontsize=12)
        bx.set_ylabel("mV", fontsize=12)
        bx.set_title("Δp = Δψ − Z·ΔpH (< 0 drives H⁺ in)", fontsize=12)
        bx.legend(fontsize=9.5)
        bx.grid(alpha=0.3, axis="y")
        return fig

    return ScenarioResult("acidophile", numbers, text, {"dpsi_vs_pk_scale": curve}, figure)


ACIDOPHILE = register(
    Scenario(
        name="acidophile",
        summary="An acidophile at pH 2: inside-positive Δψ from K⁺ uptake, reversed by P_K",
        sources=SOURCES,
        params={
            "ph_out": Param(2.0, "pH", "dimensionless", "pH of the medium", lo=0.0, hi=8.0),
            "ph_in": Param(6.5, "pH", "dimensionless", "cytoplasmic pH", lo=3.0, hi=8.5),
            "k_out": Param(5.0, "mM", "concentration", "medium K⁺", lo=1e-3, hi=100.0),
            "pk_scale": Param(
                1.0, "", "dimensionless", "P_K multiplier (valinomycin > 1)", lo=1e-3, hi=1e5
            ),
            "k_uptake": Param(
                "on", "", "text", "the electrogenic K⁺ uptake on or stopped", choices=("on", "off")
            ),
        },
        run_fn=run_acidophile,
    )
)

__all__ = ["ACIDOPHILE", "acidophile_cell", "design"]
