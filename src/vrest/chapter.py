"""Every number of the chapter's sections 1–7 (SPEC §1–7), computed by vrest, with the
chapter's value beside it and the inputs used.

The chapter is a textbook chapter on the ionic basis of the resting potential (in Chinese); its
numbers are restated in vrest's own words in each row. Where it does not give every input
(absolute conductances for the pump contribution, the temperature scenario and the entropy
production), the parameter set is the chapter neuron of ``vrest/data/chapter_neuron.toml``,
whose assumptions are written in that file and repeated in each row's ``inputs``.

Tolerances: the chapter quotes potentials to the millivolt ("≈ −95 mV"); a "≈" value is taken to
±1 mV (two significant figures, e.g. it rounds 60.6 to "+60"), an exact one ("−77.4") to ±0.05,
and an order-of-magnitude one (3.46e-13 J K⁻¹ s⁻¹ for an unspecified neuron) to a factor of 2.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from importlib.resources import files
from typing import Any

from .cell import Cell, load_cell
from .chord import chord_voltage
from .constants import rt_over_f
from .ions import ION_TABLE
from .nernst import nernst
from .rest import solve_rest
from .selectivity import permeability_ratio_from_ddG

#: 310 K, the chapter's body temperature, in °C.
CELSIUS_310K = 310.0 - 273.15


@dataclass(frozen=True)
class ChapterNumber:
    """One number of the chapter: ``ours`` against the chapter's ``low``–``high`` range
    (``chapter`` is the chapter's own wording), in ``unit``, computed from ``inputs``."""

    section: str
    quantity: str
    chapter: str
    ours: float | str
    unit: str
    low: float | None
    high: float | None
    inputs: str
    expected_text: str | None = None

    @property
    def agrees(self) -> bool:
        if self.expected_text is not None:
            return str(self.ours) == self.expected_text
        return self.low <= float(self.ours) <= self.high

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["agrees"] = self.agrees
        return d


def chapter_neuron() -> Cell:
    """The chapter's neuron (``vrest/data/chapter_neuron.toml``; assumptions in that file)."""
    return load_cell(files("vrest") / "data" / "chapter_neuron.toml")


def ness_chloride_mM(cell: Cell) -> float:
    """[Cl]in (mM) that puts E_Cl at the chord-model V of ``cell``'s balance-pumped K⁺/Na⁺
    membrane, V = (g_K E_K + g_Na E_Na / r)/(g_K + g_Na / r), r = n_na/n_k (Mullins–Noda):
    with it, Cl⁻ is passively distributed and every ion's net flux is zero (a NESS)."""
    T, r = cell.celsius, cell.pump.n_na / cell.pump.n_k
    k, na, cl = cell.ions["K"], cell.ions["Na"], cell.ions["Cl"]
    eK, eNa = nernst(k.c_in, k.c_out, 1, celsius=T), nernst(na.c_in, na.c_out, 1, celsius=T)
    V = (k.g * eK + na.g * eNa / r) / (k.g + na.g / r)
    return cl.c_out * math.exp(V / rt_over_f(T))


def chapter_numbers() -> list[ChapterNumber]:
    """Compute every number of the chapter's sections 1–7."""
    rows: list[ChapterNumber] = []
    add = rows.append
    T = 37.0
    conc = "37 °C, [K] 140/4, [Na] 15/145, [Cl] 10/110 mM (in/out)"
    eK, eNa, eCl = nernst(140, 4, 1, T), nernst(15, 145, 1, T), nernst(10, 110, -1, T)
    add(ChapterNumber("1", "E_K", "≈ −95", eK, "mV", -96, -94, conc))
    add(ChapterNumber("1", "E_Na", "≈ +60", eNa, "mV", 59, 61, conc))
    add(ChapterNumber("1", "E_Cl", "≈ −65 (§2) / −64 (§3)", eCl, "mV", -65.5, -63.5, conc))

    cell = chapter_neuron()
    res = solve_rest(cell)
    drifting = ", ".join(d.symbol for d in res.drifts)
    add(
        ChapterNumber(
            "2",
            "chapter neuron as given (10 mM Cl⁻ in, no Cl⁻ transporter)",
            "NESS: currents sum to zero, pump keeps gradients (true once Cl⁻ is kept: next row)",
            res.state,
            "",
            None,
            None,
            "chapter neuron (vrest/data/chapter_neuron.toml): the currents do sum to zero, but "
            f"{drifting} drift (V < E_Cl: Cl⁻ leaks out; only NKCC1 could hold it)",
            "drifting",
        )
    )
    ness = solve_rest(cell.with_ion("Cl", c_in=ness_chloride_mM(cell)))
    add(
        ChapterNumber(
            "2",
            "the same neuron with Cl⁻ passively distributed (E_Cl = V)",
            "NESS",
            ness.state,
            "",
            None,
            None,
            f"[Cl]in {ness_chloride_mM(cell):.4g} mM so that E_Cl = V = {ness.V:.2f} mV; the "
            "Na⁺ and K⁺ leaks then run in the pump's 3 : 2 ratio (Mullins–Noda)",
            "NESS",
        )
    )
    nopump = solve_rest(cell.with_pump(None))
    add(
        ChapterNumber(
            "2",
            "state with the pump stopped",
            "gradients run down; V drifts toward 0 mV",
            nopump.state,
            "",
            None,
            None,
            "chapter neuron, pump removed: V steady at this instant, every gradient running down",
            "drifting",
        )
    )
    konly = Cell({"K": {"c_in": 140, "c_out": 4, "g": 10}}, celsius=T)
    add(
        ChapterNumber(
            "2",
            "state of a K⁺-only membrane",
            "equilibrium (V = E_K)",
            solve_rest(konly).state,
            "",
            None,
            None,
            "only K⁺ channels, no pump",
            "equilibrium",
        )
    )

    g = {"K": 1.0, "Na": 0.04, "Cl": 0.45}
    E3 = {"K": -89.0, "Na": 61.0, "Cl": -64.0}
    v3 = chord_voltage(g, E3)
    inp3 = "E_K −89, E_Na +61, E_Cl −64 mV; g_K:g_Na:g_Cl = 1:0.04:0.45; no pump current"
    add(
        ChapterNumber("3", "V (chord conductance)", "≈ −77 (−77.4)", v3, "mV", -77.45, -77.35, inp3)
    )
    vb = chord_voltage(g | {"Cl": 0.0}, E3)
    add(
        ChapterNumber(
            "3",
            "V with Cl⁻ channels blocked",
            "≈ −83 (hyperpolarized)",
            vb,
            "mV",
            -83.5,
            -82.5,
            inp3 + "; g_Cl → 0",
        )
    )
    cl_dir = "efflux" if v3 < E3["Cl"] else "influx"
    add(
        ChapterNumber(
            "3",
            "Cl⁻ flux at rest (V < E_Cl)",
            "efflux (a depolarizing current)",
            cl_dir,
            "",
            None,
            None,
            inp3,
            "efflux",
        )
    )

    ratio = permeability_ratio_from_ddG(12.0, celsius=CELSIUS_310K)
    add(
        ChapterNumber(
            "4",
            "P_K/P_Na from ΔΔG = 12 kJ/mol",
            "≈ 105 (e^4.66)",
            ratio,
            "",
            104.5,
            105.5,
            "ΔΔG 12 kJ/mol, T = 310 K, P_K/P_Na = exp(ΔΔG/RT)",
        )
    )
    add(
        ChapterNumber(
            "4",
            "exponent ΔΔG/RT",
            "4.66",
            math.log(ratio),
            "",
            4.655,
            4.665,
            "ΔΔG 12 kJ/mol, T = 310 K",
        )
    )
    add(
        ChapterNumber(
            "4",
            "ionic radius K⁺",
            "1.38",
            ION_TABLE["K"].radius_A,
            "Å",
            1.38,
            1.38,
            "ion table (Shannon 1976)",
        )
    )
    add(
        ChapterNumber(
            "4",
            "ionic radius Na⁺",
            "1.02",
            ION_TABLE["Na"].radius_A,
            "Å",
            1.02,
            1.02,
            "ion table (Shannon 1976)",
        )
    )

    add(
        ChapterNumber(
            "5",
            "pump contribution ΔV = −I_pump/G_total",
            "−1 to −5 (typical neuron)",
            res.pump_contribution,
            "mV",
            -5,
            -1,
            f"chapter neuron, I_pump {res.i_pump:.3g} pA, G {res.G_total:.3g} nS",
        )
    )

    r37, r27 = res, solve_rest(cell.at_celsius(27.0))
    inp6 = (
        "chapter neuron, described and balanced at 37 °C, moved to 27 °C: leaks × 1.3⁻¹ (Q10 "
        "1.3), pump turnover × 3.0⁻¹ (Q10 3.0)"
    )
    add(
        ChapterNumber(
            "6",
            "pump current at 27 °C",
            "(scenario: pump Q10 3.0)",
            r27.i_pump,
            "pA",
            r37.i_pump / 3.0 * (1 - 1e-9),
            r37.i_pump / 3.0 * (1 + 1e-9),
            inp6 + f"; I_pump(37 °C) {r37.i_pump:.4g} pA / 3",
        )
    )
    add(
        ChapterNumber(
            "6",
            "ΔV on warming 27 → 37 °C",
            "< 0 (hyperpolarizes; sign only)",
            r37.V - r27.V,
            "mV",
            -math.inf,
            0.0,
            inp6,
        )
    )
    add(
        ChapterNumber(
            "6",
            "|E_K| change on warming 27 → 37 °C",
            "> 0 (|E| grows a little; ∝ T)",
            abs(r37.E["K"]) - abs(r27.E["K"]),
            "mV",
            abs(r27.E["K"]) * (10 / 300.15) * (1 - 1e-9),
            abs(r27.E["K"]) * (10 / 300.15) * (1 + 1e-9),
            inp6 + "; expected |E_K(27)| × 10 K / 300.15 K",
        )
    )
    add(
        ChapterNumber(
            "6",
            "pump contribution growth factor 27 → 37 °C",
            "> 1 (the pump grows faster than the leaks)",
            r37.pump_contribution / r27.pump_contribution,
            "",
            3.0 / 1.3 * (1 - 1e-9),
            3.0 / 1.3 * (1 + 1e-9),
            inp6 + "; −I_pump/G grows by 3.0/1.3 = 2.31 exactly in the chord model",
        )
    )

    g_for_chapter = res.G_total * 3.46e-13 / res.entropy_production
    add(
        ChapterNumber(
            "7",
            "entropy production P/T",
            "≈ 3.46e-13 (parameters not given)",
            res.entropy_production,
            "J/(K·s)",
            3.46e-13 / 2,
            3.46e-13 * 2,
            f"the chapter gives no parameters; our neuron's g_K = 100 nS is an assumption (G "
            f"{res.G_total:.3g} nS, V {res.V:.2f} mV, 37 °C). Ṡ ∝ G at fixed ratios: the "
            f"chapter's value corresponds to G ≈ {g_for_chapter:.3g} nS — an order-of-magnitude "
            "check, not an independent one",
        )
    )
    return rows


def chapter_table(rows: list[ChapterNumber]) -> str:
    """Text table of :func:`chapter_numbers` (chapter value, ours, agreement, inputs)."""
    from .report import format_table

    body = []
    for r in rows:
        ours = r.ours if isinstance(r.ours, str) else f"{r.ours:.4g}"
        body.append(
            [f"§{r.section}", r.quantity, r.chapter, ours, r.unit, "yes" if r.agrees else "NO"]
        )
    out = [
        "The source chapter's numbers (sections 1–7), vrest's beside them; 'check' says whether"
        " vrest's number meets the row's criterion (the chapter's value within its rounding,"
        " or the stated sign)",
        "",
        format_table(["§", "quantity", "chapter", "vrest", "unit", "check"], body, left=3),
        "",
        "Inputs:",
    ]
    out += [f"  §{r.section} {r.quantity}: {r.inputs}" for r in rows]
    out += ["", *why_two_resting_potentials()]
    return "\n".join(out)


def why_two_resting_potentials() -> list[str]:
    """Why ``vrest rest chapter_neuron.toml`` gives a different V than §3's −77.4 mV."""
    res = solve_rest(chapter_neuron())
    g = {"K": 1.0, "Na": 0.04, "Cl": 0.45}
    v3 = chord_voltage(g, {"K": -89.0, "Na": 61.0, "Cl": -64.0})
    gap_e = res.V_chord_no_pump - v3
    return [
        f"Why the chapter neuron rests at {res.V:.1f} mV while §3 gives {v3:.1f} mV:",
        f"  §3's example uses E_K = −89 mV (E_Na +61, E_Cl −64) and no pump. The chapter "
        f"neuron's E are computed from §1's concentrations (E_K {res.E['K']:.1f} mV): that "
        f"moves V by {gap_e:+.1f} mV; its balance pump (I_pump {res.i_pump:.0f} pA) adds "
        f"{res.pump_contribution:+.1f} mV (−I_pump/G, §5).",
    ]
