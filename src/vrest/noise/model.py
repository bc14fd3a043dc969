"""The membrane a channel-noise analysis simulates: a single compartment, a linear background,
and counted channel populations.

    C dV/dt = −G_bg (V − E_bg) − Σ_p γ_p O_p(t) (V − E_p)

C = c_m × area (pF); O_p(t) is the number of open channels of population p (a Markov chain,
:mod:`vrest.noise.schemes`); γ_p (nS) and E_p (mV) its single-channel conductance and reversal.
Everything else on the membrane (the ions' leaks, transporters, uncounted channels at the
steady state of their gates, the pump) is the *background* current I_bg(V). It is taken as
linear, G_bg (V − E_bg), with G_bg = dI_bg/dV at the deterministic rest V* and E_bg such that
I_bg(V*) is exact. That is exact for linear (chord) leaks with a fixed or balance pump, and a
linearization otherwise (GHK leaks, transporters, gated channels without a count): the model
says which in its ``assumptions``, with the largest deviation of I_bg from its line within
±5 mV of V*. The pump current is held at its value at rest (its turnover follows [Na]ᵢ, which
does not move on the milliseconds of channel noise), and so are all concentrations.

V* is :func:`vrest.solve_rest` of the same cell, in which every population contributes its
mean, N γ p_O(V) (V − E): the deterministic limit of the stochastic model.

Units: mV, nS, pA, pF, ms, 1/ms, °C.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from ..errors import VrestInputError
from .schemes import SCHEMES, Scheme, base_rates_np

#: Kinds that have a Markov scheme and so may be counted.
STOCHASTIC_KINDS = tuple(SCHEMES)
#: Half-width (mV) of the window in which the background's linearity is checked.
LINEAR_WINDOW_MV = 5.0
#: Relative deviation below which the background is called exactly linear (rounding).
LINEAR_RTOL = 1e-9


@dataclass(frozen=True)
class Population:
    """One counted channel population: ``name``, its :class:`Scheme`, ``N`` channels of
    ``gamma`` (nS, at the cell's temperature) reversing at ``E`` (mV); two-state rates ``a``,
    ``b`` (1/ms, at temperature) or the HH temperature factor ``phi``."""

    name: str
    scheme: Scheme
    N: int
    gamma: float
    E: float
    a: float
    b: float
    phi: float

    def base(self, V: float) -> np.ndarray:
        """Base rates (1/ms) at ``V`` (mV)."""
        return base_rates_np(self.scheme.code, V, self.a, self.b, self.phi)

    def stationary(self, V: float) -> np.ndarray:
        """Stationary state occupancy (fractions) at fixed ``V`` (mV)."""
        return self.scheme.stationary(self.base(V))


@dataclass(frozen=True)
class NoiseModel:
    """See the module docstring. ``C`` pF, ``G_bg`` nS, ``E_bg`` mV, ``V_rest`` mV (the
    deterministic rest), ``i_pump`` pA (held), ``celsius`` °C, ``pops`` the populations,
    ``background_linear`` (exact or linearized) and ``assumptions`` (text for the output)."""

    C: float
    G_bg: float
    E_bg: float
    V_rest: float
    i_pump: float
    celsius: float
    pops: tuple[Population, ...]
    background_linear: bool
    assumptions: tuple[str, ...]
    cell_name: str = ""

    @property
    def G_total(self) -> float:
        """Mean total conductance at rest (nS): G_bg + Σ N γ p_O(V*)."""
        return self.G_bg + sum(
            p.N * p.gamma * p.stationary(self.V_rest)[p.scheme.open_state] for p in self.pops
        )

    @property
    def tau_m(self) -> float:
        """Membrane time constant at rest, C/G_total (ms)."""
        return self.C / self.G_total

    def fastest_rate(self) -> float:
        """The fastest rate of the model at rest (1/ms): the largest total exit rate of any
        channel state, or 1/τ_m."""
        fast = 1.0 / self.tau_m
        for p in self.pops:
            Q = p.scheme.generator(p.base(self.V_rest))
            fast = max(fast, float(np.max(-np.diag(Q))))
        return fast


def _phi(ch: Any, cell: Any) -> float:
    """Temperature factor of a population's rates: HH from 6.3 °C, two-state from the cell's
    reference temperature, each with the channel's ``rate_q10``."""
    from ..gating import HH_CELSIUS

    t_ref = HH_CELSIUS if ch.kind in ("hh_na", "hh_k") else cell.reference_celsius
    return float(ch.rate_q10 ** ((cell.celsius - t_ref) / 10.0))


def build(cell: Any) -> NoiseModel:
    """The :class:`NoiseModel` of ``cell`` (a :class:`vrest.Cell` with a radius or area and at
    least one counted channel population)."""
    from ..membrane import Membrane
    from ..rest import solve_rest

    if cell.area_um2 is None:
        raise VrestInputError(
            "radius", None, "a radius (µm) or area (µm²): channel noise needs the capacitance"
        )
    counted = [c for c in cell.channels if c.count is not None]
    if not counted:
        raise VrestInputError(
            "channel", [c.name for c in cell.channels],
            "at least one counted population: a [[channel]] with count and gamma "
            f"(type {', '.join(STOCHASTIC_KINDS)})",
        )  # fmt: skip
    for c in counted:
        if c.kind not in STOCHASTIC_KINDS:
            raise VrestInputError(
                f"{c.name}.count", c.count,
                f"a count only for {', '.join(STOCHASTIC_KINDS)} ({c.kind} has no Markov "
                "scheme here: give it a conductance g instead)",
            )  # fmt: skip
    blocked = [c.name for c in counted if c.count == 0]  # no channels: no current, no noise
    counted = [c for c in counted if c.count > 0]
    if not counted:
        raise VrestInputError(
            f"{blocked[0]}.count", 0,
            "at least 1 channel in some counted population (with none there is no channel "
            "noise)",
        )  # fmt: skip
    rest = solve_rest(cell)
    V = float(rest.V)
    model = cell.model
    bg_cell = replace(cell, channels=tuple(c for c in cell.channels if c.count is None))
    mem_bg = Membrane.of(bg_cell)
    mem = Membrane.of(cell)
    ip = float(rest.i_pump)

    def i_bg(v: float) -> float:
        return mem_bg.total(v, model) + mem_bg.extra_total(v) + ip

    h = 1e-3
    G_bg = (i_bg(V + h) - i_bg(V - h)) / (2 * h)
    if not G_bg > 0:
        raise VrestInputError(
            "ions.*.g", G_bg,
            "a background (leak) conductance G_bg > 0 nS besides the counted channels, so "
            "that V has a stable rest",
        )  # fmt: skip
    I0 = i_bg(V)
    E_bg = V - I0 / G_bg
    dev = max(
        abs(i_bg(V + d) - G_bg * (V + d - E_bg)) for d in (-LINEAR_WINDOW_MV, LINEAR_WINDOW_MV)
    )
    scale = max(abs(G_bg) * LINEAR_WINDOW_MV, 1e-300)
    linear = dev <= 1e-6 * scale
    pops = []
    ion_idx = {n: i for i, n in enumerate(mem.names)}
    for c in counted:
        f_g = float(c.q10 ** ((cell.celsius - cell.reference_celsius) / 10.0))
        E = float(c.E) if c.ion is None else float(mem.E[ion_idx[c.ion]])
        phi = _phi(c, cell)
        a = (c.alpha or 0.0) * phi
        b = (c.beta or 0.0) * phi
        pops.append(Population(c.name, SCHEMES[c.kind], c.count, c.gamma * f_g, E, a, b, phi))
    C = cell.specific_capacitance * cell.area_um2 * 1e-2  # µF/cm² × µm² → pF
    notes = [
        f"single compartment, C = {C:.4g} pF (c_m {cell.specific_capacitance:g} µF/cm² × "
        f"{cell.area_um2:.4g} µm²)",
        f"deterministic rest V* = {V:.4f} mV ({model} model, populations at their mean)",
        "concentrations held fixed (they move over minutes; channel noise over ms)",
        f"pump current held at its rest value, {ip:.4g} pA",
    ]
    if linear:
        notes.append(
            f"background current linear: G_bg = {G_bg:.6g} nS, E_bg = {E_bg:.4f} mV (exact)"
        )
    else:
        notes.append(
            f"background current linearized at V*: G_bg = {G_bg:.6g} nS, E_bg = {E_bg:.4f} "
            f"mV; within ±{LINEAR_WINDOW_MV:g} mV it deviates from its line by up to "
            f"{dev:.3g} pA ({model} leaks, transporters or uncounted channels)"
        )
    notes += [f"{name}: 0 channels (blocked): no current, no noise" for name in blocked]
    for p in pops:
        t = f"{p.name}: {p.N} {p.scheme.kind} channels of {p.gamma * 1e3:.4g} pS, E = {p.E:.3f} mV"
        if p.scheme.kind == "two_state":
            t += f", α = {p.a:.4g} /ms, β = {p.b:.4g} /ms at {cell.celsius:g} °C"
        else:
            t += (
                f", HH 1952 rates × φ = {p.phi:.4g} (Q10 "
                f"{cell.channel(p.name).rate_q10:g} from 6.3 °C to {cell.celsius:g} °C)"
            )
        notes.append(t)
    return NoiseModel(
        C=C,
        G_bg=G_bg,
        E_bg=E_bg,
        V_rest=V,
        i_pump=ip,
        celsius=cell.celsius,
        pops=tuple(pops),
        background_linear=linear,
        assumptions=tuple(notes),
        cell_name=cell.name,
    )
