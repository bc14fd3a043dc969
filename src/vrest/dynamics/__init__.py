"""Time courses of a single pump–leak cell: what happens when the pump stops.

Three separate objects, as in Myokit (model / protocol / simulation):

* the cell (:class:`vrest.Cell`), a description that never changes, and its equations
  (:class:`~vrest.dynamics.model.PumpLeak`: states V and each [X]ᵢ; fixed volume and bath);
* a :class:`Protocol`: timed steps of the pump's level and of [K]ₒ;
* :func:`simulate`, which integrates the equations under the protocol (SciPy's BDF, stiff),
  piece by piece between events, and returns a :class:`TimeCourse`.

Equations (mV, mM, pA, pF, µm³; t in s)::

    C dV/dt   = −Σ_X I_X                         (×1e3: pA/pF = mV/ms)
    d[X]ᵢ/dt = −I_X / (z_X F vol)               (×1e6 for mM/s from pA and µm³)
    I_X       = leak (chord or GHK) + cotransporters + pump share (Na⁺ +3er, K⁺ −2er)

>>> import vrest
>>> from vrest.dynamics import atp_cut
>>> tc = atp_cut(vrest.load_cell("examples/cells/ness_neuron.toml"), hours=3)
>>> round(tc.half_time("K") / 60, 1)   # min from the block to half the K⁺ gradient
29.1

References: Hodgkin & Keynes, J. Physiol. 128, 28 (1955) (run-down after metabolic block);
Tosteson & Hoffman, J. Gen. Physiol. 44, 169 (1960) (the pump–leak model); Kay, J. Neurosci.
37, 2019 (2017) and Düsterwald et al., PLoS Comput. Biol. 14, e1006132 (2018) (pump–leak models
of neurons). SciPy is imported only when a time course is computed.
"""

from __future__ import annotations

from .batch import BatchCourse, simulate_many
from .model import PumpLeak
from .ness import Ness, solve_ness
from .protocol import Event, Protocol
from .result import TimeCourse
from .scenarios import (
    atp_cut,
    block_and_recovery,
    k_out_step,
    protein_synthesis_block,
    warming,
)
from .solver import simulate

__all__ = [
    "BatchCourse",
    "Event",
    "Ness",
    "Protocol",
    "PumpLeak",
    "TimeCourse",
    "atp_cut",
    "block_and_recovery",
    "k_out_step",
    "protein_synthesis_block",
    "simulate",
    "simulate_many",
    "solve_ness",
    "warming",
]
