"""The run-down experiments of :mod:`vrest.dynamics.scenarios` as named scenarios: an ATP cut,
ouabain in and out, a step in [K]ₒ, a protein-synthesis block and warming, each on a preset cell
(default: the chapter neuron). Units: h, s, mM, °C, mV."""

from __future__ import annotations

from typing import Any

from .base import Param, Scenario, ScenarioResult, register

CELL = Param("chapter_neuron", "", "text", "preset cell name or cell-file path")
HOURS = Param(3.0, "h", "dimensionless", "length of the run", lo=1e-6, hi=1e4)
AT = Param(10.0, "s", "dimensionless", "time of the intervention", lo=0.0, hi=1e8)

SOURCE = (
    "Hodgkin AL, Keynes RD (1955) Active transport of cations in giant axons from Sepia and "
    "Loligo. J Physiol 128:28–60 (run-down after metabolic block)",
)


def _result(name: str, tc: Any, what: str) -> ScenarioResult:
    t_half = tc.half_time("K")
    numbers = {
        "V_start": (float(tc.V[0]), "mV"),
        "V_end": (float(tc.V[-1]), "mV"),
        "t_half_K": (float("nan") if t_half is None else t_half / 60.0, "min"),
    }
    return ScenarioResult(
        name, numbers, f"{what}\n\n{tc.table()}", {},
        lambda: tc.plot(None),
    )  # fmt: skip


def _load(cell: str) -> Any:
    from ..presets import load_preset

    return load_preset(cell)


def _atp_cut(cell: str, hours: float, block_at_s: float) -> ScenarioResult:
    from ..dynamics import atp_cut

    tc = atp_cut(_load(cell), hours=hours, block_at_s=block_at_s)
    return _result("atp-cut", tc, f"ATP cut at {block_at_s:g} s: the pump stops, {hours:g} h")


def _block_recovery(cell: str, hours: float, block_at_s: float, wash_at_s: float) -> Any:
    from ..dynamics import block_and_recovery

    tc = block_and_recovery(_load(cell), hours=hours, block_at_s=block_at_s, wash_at_s=wash_at_s)
    return _result("block-recovery", tc,
                   f"ouabain in at {block_at_s:g} s, washed out at {wash_at_s:g} s")  # fmt: skip


def _k_step(cell: str, hours: float, at_s: float, k_out: float) -> ScenarioResult:
    from ..dynamics import k_out_step

    tc = k_out_step(_load(cell), k_out, hours=hours, at_s=at_s)
    return _result("k-step", tc, f"[K]o steps to {k_out:g} mM at {at_s:g} s")


def _protein_block(cell: str, hours: float, at_s: float, half_life_h: float) -> ScenarioResult:
    from ..dynamics import protein_synthesis_block

    tc = protein_synthesis_block(_load(cell), half_life_h, hours=hours, at_s=at_s)
    return _result("protein-block", tc,
                   f"no new pump protein from {at_s:g} s; pump half-life {half_life_h:g} h "
                   "(an assumption: give the value of your cell)")  # fmt: skip


def _warming(cell: str, to_celsius: float) -> ScenarioResult:
    from ..dynamics import warming

    c = _load(cell)
    r = warming(c, to_celsius)
    numbers = {
        "V_before": (float(r["before"].V), "mV"),
        "V_instant": (float(r["instant"].V), "mV"),
        "V_after": (float(r["after"].V), "mV"),
        "i_pump_instant": (float(r["instant"].i_pump), "pA"),
    }
    text = (
        f"{c.name}: from its NESS at {c.celsius:g} °C to {to_celsius:g} °C\n"
        f"  V at the NESS before      {numbers['V_before'][0]:.3f} mV\n"
        f"  V right after the step    {numbers['V_instant'][0]:.3f} mV (leaks × their Q10, the "
        "pump × its own, old concentrations: drifting)\n"
        f"  V at the new NESS         {numbers['V_after'][0]:.3f} mV\n\n"
        + r["instant"].table()
    )
    return ScenarioResult("warming", numbers, text, {}, lambda: r["instant"].plot(None))


register(Scenario("atp-cut", "the Na⁺/K⁺ pump stops: gradients and V run down", SOURCE,
                  {"cell": CELL, "hours": HOURS, "block_at_s": AT}, _atp_cut))  # fmt: skip
register(Scenario(
    "block-recovery", "ouabain in, then washed out: run-down and recovery", SOURCE,
    {"cell": CELL, "hours": Param(1.0, "h", "dimensionless", "length of the run", lo=1e-6,
                                  hi=1e4),
     "block_at_s": AT, "wash_at_s": Param(600.0, "s", "dimensionless", "wash-out time", lo=0.0)},
    _block_recovery,
))  # fmt: skip
register(Scenario(
    "k-step", "a step in [K]o: the fast V jump and the slow redistribution", SOURCE,
    {"cell": CELL, "hours": Param(1.0, "h", "dimensionless", "length of the run", lo=1e-6),
     "at_s": AT, "k_out": Param(10.0, "mM", "concentration", "the new [K]o", lo=1e-6)},
    _k_step,
))  # fmt: skip
register(Scenario(
    "protein-block", "no new pump protein: the pump decays with its half-life", SOURCE,
    {"cell": CELL, "hours": Param(72.0, "h", "dimensionless", "length of the run", lo=1e-6),
     "at_s": AT,
     "half_life_h": Param(24.0, "h", "dimensionless",
                          "pump-protein half-life (assumption; no cited value here)", lo=1e-3)},
    _protein_block,
))  # fmt: skip
register(Scenario(
    "warming", "a temperature step: the instant response and the new NESS (kinetic pump)",
    ("the chapter's §6 (temperature)",),
    {"cell": Param("chapter_neuron_kinetic", "", "text", "preset cell (a kinetic pump)"),
     "to_celsius": Param(27.0, "°C", "celsius", "the new temperature")},
    _warming,
))  # fmt: skip
