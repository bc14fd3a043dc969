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
    try:
        h = float(hours)
    except (TypeError, ValueError):
        raise VrestInputError("hours", hours, "a run length > 0 in h") from None
    if not (math.isfinite(h) and h > 0):
        raise VrestInputError("hours", hours, "a run length > 0 in h")
    protocol = Protocol.atp_cut(block_at_s)
    if not protocol.events[0].t_s < h * 3600.0:
        end = f"a block time before the end of the run, {h * 3600:g} s"
        raise VrestInputError("block_at_s", block_at_s, end)
    return simulate(cell, protocol, h * 3600.0, log_s=log_s, model=model, **kw)
