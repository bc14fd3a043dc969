"""Ready-made time courses: what a cell does when something is done to it."""

from __future__ import annotations

import math
from typing import Any

from ..errors import VrestInputError
from .protocol import Protocol
from .result import TimeCourse
from .solver import simulate


def atp_cut(
    cell: Any,
    hours: float = 3.0,
    block_at_s: float = 10.0,
    log_s: float | None = 1.0,
    model: str | None = None,
    **kw: Any,
) -> TimeCourse:
    """The Na⁺/K⁺ pump stops at ``block_at_s`` (s) and the cell runs down for ``hours``.

    From the rest state (:func:`vrest.solve_rest`) the pump's level drops to 0 (ATP cut, or
    ouabain); the leaks then dissipate the gradients: [Na]ᵢ rises, [K]ᵢ falls toward the bath,
    V depolarizes, first by the pump's own electrogenic share within a few τ = C/G (ms), then
    slowly as E_K and E_Na collapse (Hodgkin & Keynes, J. Physiol. 128, 28 (1955); the squid
    axon's run-down in cyanide or dinitrophenol). The time scale is volume/area over the
    specific leak: a larger cell runs down proportionally slower.
    ``model``: "chord" or "ghk" leaks (default ``cell.model``); ``kw`` go to
    :func:`~vrest.dynamics.solver.simulate` (``rtol``, ``atol``, ``method``, ``start``)."""
    if cell.pump is None:
        raise VrestInputError("pump", None, "a cell with a Na⁺/K⁺ pump to stop (atp_cut)")
    h = _hours(hours, log_s)
    protocol = Protocol.atp_cut(block_at_s)
    _before_end(block_at_s, protocol.events[0].t_s, h, "block_at_s")
    return simulate(cell, protocol, h * 3600.0, log_s=log_s, model=model, **kw)


def _hours(hours: Any, log_s: Any = None) -> float:
    """The run length (h), checked; with the logging interval ``log_s`` (s), also that the run
    keeps within the solver's 1e7 samples, said in hours (the user's field)."""
    try:
        h = float(hours)
    except (TypeError, ValueError):
        raise VrestInputError("hours", hours, "a run length > 0 in h") from None
    if not (math.isfinite(h) and h > 0):
        raise VrestInputError("hours", hours, "a run length > 0 in h")
    if isinstance(log_s, int | float) and log_s > 0 and h * 3600.0 / log_s > 1e7:
        raise VrestInputError(
            "hours", hours, f"a run length up to {1e7 * log_s / 3600:g} h at one sample every "
            f"{log_s:g} s (or a longer log_s)",
        )  # fmt: skip
    return h


def _before_end(given: Any, t_s: float, h: float, field: str) -> None:
    if not t_s < h * 3600.0:
        raise VrestInputError(field, given, f"a time before the end of the run, {h * 3600:g} s")


def block_and_recovery(
    cell: Any,
    hours: float = 1.0,
    block_at_s: float = 10.0,
    wash_at_s: float = 600.0,
    log_s: float | None = 1.0,
    model: str | None = None,
    **kw: Any,
) -> TimeCourse:
    """Ouabain in and out: the pump is blocked at ``block_at_s`` and restored (level 1) at
    ``wash_at_s`` (s); the run lasts ``hours``. While blocked the gradients run down as in
    :func:`atp_cut`; after the wash-out a constant-rate pump (fixed, or balance at its initial
    rate) only restores what it extruded before, a kinetic pump speeds up with the raised
    [Na]ᵢ and recovers the gradients faster (the post-inhibition hyperpolarization).
    ``kw`` go to :func:`~vrest.dynamics.solver.simulate`."""
    if cell.pump is None:
        raise VrestInputError("pump", None, "a cell with a Na⁺/K⁺ pump to block")
    h = _hours(hours, log_s)
    if not wash_at_s > block_at_s:
        raise VrestInputError("wash_at_s", wash_at_s, f"a time after the block, {block_at_s} s")
    protocol = Protocol().pump(0.0, block_at_s).pump(1.0, wash_at_s)
    _before_end(wash_at_s, float(wash_at_s), h, "wash_at_s")
    return simulate(cell, protocol, h * 3600.0, log_s=log_s, model=model, **kw)


def k_out_step(
    cell: Any,
    k_out: float,
    hours: float = 1.0,
    at_s: float = 10.0,
    log_s: float | None = 1.0,
    model: str | None = None,
    **kw: Any,
) -> TimeCourse:
    """A step of the bath's [K]ₒ to ``k_out`` (mM) at ``at_s`` (s): V follows E_K within a few
    τ = C/G, then the concentrations move with the new fluxes. ``kw`` go to
    :func:`~vrest.dynamics.solver.simulate`."""
    h = _hours(hours, log_s)
    if "K" not in cell.ions:
        raise VrestInputError("k_out", k_out, "a cell with K⁺")
    protocol = Protocol().k_out(k_out, at_s)
    _before_end(at_s, float(at_s), h, "at_s")
    return simulate(cell, protocol, h * 3600.0, log_s=log_s, model=model, **kw)


def warming(cell: Any, to_celsius: float, model: str | None = None) -> dict[str, Any]:
    """The chapter's temperature scenario in full: a cell at its NESS, moved to ``to_celsius``.

    The instant response is :func:`vrest.solve_rest` of the moved cell (Nernst potentials follow
    T, the leaks scale by their Q10 and the pump's turnover by its own, at the old
    concentrations: "V steady, concentrations drifting"); the cell then settles to the NESS at
    the new temperature (:func:`~vrest.dynamics.ness.solve_ness`), where the pump's share is set
    by the Na⁺ leak again. Needs a kinetic pump (a constant-rate pump has no NESS to move to).
    Returns the NESS at the start temperature, the instant result and the new NESS (V in mV,
    concentrations in mM, pump current in pA)."""
    from ..rest import solve_rest
    from .ness import solve_ness

    if cell.pump is None or cell.pump.mode != "kinetic":
        raise VrestInputError(
            "pump.mode",
            getattr(cell.pump, "mode", None),
            '"kinetic" (the pump must follow the concentrations for a new NESS to exist)',
        )
    before = solve_ness(cell, model)
    instant = solve_rest(before.cell.at_celsius(to_celsius), model=model)
    after = solve_ness(before.cell.at_celsius(to_celsius), model)
    return {"before": before, "instant": instant, "after": after}


def protein_synthesis_block(
    cell: Any,
    half_life_h: float,
    hours: float = 72.0,
    at_s: float = 10.0,
    log_s: float | None = 60.0,
    model: str | None = None,
    **kw: Any,
) -> TimeCourse:
    """Protein synthesis inhibited at ``at_s`` (s): no new pump protein, so the pump density
    decays with the protein's half-life ``half_life_h`` (h; give the measured value for the
    cell: the chapter says hours to days) and the run lasts ``hours``. A constant-rate pump
    (fixed, balance) falls with its density; a kinetic pump has a reserve: the rising [Na]ᵢ
    speeds each remaining pump, holding V for a while before it collapses. The run-down then
    takes hours to days, against minutes to hours after an ATP cut (:func:`atp_cut`).
    ``kw`` go to :func:`~vrest.dynamics.solver.simulate`."""
    if cell.pump is None:
        raise VrestInputError("pump", None, "a cell with a Na⁺/K⁺ pump whose protein decays")
    h = _hours(hours, log_s)
    try:
        t_half = float(half_life_h) * 3600.0
    except (TypeError, ValueError):
        raise VrestInputError("half_life_h", half_life_h, "a half-life > 0 in h") from None
    protocol = Protocol().pump_decay(t_half, at_s)
    _before_end(at_s, float(at_s), h, "at_s")
    return simulate(cell, protocol, h * 3600.0, log_s=log_s, model=model, **kw)
