"""Every number of the chapter's sections 1–7 (SPEC §1–7), computed by vrest, with the
chapter's value beside it and the inputs used.

The chapter is ``shared/seed/resting-potential-chapter.md``. Where it does not give every input
(absolute conductances for the pump contribution, the temperature scenario and the entropy
production), the parameter set is the chapter neuron of ``vrest/data/chapter_neuron.toml``,
whose assumptions are written in that file and repeated in each row's ``inputs``.

Tolerances: the chapter quotes potentials to the millivolt ("≈ −95 mV"); a "≈" value is taken to
±1 mV (two significant figures, e.g. it rounds 60.6 to "+60"), an exact one ("−77.4") to ±0.05,
and an order-of-magnitude one (3.46e-13 J K⁻¹ s⁻¹ for an unspecified neuron) to a factor of 2.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from importlib.resources import files
from typing import Any

from .cell import Cell, load_cell
from .chord import chord_voltage
from .ions import ION_TABLE
from .nernst import nernst
from .rest import RestResult, solve_rest
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


def _fixed_pump_at_rest(cell: Cell, res: RestResult) -> Cell:
    """The same cell with its pump fixed at the current it runs at rest (for Q10 scaling)."""
    return cell.with_pump(replace(cell.pump, mode="fixed", i_pump=res.i_pump))


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
    add(
        ChapterNumber(
            "2",
            "state of the resting neuron (pump on)",
            "NESS",
            res.state,
            "",
            None,
            None,
            "chapter neuron (vrest/data/chapter_neuron.toml)",
            "NESS",
        )
    )
    nopump = solve_rest(cell.with_pump(None))
    add(
        ChapterNumber(
            "2",
            "state with the pump stopped",
            "not steady (gradients run down)",
            nopump.state,
            "",
            None,
            None,
            "chapter neuron, pump removed",
            "not steady",
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
    import math

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

    warm37 = _fixed_pump_at_rest(cell, res)
    cold = warm37.at_celsius(27.0)
    r27, r37 = solve_rest(cold), solve_rest(warm37)
    inp6 = (
        f"chapter neuron at 27 °C (I_pump {r27.i_pump:.3g} pA) warmed to 37 °C; "
        "pump Q10 3.0, leak Q10 1.3"
    )
    add(
        ChapterNumber(
            "6",
            "ΔV on warming 27 → 37 °C",
            "< 0 (hyperpolarizes)",
            r37.V - r27.V,
            "mV",
            -100,
            0,
            inp6,
        )
    )
    add(
        ChapterNumber(
            "6",
            "|E_K| change on warming 27 → 37 °C",
            "> 0 (|E| grows a little)",
            abs(r37.E["K"]) - abs(r27.E["K"]),
            "mV",
            0,
            10,
            inp6,
        )
    )
    add(
        ChapterNumber(
            "6",
            "pump contribution growth factor 27 → 37 °C",
            "> 1 (pump grows faster than leak)",
            r37.pump_contribution / r27.pump_contribution,
            "",
            1,
            10,
            inp6 + "; expected 3.0/1.3 = 2.31",
        )
    )

    add(
        ChapterNumber(
            "7",
            "entropy production P/T",
            "≈ 3.46e-13 (parameters not given)",
            res.entropy_production,
            "J/(K·s)",
            3.46e-13 / 2,
            3.46e-13 * 2,
            f"assumption: chapter neuron, G {res.G_total:.3g} nS, V {res.V:.2f} mV, 37 °C",
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
        "Chapter numbers (shared/seed/resting-potential-chapter.md, sections 1–7)",
        "",
        format_table(["§", "quantity", "chapter", "vrest", "unit", "agrees"], body, left=3),
        "",
        "Inputs:",
    ]
    out += [f"  §{r.section} {r.quantity}: {r.inputs}" for r in rows]
    return "\n".join(out)
