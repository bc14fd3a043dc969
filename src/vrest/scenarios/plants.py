"""Plants and fungi: an electrogenic H⁺-ATPase drives V far below E_K (issue 10, application 3).

Two scenarios:

* ``root-hair``: a growing Arabidopsis root hair — a K⁺ leak and the plasma-membrane H⁺-ATPase
  (1 H⁺ out per ATP). The pump is vrest's linear thermodynamic pump (``HATPase``): its rate is
  g·D with D = V − E_H + |ΔG_ATP|/F, i.e. a battery of EMF V_stall = E_H − |ΔG_ATP|/F (about
  −430 mV) in series with g (the equivalent circuit of Gradmann, Hansen & Slayman). V sits
  between E_K and V_stall, tens of mV below E_K at 1–10 mM [K]ₒ, and the K⁺ current at rest is
  inward (as Lew 1991 found: TEA hyperpolarizes the hair).
* ``neurospora-atp-cut``: a Neurospora crassa hypha at about −200 mV whose pump stops when ATP
  is cut (cyanide, azide): V falls back to the passive K⁺/Na⁺ potential, about −50 mV
  (Slayman 1965).

An "ATP cut" here is the pump's rate set to zero (g = 0), compared with the rest with the pump:
the linear pump with ΔG_ATP → 0 would become an H⁺ leak running backward (synthesising ATP
from nothing to synthesise it from), which a real ATPase without ATP, ADP and Pi does not do.
(vrest.dynamics' ``atp_cut`` stops the Na⁺/K⁺ pump only.) V follows the pump within a few
τ = C/G (milliseconds); in the cells it follows the fall of ATP over seconds (Slayman, Long &
Lu 1973), which this rest comparison does not model.

Units: mV, mM, pH, nS, pA, µA/cm², °C.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

from .. import pmf
from ..cell import Cell
from ..constants import rt_over_f
from ..membrane import atp_mV
from ..rest import solve_rest
from ..transporters import Transporter
from .base import Param, Scenario, ScenarioResult, register

SOURCES_PLANTS = (
    "Lew RR (1991) Electrogenic transport properties of growing Arabidopsis root hairs: the "
    "plasma membrane proton pump and potassium channels. Plant Physiol 97:1527–1534 (pump the "
    "dominant contribution to the resting potential; pump current about 250 µA/cm² in young "
    "growing hairs; TEA hyperpolarizes: net inward K⁺ current at rest).",
    "Lew RR (1996) Pressure regulation of the electrical properties of growing Arabidopsis "
    "thaliana L. root hairs. Plant Physiol 112:1089–1100 (abstract: initial potential about "
    "−190 mV).",
    "Slayman CL (1965) Electrical properties of Neurospora crassa. Effects of external cations "
    "on the intracellular potential. J Gen Physiol 49:69–92; and Respiration and the "
    "intracellular potential. J Gen Physiol 49:93–116.",
    "Slayman CL (1962) Measurement of membrane potentials in Neurospora. Science 136:876–877 "
    "(azide reduces the potential to about 30 mV).",
    "Slayman CL, Gradmann D: Electrogenic proton transport in the plasma membrane of Neurospora "
    "(resting potential −160 to −240 mV; membrane resistance ca. 10,000 Ω·cm²).",
    "Gradmann D, Hansen U-P, Long WS, Slayman CL, Warncke J (1978) Current-voltage "
    "relationships for the plasma membrane and its principal electrogenic pump in Neurospora "
    "crassa. J Membr Biol 39:333–367 (pump as an EMF in series with a conductance).",
    "Palmgren MG (2001) Plant plasma membrane H⁺-ATPases: powerhouses for nutrient uptake. "
    "Annu Rev Plant Physiol Plant Mol Biol 52:817–845 (1 H⁺ per ATP).",
)

#: Root hair: temperature (°C) and the published potential the cell is calibrated to.
ROOT_HAIR_CELSIUS = 22.0
ROOT_HAIR_V_TARGET = -190.0  # Lew 1996, abstract ("about −190 mV")
ROOT_HAIR_PUMP_DENSITY = 250.0  # µA/cm², Lew 1991 abstract (young growing hairs)
ROOT_HAIR_K_IN = 100.0  # mM, unverified: a typical cytosolic K⁺
ROOT_HAIR_DEFAULTS = {"k_out": 1.0, "ph_out": 5.5, "ph_in": 7.3}
ROOT_HAIR_GEOMETRY = {"radius": 5.0, "length": 100.0}  # µm, assumption

#: Neurospora: temperature, concentrations and the two potentials of Slayman 1965.
NEURO_CELSIUS = 25.0
NEURO_V_ATP = -200.0  # Slayman 1965 (issue's summary); -160 to -240 mV (Slayman & Gradmann)
NEURO_V_NO_ATP = -50.0  # Slayman 1965 (issue's summary); unverified here
NEURO_R_M = 1.0e4  # Ω·cm², Slayman & Gradmann (ca. 10,000 Ω·cm²)
NEURO_CONC = {"K": (180.0, 10.0), "Na": (14.0, 25.0)}  # mM in/out, unverified/assumption
NEURO_DEFAULTS = {"k_out": 10.0, "ph_out": 5.8, "ph_in": 7.2}
NEURO_GEOMETRY = {"radius": 8.0, "length": 100.0}  # µm, assumption


def _stall(ph_in: float, ph_out: float, celsius: float) -> float:
    """V_stall of vrest's H⁺-ATPase (n = 1) with the cell's ΔG_ATP at ``celsius``."""
    return pmf.e_h(ph_in, ph_out, celsius) - atp_mV(celsius)


@lru_cache(maxsize=1)
def root_hair_design() -> dict[str, float]:
    """The root hair's conductances (nS), derived so that at the default bath V = −190 mV
    (Lew 1996) with a pump current density of 250 µA/cm² (Lew 1991): the pump's g from
    I_p = g·(V − V_stall), then g_K from the zero net current g_K (V − E_K) + I_p = 0."""
    d = ROOT_HAIR_DEFAULTS
    T = ROOT_HAIR_CELSIUS
    v, vs = ROOT_HAIR_V_TARGET, _stall(d["ph_in"], d["ph_out"], T)
    e_k = rt_over_f(T) * math.log(d["k_out"] / ROOT_HAIR_K_IN)
    area = 2 * math.pi * ROOT_HAIR_GEOMETRY["radius"] * ROOT_HAIR_GEOMETRY["length"]
    i_p = ROOT_HAIR_PUMP_DENSITY / 100.0 * area  # µA/cm² → pA/µm² (÷100) × µm²
    g_p = i_p / (v - vs)
    return {"g_pump": g_p, "g_K": -i_p / (v - e_k)}


def root_hair_cell(
    k_out: float = 1.0, ph_out: float = 5.5, ph_in: float = 7.3, pump: bool = True
) -> Cell:
    """The root-hair cell (conductances of :func:`root_hair_design`) in a bath of ``k_out`` mM
    K⁺ at ``ph_out``, cytosol at ``ph_in``; ``pump=False``: the H⁺-ATPase stopped."""
    g = root_hair_design()
    return Cell(
        ions={
            "K": {"c_in": ROOT_HAIR_K_IN, "c_out": k_out, "g": g["g_K"]},
            "H": {
                "c_in": pmf.ph_to_mM(ph_in, "ph_in"),
                "c_out": pmf.ph_to_mM(ph_out, "ph_out"),
                "g": 0.0,
            },
        },
        celsius=ROOT_HAIR_CELSIUS,
        transporters=(Transporter("HATPase", g["g_pump"] if pump else 0.0),),
        name="Arabidopsis root hair",
        **ROOT_HAIR_GEOMETRY,
    )


@lru_cache(maxsize=1)
def neurospora_design() -> dict[str, float]:
    """Neurospora's conductances (nS), derived from three published numbers: the passive
    (pump-stopped) potential −50 mV sets g_Na/g_K; the potential with the pump, −200 mV, sets
    the pump's share g_p/(g_K + g_Na) = (V − V_off)/(V_stall − V); the membrane resistance
    10,000 Ω·cm² (with the pump) sets the total."""
    d, T = NEURO_DEFAULTS, NEURO_CELSIUS
    rt = rt_over_f(T)
    (ki, ko), (nai, nao) = NEURO_CONC["K"], NEURO_CONC["Na"]
    e_k, e_na = rt * math.log(ko / ki), rt * math.log(nao / nai)
    vs = _stall(d["ph_in"], d["ph_out"], T)
    v1, v0 = NEURO_V_ATP, NEURO_V_NO_ATP
    na_over_k = (v0 - e_k) / (e_na - v0)
    p_over_l = (v1 - v0) / (vs - v1)
    area = 2 * math.pi * NEURO_GEOMETRY["radius"] * NEURO_GEOMETRY["length"]
    g_total = area * 1e-8 / NEURO_R_M * 1e9  # S/cm² × cm² → S → nS
    g_leak = g_total / (1 + p_over_l)
    g_k = g_leak / (1 + na_over_k)
    return {"g_pump": g_total - g_leak, "g_K": g_k, "g_Na": g_leak - g_k}


def neurospora_cell(
    k_out: float = 10.0, ph_out: float = 5.8, ph_in: float = 7.2, pump: float = 1.0
) -> Cell:
    """The Neurospora hypha (conductances of :func:`neurospora_design`); ``pump``: the
    H⁺-ATPase's activity as a fraction of normal (0: ATP cut)."""
    g = neurospora_design()
    (ki, _), (nai, nao) = NEURO_CONC["K"], NEURO_CONC["Na"]
    return Cell(
        ions={
            "K": {"c_in": ki, "c_out": k_out, "g": g["g_K"]},
            "Na": {"c_in": nai, "c_out": nao, "g": g["g_Na"]},
            "H": {
                "c_in": pmf.ph_to_mM(ph_in, "ph_in"),
                "c_out": pmf.ph_to_mM(ph_out, "ph_out"),
                "g": 0.0,
            },
        },
        celsius=NEURO_CELSIUS,
        transporters=(Transporter("HATPase", g["g_pump"] * pump),),
        name="Neurospora crassa hypha",
        **NEURO_GEOMETRY,
    )


def _V(cell: Cell) -> tuple[float, Any]:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "drifting": H⁺ and K⁺ are not balanced (see text)
        res = solve_rest(cell)
    return float(res.V), res


def _h_pump_current(res: Any) -> float:
    return float(res.ion("H").transporter_current)


# ---------------------------------------------------------------------------------------------
def run_root_hair(k_out: float, ph_out: float, ph_in: float, pump: str) -> ScenarioResult:
    T = ROOT_HAIR_CELSIUS
    cell = root_hair_cell(k_out, ph_out, ph_in, pump == "on")
    v, res = _V(cell)
    v_off, _ = _V(root_hair_cell(k_out, ph_out, ph_in, False))
    e_k, e_h = float(res.E["K"]), float(res.E["H"])
    vs = _stall(ph_in, ph_out, T)
    dp = pmf.proton_motive_force(v, ph_in, ph_out, T)
    area = cell.area_um2 or math.nan
    dens = _h_pump_current(res) / area * 100.0  # pA/µm² → µA/cm²
    ks = [10 ** (x / 10) for x in range(-20, 21)]  # 0.01 … 100 mM
    curve = []
    for k in ks:
        von, _ = _V(root_hair_cell(k, ph_out, ph_in, True))
        curve.append(
            {
                "k_out_mM": k,
                "V_pump_mV": von,
                "V_no_pump_mV": _V(root_hair_cell(k, ph_out, ph_in, False))[0],
                "E_K_mV": rt_over_f(T) * math.log(k / ROOT_HAIR_K_IN),
            }
        )
    numbers = {
        "V": (v, "mV"),
        "V_no_pump": (v_off, "mV"),
        "E_K": (e_k, "mV"),
        "E_H": (e_h, "mV"),
        "V_minus_E_K": (v - e_k, "mV"),
        "V_stall": (vs, "mV"),
        "dp": (dp, "mV"),
        "pump_current_density": (dens, "µA/cm²"),
        "dG_atp": (float(res.dG_atp), "kJ/mol"),
    }
    g = root_hair_design()
    text = "\n".join(
        [
            f"root-hair: Arabidopsis root hair, {T:g} °C, [K]ₒ {k_out:g} mM, pH {ph_out:g} out / "
            f"{ph_in:g} in, H⁺-ATPase {pump}",
            f"  V = {v:.1f} mV   (pump stopped: {v_off:.1f} mV = E_K: K⁺ is the only leak)",
            f"  E_K = {e_k:.1f} mV, V − E_K = {v - e_k:+.1f} mV (K⁺ current at rest inward)",
            f"  E_H = Z·(pH_in − pH_out) = {e_h:+.1f} mV (Z = {pmf.z_mV(T):.2f} mV/pH)",
            f"  stall V = E_H − |ΔG_ATP|/F = {vs:.1f} mV (ΔG_ATP = {res.dG_atp:.1f} kJ/mol, "
            "1 H⁺/ATP)",
            f"  Δp = V − E_H = {dp:.1f} mV (< 0: H⁺ driven in, energy for H⁺-coupled uptake)",
            f"  pump current density {dens:.0f} µA/cm²",
            "model: K⁺ leak (g_K {:.2f} nS) + linear H⁺-ATPase (g {:.2f} nS), both derived so that "
            "V = −190 mV (Lew 1996) with 250 µA/cm² of pump current (Lew 1991) at [K]ₒ 1 mM, "
            "pH 5.5/7.3; [K]ᵢ 100 mM, the bath [K]ₒ and the pHs are assumptions (unverified). "
            "H⁺ and K⁺ are not balanced (no H⁺-coupled uptake is modelled): the state is "
            "'drifting'; V is the zero-current potential.".format(g["g_K"], g["g_pump"]),
            "sources: Lew 1991, 1996 (Plant Physiol 97:1527, 112:1089); Palmgren 2001; "
            "Gradmann et al. 1978; Slayman 1965 (full citations: the scenario's sources)",
        ]
    )

    def figure() -> Any:
        from ..plotting import _mpl

        plt = _mpl()
        fig, ax = plt.subplots(figsize=(7.5, 5.0), layout="constrained")
        x = [r["k_out_mM"] for r in curve]
        ax.semilogx(x, [r["V_pump_mV"] for r in curve], "C0-", lw=2.5, label="V, H⁺-ATPase on")
        ax.semilogx(
            x, [r["V_no_pump_mV"] for r in curve], "C1--", lw=2, label="V, pump stopped (= E_K)"
        )
        ax.axhline(e_h, color="C3", ls=":", lw=1.5, label=f"E_H = {e_h:+.0f} mV")
        ax.axhline(
            vs, color="k", ls="-.", lw=1.2, label=f"pump stall E_H − |ΔG_ATP|/F = {vs:.0f} mV"
        )
        ax.plot([k_out], [v], "o", color="C0", ms=8)
        ax.plot(
            [ROOT_HAIR_DEFAULTS["k_out"]],
            [ROOT_HAIR_V_TARGET],
            "s",
            mfc="none",
            mec="C2",
            ms=12,
            mew=2,
            label="calibration: Lew 1996, ≈ −190 mV",
        )
        ax.annotate(
            f"V − E_K = {v - e_k:+.0f} mV",
            (k_out, v),
            (k_out * 2.5, v - 70),
            arrowprops={"arrowstyle": "->"},
            fontsize=11,
        )
        ax.set_xlabel("[K⁺]ₒ (mM)", fontsize=12)
        ax.set_ylabel("membrane potential (mV)", fontsize=12)
        ax.set_ylim(min(vs, -300) - 30, max(e_h, 0) + 40)
        ax.set_title(
            f"Root hair: the H⁺ pump holds V below E_K (pH {ph_out:g} out, {ph_in:g} in, {T:g} °C)",
            fontsize=12,
        )
        ax.grid(alpha=0.3)
        ax.legend(fontsize=9.5, loc="upper left")
        return fig

    return ScenarioResult("root-hair", numbers, text, {"V_vs_k_out": curve}, figure)


def run_neurospora(k_out: float, ph_out: float, ph_in: float, atp: str) -> ScenarioResult:
    T = NEURO_CELSIUS
    v_on, res_on = _V(neurospora_cell(k_out, ph_out, ph_in, 1.0))
    v_off, _ = _V(neurospora_cell(k_out, ph_out, ph_in, 0.0))
    v = v_on if atp == "on" else v_off
    e_k, e_h, e_na = (float(res_on.E[i]) for i in ("K", "H", "Na"))
    vs = _stall(ph_in, ph_out, T)
    fr = [i / 20 for i in range(21)]
    curve = [
        {"pump_fraction": f, "V_mV": _V(neurospora_cell(k_out, ph_out, ph_in, f))[0]} for f in fr
    ]
    g = neurospora_design()
    G = float(res_on.G_total)
    numbers = {
        "V": (v, "mV"),
        "V_atp": (v_on, "mV"),
        "V_no_atp": (v_off, "mV"),
        "depolarization": (v_off - v_on, "mV"),
        "E_K": (e_k, "mV"),
        "E_Na": (e_na, "mV"),
        "E_H": (e_h, "mV"),
        "V_stall": (vs, "mV"),
        "dp": (pmf.proton_motive_force(v, ph_in, ph_out, T), "mV"),
        "R_m": ((neurospora_cell().area_um2 or math.nan) * 1e-8 / (G * 1e-9), "Ω·cm²"),
    }
    text = "\n".join(
        [
            f"neurospora-atp-cut: Neurospora crassa hypha, {T:g} °C, [K]ₒ {k_out:g} mM, "
            f"pH {ph_out:g} out / {ph_in:g} in, ATP {atp}",
            f"  with ATP: V = {v_on:.1f} mV; ATP cut (pump stopped): V = {v_off:.1f} mV "
            f"(depolarizes by {v_off - v_on:.1f} mV)",
            f"  E_K = {e_k:.1f}, E_Na = {e_na:+.1f}, E_H = {e_h:+.1f} mV; pump stall "
            f"{vs:.1f} mV; Δp = {numbers['dp'][0]:.1f} mV",
            f"model: K⁺ and Na⁺ leaks (g {g['g_K']:.3f}, {g['g_Na']:.3f} nS) + linear H⁺-ATPase "
            f"(g {g['g_pump']:.3f} nS), derived from V = −200 mV with ATP and −50 mV without "
            "(Slayman 1965, as summarised in the issue; unverified here: Slayman & Gradmann give "
            "−160 to −240 mV, Slayman 1962 about −30 mV with azide) and 10,000 Ω·cm² (Slayman & "
            "Gradmann). [K]ᵢ 180, [Na]ᵢ 14, [Na]ₒ 25 mM, [K]ₒ 10 mM and the pHs are assumptions "
            "(unverified). The ATP cut sets the pump's rate to zero (see the module docstring).",
        ]
    )

    def figure() -> Any:
        from ..plotting import _mpl

        plt = _mpl()
        fig, ax = plt.subplots(figsize=(7.5, 5.0), layout="constrained")
        ax.plot(
            [r["pump_fraction"] * 100 for r in curve],
            [r["V_mV"] for r in curve],
            "C0-",
            lw=2.5,
            label="V (model)",
        )
        ax.axhline(e_k, color="C1", ls="--", lw=1.5, label=f"E_K = {e_k:.0f} mV")
        ax.axhline(e_h, color="C3", ls=":", lw=1.5, label=f"E_H = {e_h:+.0f} mV")
        ax.axhline(vs, color="k", ls="-.", lw=1.2, label=f"pump stall = {vs:.0f} mV")
        ax.errorbar(
            [100],
            [NEURO_V_ATP],
            yerr=[[40], [40]],
            fmt="s",
            color="C2",
            ms=9,
            capsize=5,
            label="with ATP: ≈ −200 mV (−160 to −240)",
        )
        ax.plot(
            [0], [NEURO_V_NO_ATP], "D", color="C4", ms=9, label="ATP cut (CN⁻, azide): ≈ −50 mV"
        )
        ax.set_xlabel("H⁺-ATPase activity (% of normal; 0 = ATP cut)", fontsize=12)
        ax.set_ylabel("membrane potential (mV)", fontsize=12)
        ax.set_ylim(vs - 30, e_h + 40)
        ax.set_xlim(-5, 105)
        ax.set_title("Neurospora: cutting ATP stops the H⁺ pump (Slayman 1965)", fontsize=12)
        ax.grid(alpha=0.3)
        ax.legend(fontsize=9.5, loc="lower left")
        return fig

    return ScenarioResult("neurospora-atp-cut", numbers, text, {"V_vs_pump": curve}, figure)


def _ph_param(default: float, where: str) -> Param:
    return Param(default, "pH", "dimensionless", f"pH {where}", lo=0.0, hi=14.0)


ROOT_HAIR = register(
    Scenario(
        name="root-hair",
        summary="An electrogenic H⁺-ATPase holds a root hair tens of mV below E_K",
        sources=SOURCES_PLANTS,
        params={
            "k_out": Param(1.0, "mM", "concentration", "bath K⁺", lo=1e-3, hi=200.0),
            "ph_out": _ph_param(5.5, "outside (apoplast / bath)"),
            "ph_in": _ph_param(7.3, "of the cytosol"),
            "pump": Param("on", "", "text", "the H⁺-ATPase on or stopped", choices=("on", "off")),
        },
        run_fn=run_root_hair,
    )
)

NEUROSPORA = register(
    Scenario(
        name="neurospora-atp-cut",
        summary="Cutting ATP stops Neurospora's H⁺ pump: V from about −200 to about −50 mV",
        sources=SOURCES_PLANTS,
        params={
            "k_out": Param(10.0, "mM", "concentration", "bath K⁺", lo=1e-3, hi=200.0),
            "ph_out": _ph_param(5.8, "of the bath"),
            "ph_in": _ph_param(7.2, "of the cytosol"),
            "atp": Param(
                "on", "", "text", "ATP present (pump running) or cut", choices=("on", "off")
            ),
        },
        run_fn=run_neurospora,
    )
)

__all__ = [
    "NEUROSPORA",
    "ROOT_HAIR",
    "neurospora_cell",
    "neurospora_design",
    "root_hair_cell",
    "root_hair_design",
]
