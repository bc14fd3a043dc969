"""Why a cell rests where it does, how much each input moves it, and how sure we are.

:func:`explain` takes a :class:`~vrest.cell.Cell` and returns an :class:`Explanation`:

* **Shares.** At the steady V every current is written as a chord term, I_k = g_k (V − E_k),
  with g_k the *chord* conductance at V_rest (I_k/(V − E_k): the GHK chord conductance for a
  GHK ion, g·(open fraction at V) for a gated channel), and the pump and the carriers as
  currents. Σ I = 0 then gives, exactly,

      V = Σ_k (g_k/G) E_k − I_pump/G − Σ_t I_t/G,   G = Σ_k g_k,

  so each leak's share is g_k E_k/G (mV), the pump's −I_pump/G and each carrier's −I_t/G; the
  shares sum to V up to the solver's residual −I_net/G (reported; ~1e-11 mV). G is the chord
  conductance, not the slope conductance ``RestResult.G_total`` (they agree for chord leaks).
* **Sensitivities.** dV/dθ for every input θ (each ion's c_in, c_out, and g (chord cell) or P
  (GHK cell); temperature; the pump's current or i_max; each carrier's and channel's g), by
  implicit differentiation of the zero-current condition F(V, θ) = 0:
  dV/dθ = −(∂F/∂θ)/(∂F/∂V). F is the primary model's net current with the pump exactly as
  :func:`vrest.solve_rest` runs it (a balance pump follows the Na⁺ influx, so its V-dependence
  is in ∂F/∂V). The partial derivatives are taken at fixed V by a five-point central stencil
  (step 1e-3 relative, 0.01 mV in V; truncation error O(h⁴) ≈ 1e-12 relative, rounding
  ≈ 1e-10): no root is solved inside the derivative, so the result carries no solver noise.
  Elasticity ε = (θ/V) dV/dθ = d ln|V| / d ln θ (temperature: θ = T in kelvin); per decade
  dV/d log₁₀θ = ln 10 · θ dV/dθ (mV).
* **Uncertainty** (:func:`uncertainty`): inputs with a standard deviation σ_θ, propagated to V,
  each E_i and the passive dissipation, linearly (σ² = Σ (∂y/∂θ σ_θ)², inputs independent) and
  by Monte Carlo (N normal samples, seeded, solved through :func:`vrest.sweep` with
  ``points="list"``; a draw ≤ 0 of a positive quantity is redrawn).

Units: mV, mM, nS, cm/s, pA, °C, W.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from .cell import Cell
from .constants import E_CHARGE, F, R
from .errors import VrestInputError
from .fields import get_field, set_field
from .membrane import Membrane, _rate_at_reference
from .pump import atp_limit_factor, kinetic_current
from .rest import RestResult, solve_rest
from .temperature import _q10_factor

#: Relative step of the stencil in an input θ (absolute 1e-3 × T_K for temperature).
REL_STEP = 1e-3
#: Step of the stencil in V, mV.
V_STEP = 0.01
#: Pump fields outside the dotted-name grammar, set with dataclasses.replace.
_PUMP_EXTRA = ("i_max", "km_na", "km_k")
_ZERO_C = 273.15


# ---- the net current and the dissipation of a cell at a given V -----------------------------
def _pump_current(cell: Cell, mem: Membrane, model: str, V: float, frozen: float | None) -> float:
    """The pump current (pA) at ``V`` exactly as :func:`vrest.membrane.steady` runs it (a
    balance pump at the reference temperature follows the Na⁺ influx at V; ``frozen`` instead
    holds it at that current)."""
    p = cell.pump
    if p is None:
        return 0.0
    q = p.n_na - p.n_k
    here = cell.celsius == cell.reference_celsius
    if p.mode == "kinetic":
        f = _q10_factor(p.q10, cell.celsius, cell.reference_celsius)
        na, k = mem.index("Na"), mem.index("K")
        i = float(
            kinetic_current(
                V, mem.c_in[na], mem.c_out[k], mem.c_out[na], mem.T, p.i_max * f,
                km_na=p.km_na, km_k=p.km_k, saturation=p.saturation, voltage=p.voltage,
            )
        )  # fmt: skip
        if p.atp_limit:
            from .energetics import atp_free_energy

            dG = float(atp_free_energy(celsius=mem.T))
            i *= float(
                atp_limit_factor(V, float(mem.E[na]), float(mem.E[k]), mem.T, dG, p.n_na, p.n_k)
            )
        return i
    if p.mode == "balance" and here and q != 0:
        if frozen is not None:
            return frozen
        j = mem.index("Na")
        return float(-(q / p.n_na) * min(mem.current(j, V, model) + mem.extra_of(j, V), 0.0))
    rate = p.fixed_rate() if p.mode == "fixed" else _rate_at_reference(cell, model)
    if not here:
        rate *= _q10_factor(p.q10, cell.celsius, cell.reference_celsius)
    return q * rate * E_CHARGE * 1e12


def _net(cell: Cell, V: float, model: str, frozen: float | None = None) -> float:
    """Net membrane current (pA) of the primary ``model`` at ``V``: leaks, gated channels,
    carriers and the pump."""
    mem = Membrane.of(cell)
    return mem.total(V, model) + mem.extra_total(V) + _pump_current(cell, mem, model, V, frozen)


def _dissipation(cell: Cell, V: float, model: str) -> float:
    """Passive dissipation (W) at ``V``: Σ I (V − E) over leaks and gated channels."""
    mem = Membrane.of(cell)
    cur = mem.currents(V, model)
    other = 0.0
    if mem.chans:
        c, _ = mem.channel_currents(V)
        cur = cur + c
        k = mem.index("K")
        k_out = mem.c_out[k] if k is not None else None
        for ch, j, g in mem.chans:
            if j is None:
                other += g * float(ch.open_fraction(V, ch.E, k_out)) * (V - ch.E) ** 2
    return (float(np.dot(cur, V - mem.E)) + other) * 1e-15


def _stencil(f: Any, x: float, h: float, lower: float | None = None) -> float:
    """df/dx by the five-point central stencil (O(h⁴)); a forward three-point formula where
    the stencil would cross ``lower`` (e.g. g = 0)."""
    if lower is not None and x - 2 * h < lower:
        return (-3 * f(x) + 4 * f(x + h) - f(x + 2 * h)) / (2 * h)
    return (-f(x + 2 * h) + 8 * f(x + h) - 8 * f(x - h) + f(x - 2 * h)) / (12 * h)


# ---- inputs ------------------------------------------------------------------------------
def _get(cell: Cell, path: str) -> float:
    head, _, fld = path.partition(".")
    if head == "pump" and fld in _PUMP_EXTRA:
        return float(getattr(cell.pump, fld))
    return float(get_field(cell, path))


def _set(cell: Cell, path: str, value: float) -> Cell:
    head, _, fld = path.partition(".")
    if head == "pump" and fld in _PUMP_EXTRA:
        return cell.with_pump(replace(cell.pump, **{fld: float(value)}))
    return set_field(cell, path, repr(float(value)))


def inputs_of(cell: Cell) -> list[str]:
    """The dotted names of every continuous input of ``cell`` that V depends on."""
    model = cell.model
    out = []
    for n in cell.ions:
        out += [f"{n}.c_in", f"{n}.c_out", f"{n}.{'g' if model == 'chord' else 'P'}"]
    out.append("celsius")
    off_ref = cell.celsius != cell.reference_celsius
    if off_ref:
        out.append("q10_leak")
    p = cell.pump
    if p is not None:
        if p.mode == "fixed":
            out.append("pump.i_pump")
        elif p.mode == "kinetic":
            out += ["pump.i_max", "pump.km_na", "pump.km_k"]
        if off_ref and p.n_na != p.n_k:
            out.append("pump.q10")
    out += [f"{t.name}.g" for t in cell.transporters]
    for c in cell.channels:
        out.append(f"{c.name}.{'g' if c.count is None else 'gamma'}")
        if c.ion is None:
            out.append(f"{c.name}.E")
    return out


_UNITS = {
    "c_in": "mM", "c_out": "mM", "g": "nS", "gamma": "nS", "P": "cm/s", "celsius": "°C",
    "i_pump": "pA", "i_max": "pA", "km_na": "mM", "km_k": "mM", "E": "mV", "q10": "",
    "q10_leak": "",
}  # fmt: skip
_POSITIVE = ("c_in", "c_out", "g", "gamma", "P", "i_max", "km_na", "km_k", "q10", "q10_leak")


def _field(path: str) -> str:
    return path.split(".")[-1]


def _unit(path: str) -> str:
    return _UNITS.get(_field(path), "")


# ---- shares ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Share:
    """One mechanism's share of V (mV). ``kind``: "ion" (a leak), "channel" (a gated or
    fixed-reversal channel), "pump" or "transporter"; ``g`` its chord conductance at V_rest
    (nS; NaN for the pump and carriers), ``E`` its reversal (mV; NaN likewise), ``current``
    (pA, outward +) and ``weight`` g/G."""

    name: str
    kind: str
    share: float
    current: float
    g: float = math.nan
    E: float = math.nan
    weight: float = math.nan

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "kind": self.kind,
            "share_mV": self.share,
            "current_pA": self.current,
            "g_chord_nS": _none(self.g),
            "E_mV": _none(self.E),
            "weight": _none(self.weight),
        }


def _none(x: float) -> float | None:
    return None if isinstance(x, float) and math.isnan(x) else x


def shares_of(r: RestResult) -> tuple[tuple[Share, ...], float, float]:
    """The shares of V of the solved cell ``r``, the chord conductance G (nS) and the
    residual V − Σ shares (mV), see the module docstring. The currents are taken at V_rest
    refined by Newton steps on the net current (a change of ~1e-11 mV), so that the shares
    sum to V to ~1e-12 mV even where a pump's or carrier's slope makes −I_net/G larger than
    the solver's tolerance in V."""
    cell, V, model = r.cell, r.V, r.model
    mem = Membrane.of(cell)
    for _ in range(2):  # polish the root (Newton): the solver leaves I_net ~ G·1e-11 mV
        inet = _net(cell, V, model)
        if inet == 0.0:
            break
        V -= inet / _stencil(lambda v: _net(cell, v, model), V, V_STEP)
    i_pump = _pump_current(cell, mem, model, V, None)
    leak = mem.currents(V, model)
    terms: list[tuple[str, str, float, float]] = []  # name, kind, current, E
    for j, n in enumerate(mem.names):
        terms.append((n, "ion", float(leak[j]), float(mem.E[j])))
    k = mem.index("K")
    k_out = mem.c_out[k] if k is not None else None
    for ch, j, g in mem.chans:
        E = ch.E if j is None else float(mem.E[j])
        terms.append((ch.name, "channel", g * float(ch.open_fraction(V, E, k_out)) * (V - E), E))
    out: list[Share] = []
    gs = []
    for name, kind, cur, E in terms:
        dv = V - E
        if abs(dv) > 1e-9:
            g = cur / dv
        else:  # at its reversal: the slope conductance (its current is ~0 anyway)
            g = _slope_of(cell, name, kind, V, model)
        gs.append(g)
    G = float(sum(gs))
    if not G > 0:
        raise VrestInputError("ions", list(cell.ions), "at least one open conductance at rest")
    for (name, kind, cur, E), g in zip(terms, gs):
        out.append(Share(name, kind, g * E / G, cur, g, E, g / G))
    if cell.pump is not None:
        out.append(Share("pump", "pump", -i_pump / G, i_pump))
    if mem.trans:
        for t, rate, (_, nz, _) in zip(cell.transporters, mem.transporter_rates(V), mem.trans):
            it = -float(np.sum(nz)) * rate  # charge current of the carrier, pA
            out.append(Share(t.name, "transporter", -it / G, it))
    return tuple(out), G, r.V - sum(s.share for s in out)


def _slope_of(cell: Cell, name: str, kind: str, V: float, model: str) -> float:
    mem = Membrane.of(cell)
    if kind == "ion":
        j = mem.index(name)
        return _stencil(lambda v: mem.current(j, v, model), V, V_STEP)
    k = mem.index("K")
    k_out = mem.c_out[k] if k is not None else None
    for ch, j, g in mem.chans:
        if ch.name == name:
            E = ch.E if j is None else float(mem.E[j])
            return g * float(ch.open_fraction(V, E, k_out))
    return 0.0


# ---- sensitivities -----------------------------------------------------------------------
@dataclass(frozen=True)
class Sensitivity:
    """dV/dθ of one input: ``value`` (its working unit ``unit``), ``dV`` (mV per unit),
    ``elasticity`` d ln|V|/d ln θ (temperature: per ln T_K), ``per_decade`` (mV per tenfold θ;
    NaN for temperature and for an input that may be ≤ 0), and ``dE`` / ``dD``: the
    derivatives of each Nernst potential (mV per unit) and of the passive dissipation (W per
    unit)."""

    path: str
    value: float
    unit: str
    dV: float
    elasticity: float
    per_decade: float
    dE: dict[str, float] = field(default_factory=dict)
    dD: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "input": self.path,
            "value": self.value,
            "unit": self.unit,
            "dV_dtheta_mV_per_unit": self.dV,
            "elasticity": self.elasticity,
            "mV_per_decade": _none(self.per_decade),
            "dE_dtheta_mV_per_unit": dict(self.dE),
            "dDissipation_dtheta_W_per_unit": self.dD,
        }


def sensitivities(cell: Cell, inputs: Any = None, *, result: RestResult | None = None) -> list:
    """dV/dθ (and dE_i/dθ, dD/dθ) of each input (default :func:`inputs_of`), by implicit
    differentiation (module docstring); sorted by |elasticity|, largest first."""
    r = solve_rest(cell) if result is None else result
    V, model = r.V, r.model
    paths = inputs_of(cell) if inputs is None else list(inputs)
    p = cell.pump
    balance_here = (
        p is not None
        and p.mode == "balance"
        and cell.celsius == cell.reference_celsius
        and p.n_na != p.n_k
    )
    T_K = cell.celsius + _ZERO_C
    dFdV = _stencil(lambda v: _net(cell, v, model), V, V_STEP)
    dFdV_frozen = None
    dDdV = _stencil(lambda v: _dissipation(cell, v, model), V, V_STEP)
    ions = {i.name: i for i in r.ions}
    out = []
    for path in paths:
        theta = _get(cell, path)
        fld = _field(path)
        if fld == "celsius":
            h, lower = REL_STEP * T_K, None
        else:
            h = REL_STEP * abs(theta) if theta else REL_STEP
            lower = 0.0 if fld in _POSITIVE else None
        dF = _stencil(lambda x, path=path: _net(_set(cell, path, x), V, model), theta, h, lower)
        slope = dFdV
        if fld in ("celsius", "reference_celsius") and balance_here:
            # off the reference temperature a balance pump runs at its reference rate × Q10:
            # the pump current is then fixed in V
            if dFdV_frozen is None:
                dFdV_frozen = _stencil(lambda v: _net(cell, v, model, frozen=r.i_pump), V, V_STEP)
            slope = dFdV_frozen
        dV = -dF / slope
        dDp = _stencil(
            lambda x, path=path: _dissipation(_set(cell, path, x), V, model), theta, h, lower
        )
        dD = dDp + dDdV * dV
        dE = {}
        for n, ion in ions.items():
            k = R * T_K / (ion.z * F) * 1e3
            head = path.split(".")[0]
            if fld == "celsius":
                dE[n] = ion.E / T_K
            elif head == n and fld == "c_out":
                dE[n] = k / ion.c_out
            elif head == n and fld == "c_in":
                dE[n] = -k / ion.c_in
            else:
                dE[n] = 0.0
        scale = T_K if fld == "celsius" else theta
        elast = scale / V * dV if V else math.nan
        per_dec = math.log(10) * theta * dV if fld in _POSITIVE else math.nan
        out.append(Sensitivity(path, theta, _unit(path), dV, elast, per_dec, dE, dD))
    out.sort(key=lambda s: -abs(s.elasticity) if math.isfinite(s.elasticity) else 0.0)
    return out


# ---- the explanation ---------------------------------------------------------------------
@dataclass(frozen=True)
class Explanation:
    """Shares of V and sensitivities of a cell at rest (module docstring). ``G`` chord
    conductance at rest (nS); ``residual`` V − Σ shares (mV); ``tornado``: (input, label,
    ΔV low, ΔV high, linear ΔV) for the inputs changed by ±``rel`` (temperature ±``dT`` °C),
    ΔV re-solved (nonlinear), largest span first."""

    result: RestResult
    shares: tuple[Share, ...]
    G: float
    residual: float
    sensitivities: tuple[Sensitivity, ...]
    tornado: tuple[tuple[str, str, float, float, float], ...] = ()
    rel: float = 0.1
    dT: float = 1.0

    @property
    def V(self) -> float:
        return self.result.V

    def to_dict(self) -> dict[str, Any]:
        return {
            "cell": self.result.cell.name,
            "model": self.result.model,
            "V_mV": self.V,
            "G_chord_nS": self.G,
            "residual_mV": self.residual,
            "shares": [s.to_dict() for s in self.shares],
            "sensitivities": [s.to_dict() for s in self.sensitivities],
            "tornado": [
                {"input": p, "label": lab, "dV_low_mV": lo, "dV_high_mV": hi, "dV_linear_mV": li}
                for p, lab, lo, hi, li in self.tornado
            ],
            "method": (
                "shares g_k E_k/G with chord conductances at V_rest, −I/G for pump and carriers; "
                "dV/dθ = −(∂I/∂θ)/(∂I/∂V) (implicit differentiation, five-point stencil at fixed V)"
            ),
        }

    def table(self, top: int | None = None) -> str:
        """Shares, then the sensitivities sorted by |elasticity| (``top`` rows at most)."""
        r = self.result
        lines = [
            f"{r.cell.name or 'cell'}: V = {r.V:.3f} mV ({r.model} model), "
            f"G (chord, at rest) = {self.G:.4g} nS",
            "",
            "Share of V = g_k/G·E_k (leaks, channels), −I/G (pump, carriers)",
            f"  {'mechanism':<14}{'g_chord nS':>12}{'g/G':>8}{'E mV':>10}"
            f"{'I pA':>11}{'share mV':>11}",
        ]
        for s in self.shares:
            g = (
                f"{s.g:12.4g}{s.weight:8.3f}{s.E:10.2f}"
                if s.kind in ("ion", "channel")
                else (f"{'':12}{'':8}{'':10}")
            )
            lines.append(f"  {s.name:<14}{g}{s.current:11.4g}{s.share:+11.3f}")
        total = sum(s.share for s in self.shares)
        lines.append(f"  {'sum':<55}{total:+11.3f}   (V − sum = {self.residual:.1e} mV)")
        lines += [
            "",
            "Sensitivities (implicit differentiation of the zero-current condition)",
            f"  {'input':<16}{'value':>11} {'unit':<6}{'dV/dθ':>12}{'elasticity':>12}"
            f"{'mV/decade':>11}",
        ]
        for s in self.sensitivities[:top]:
            pd = f"{s.per_decade:11.3f}" if math.isfinite(s.per_decade) else f"{'—':>11}"
            lines.append(
                f"  {s.path:<16}{s.value:11.4g} {s.unit:<6}{s.dV:12.4g}{s.elasticity:12.4f}{pd}"
            )
        lines.append(
            "  elasticity = d ln|V| / d ln θ (temperature: θ = T in K); dV/dθ in mV per unit"
        )
        return "\n".join(lines)

    def plot(self, path: Any = None, *, top: int = 10) -> Any:
        """Two panels: the shares of V (waterfall) and the tornado; saved to ``path``."""
        from .plotting import _mpl, save_figure

        plt = _mpl()
        fig, (a1, a2) = plt.subplots(
            1, 2, figsize=(13, 5.2), gridspec_kw={"width_ratios": [1, 1.1]}
        )
        _plot_shares(self, a1)
        _plot_tornado(self, a2, top)
        fig.suptitle(f"{self.result.cell.name or 'cell'}: why V = {self.V:.1f} mV", fontsize=14)
        fig.tight_layout()
        if path is not None:
            save_figure(fig, path)
        return fig


def _label(path: str) -> str:
    if path == "celsius":
        return "temperature"
    return path.replace(".c_in", " [in]").replace(".c_out", " [out]")


def _plot_shares(ex: Explanation, ax: Any) -> None:
    sh = list(ex.shares)
    x = np.arange(len(sh) + 1)
    start = 0.0
    colors = {"ion": "#3b75af", "channel": "#6a9f58", "pump": "#c9513a", "transporter": "#a06cb4"}
    for i, s in enumerate(sh):
        ax.bar(i, s.share, bottom=start, color=colors[s.kind], edgecolor="k", lw=0.6)
        top = start + s.share
        ax.text(i, top + (1.5 if s.share >= 0 else -1.5), f"{s.share:+.1f}",
                ha="center", va="bottom" if s.share >= 0 else "top", fontsize=9)  # fmt: skip
        if i < len(sh) - 1:
            ax.plot([i + 0.4, i + 0.6], [top, top], color="0.4", lw=0.8)
        start = top
    ax.bar(len(sh), ex.V, color="0.25", edgecolor="k", lw=0.6)
    ax.text(len(sh), ex.V - 1.5, f"{ex.V:.1f}", ha="center", va="top", fontsize=9, color="k")
    labels = []
    for s in sh:
        if s.kind in ("ion", "channel"):
            labels.append(f"{s.name}\ng/G {s.weight:.2f}\nE {s.E:+.0f}")
        else:
            labels.append(f"{s.name}\n−I/G")
    ax.set_xticks(x, [*labels, "V_rest"], fontsize=9)
    ax.axhline(0, color="k", lw=0.8)
    ax.set_ylabel("contribution to V (mV)")
    lo = min(0.0, *(np.cumsum([s.share for s in sh])), ex.V)
    hi = max(0.0, *(np.cumsum([s.share for s in sh])))
    ax.set_ylim(lo - 12, hi + 12)
    ax.set_title("Shares of V: (g_k/G)·E_k and −I/G (chord g at rest)", fontsize=11)


def _plot_tornado(ex: Explanation, ax: Any, top: int) -> None:
    rows = list(ex.tornado[:top])[::-1]
    y = np.arange(len(rows))
    for i, (_, _lab, lo, hi, lin) in enumerate(rows):
        ax.barh(
            i,
            lo,
            color="#3b75af",
            edgecolor="k",
            lw=0.5,
            label="input decreased" if i == 0 else None,
        )
        ax.barh(
            i,
            hi,
            color="#c9513a",
            edgecolor="k",
            lw=0.5,
            label="input increased" if i == 0 else None,
        )
        ax.plot([-lin, lin], [i, i], "|", color="k", ms=12, mew=1.5,
                label="linear, ±dV/dθ·Δθ" if i == 0 else None)  # fmt: skip
    ax.set_yticks(y, [r[1] for r in rows], fontsize=9)
    ax.axvline(0, color="k", lw=0.8)
    ax.set_xlabel(f"ΔV from V_rest = {ex.V:.1f} mV (mV)")
    pct = f"{ex.rel * 100:g} %"
    ax.set_title(f"Tornado: each input −{pct} (blue) / +{pct} (red), re-solved", fontsize=11)
    ax.legend(fontsize=8, loc="best")


def _tornado(cell: Cell, V: float, sens: list, rel: float, dT: float) -> list:
    rows = []
    for s in sens:
        fld = _field(s.path)
        if fld == "celsius":
            d = dT
            lab = f"temperature ±{dT:g} °C"
        elif s.value == 0:
            continue
        else:
            d = rel * abs(s.value)
            lab = f"{_label(s.path)} ±{rel * 100:g} %"
        try:
            lo = solve_rest(_set(cell, s.path, s.value - d)).V - V
            hi = solve_rest(_set(cell, s.path, s.value + d)).V - V
        except Exception:  # an input that cannot move that far is left out
            continue
        rows.append((s.path, lab, lo, hi, s.dV * d))
    rows.sort(key=lambda r: -max(abs(r[2]), abs(r[3])))
    return rows


def explain(cell: Cell, *, rel: float = 0.1, dT: float = 1.0, tornado: bool = True) -> Explanation:
    """Shares of V and sensitivities of ``cell`` at rest (module docstring). The tornado
    re-solves the cell with each input changed by ±``rel`` (temperature ±``dT`` °C)."""
    if not isinstance(cell, Cell):
        raise VrestInputError("cell", type(cell).__name__, "a vrest.Cell (see vrest.load_cell)")
    r = solve_rest(cell)
    sh, G, res = shares_of(r)
    sens = sensitivities(cell, result=r)
    tor = _tornado(cell, r.V, sens, rel, dT) if tornado else []
    return Explanation(r, sh, G, res, tuple(sens), tuple(tor), rel, dT)


def explain_text(result: RestResult | Cell, uncertainty_spec: Any = None, **kw: Any) -> str:
    """Text for ``vrest rest CELL --explain`` (and ``--uncertainty SPEC``): the explanation's
    table, then the uncertainty table when ``uncertainty_spec`` (a text such as
    ``"K.c_out=0.5,Na.g=10%"`` or a mapping) is given. ``kw`` go to :func:`uncertainty`."""
    cell = result if isinstance(result, Cell) else replace(result.cell, model=result.model)
    parts = []
    if uncertainty_spec is None or kw.pop("explain", True):
        parts.append(explain(cell, tornado=False).table())
    if uncertainty_spec is not None:
        parts.append(uncertainty(cell, uncertainty_spec, **kw).table())
    return "\n\n".join(parts)


# ---- uncertainty -------------------------------------------------------------------------
_PM = re.compile(r"±|\+/-|\+-")


def parse_spec(text: str) -> dict[str, str]:
    """``"K.c_out=0.5, Na.g=10%; celsius=4 ± 0.5"`` → ``{"K.c_out": "0.5", ...}`` (entries
    separated by commas or semicolons)."""
    out = {}
    for part in re.split(r"[;,]", str(text)):
        if not part.strip():
            continue
        path, sep, val = part.partition("=")
        if not sep or not path.strip() or not val.strip():
            raise VrestInputError(
                "--uncertainty", part.strip(), "FIELD=SIGMA, e.g. K.c_out=0.5mM or Na.g=10%"
            )
        out[path.strip()] = val.strip()
    return out


def _quantity(path: str, text: str) -> float:
    from . import units
    from .sweep.spec import field_kind

    kind = field_kind(path)
    text = text.strip()
    try:
        return float(text)
    except ValueError:
        pass
    if kind in ("celsius", "dimensionless"):  # a temperature difference: K or °C alike
        m = re.fullmatch(r"([-+0-9.eE]+)\s*(K|°C|degC|C)?", text)
        if m:
            return float(m.group(1))
        raise VrestInputError(path, text, "a number (temperature differences in K or °C)")
    return float(units.parse_quantity(text, path, kind))


def _parse_sigma(cell: Cell, path: str, spec: Any) -> tuple[Cell, float]:
    """(cell with the central value set, σ in the working unit) from ``spec``: a number
    (absolute), ``"10%"``, ``"0.5 mM"`` or ``"4 ± 0.5 mM"``."""
    if not isinstance(spec, str):
        s = float(spec)
    else:
        text = spec.strip()
        parts = _PM.split(text)
        if len(parts) == 2:
            val, sig = parts[0].strip(), parts[1].strip()
            unit = re.sub(r"^[-+0-9.eE\s]+", "", sig)
            if unit and unit != "%" and not re.search(r"[^-+0-9.eE\s]", val):
                val = f"{val} {unit}"
            cell = _set(cell, path, _quantity(path, val))
            text = sig
        elif len(parts) > 2:
            raise VrestInputError(path, spec, "VALUE ± SIGMA")
        if text.endswith("%"):
            s = float(text[:-1]) / 100 * abs(_get(cell, path))
        else:
            s = _quantity(path, text)
    if not (math.isfinite(s) and s >= 0):
        raise VrestInputError(path, spec, "a standard deviation ≥ 0")
    return cell, s


@dataclass(frozen=True)
class UncertaintyResult:
    """V, each E_i and the passive dissipation with their standard deviations, linear and
    Monte Carlo (module docstring). ``inputs``: (input, value, σ, unit); ``contributions``:
    (input, dV/dθ·σ_θ in mV, fraction of the linear variance of V), largest first;
    ``outputs``: name → dict(value, sigma_linear, mean_mc, sigma_mc, se_sigma_mc, unit)."""

    cell: Cell
    V: float
    sigma_V_linear: float
    sigma_V_mc: float
    se_sigma_V_mc: float
    mean_V_mc: float
    n: int
    seed: int
    inputs: tuple[tuple[str, float, float, str], ...]
    contributions: tuple[tuple[str, float, float], ...]
    outputs: dict[str, dict[str, Any]]
    samples_V: Any = None
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "cell": self.cell.name,
            "V_mV": self.V,
            "sigma_V_linear_mV": self.sigma_V_linear,
            "sigma_V_mc_mV": _none(self.sigma_V_mc),
            "se_sigma_V_mc_mV": _none(self.se_sigma_V_mc),
            "mean_V_mc_mV": _none(self.mean_V_mc),
            "n_samples": self.n,
            "seed": self.seed,
            "inputs": [
                {"input": p, "value": v, "sigma": s, "unit": u} for p, v, s, u in self.inputs
            ],
            "contributions": [
                {"input": p, "dV_sigma_mV": c, "variance_fraction": f}
                for p, c, f in self.contributions
            ],
            "outputs": {
                k: {kk: _none(vv) for kk, vv in d.items()} for k, d in self.outputs.items()
            },
            "notes": list(self.notes),
        }

    def table(self) -> str:
        lines = [
            f"{self.cell.name or 'cell'}: uncertainty (inputs ± one standard deviation, "
            "independent)",
            "  inputs:",
        ]
        for p, v, s, u in self.inputs:
            lines.append(f"    {p:<16}{v:11.4g} ± {s:<10.3g}{u}")
        mc = f"MC N = {self.n}, seed {self.seed}" if self.n else "no MC"
        lines += ["", f"  {'output':<16}{'value':>12}{'σ linear':>12}{'mean MC':>12}"
                  f"{'σ MC':>12}  ({mc})"]  # fmt: skip
        for k, d in self.outputs.items():
            u = d["unit"]
            mc_m = f"{d['mean_mc']:12.5g}" if math.isfinite(d["mean_mc"]) else f"{'—':>12}"
            mc_s = (
                f"{d['sigma_mc']:12.4g} ± {d['se_sigma_mc']:.2g}"
                if math.isfinite(d["sigma_mc"])
                else f"{'—':>12}"
            )
            lines.append(f"  {k + ' (' + u + ')':<16}{d['value']:12.5g}{d['sigma_linear']:12.4g}"
                         f"{mc_m}{mc_s}")  # fmt: skip
        lines += ["", "  contributions to σ_V (linear): dV/dθ·σ_θ, share of the variance"]
        for p, c, f in self.contributions:
            lines.append(f"    {p:<16}{c:+10.3f} mV {f * 100:7.1f} %")
        lines += [f"  note: {n}" for n in self.notes]
        return "\n".join(lines)

    def plot(self, path: Any = None) -> Any:
        """V's Monte Carlo histogram with the linear normal curve, and the contributions."""
        from .plotting import _mpl, save_figure

        plt = _mpl()
        fig, (a1, a2) = plt.subplots(1, 2, figsize=(12, 4.6))
        if self.samples_V is not None and len(self.samples_V):
            a1.hist(self.samples_V, bins=50, density=True, color="#9fbfdf", edgecolor="w",
                    label=f"Monte Carlo, N = {self.n}: σ = {self.sigma_V_mc:.2f} mV")  # fmt: skip
        x = np.linspace(self.V - 4 * self.sigma_V_linear, self.V + 4 * self.sigma_V_linear, 300)
        if self.sigma_V_linear > 0:
            pdf = np.exp(-0.5 * ((x - self.V) / self.sigma_V_linear) ** 2)
            a1.plot(x, pdf / (self.sigma_V_linear * math.sqrt(2 * math.pi)), "k-",
                    label=f"linear: σ = {self.sigma_V_linear:.2f} mV")  # fmt: skip
        a1.axvline(self.V, color="#c9513a", lw=1, label=f"V_rest = {self.V:.2f} mV")
        a1.set_xlabel("V_rest (mV)")
        a1.set_ylabel("probability density (1/mV)")
        a1.set_title("V_rest given the input uncertainties (assumed)", fontsize=11)
        a1.legend(fontsize=8)
        rows = list(self.contributions)[::-1]
        a2.barh(np.arange(len(rows)), [abs(c) for _, c, _ in rows], color="#3b75af", edgecolor="k")
        a2.set_yticks(np.arange(len(rows)), [
            f"{_label(p)} (σ {s:.3g} {u})".replace(" )", ")")
            for p, *_ in rows for q, _v, s, u in self.inputs if q == p
        ], fontsize=9)  # fmt: skip
        for i, (_, c, f) in enumerate(rows):
            a2.text(abs(c), i, f"  {f * 100:.0f} %", va="center", fontsize=8)
        a2.set_xlabel("|dV/dθ|·σ_θ (mV)")
        a2.set_title("What σ_V comes from (share of the variance)", fontsize=11)
        a2.set_xlim(0, max([abs(c) for _, c, _ in rows] + [1e-9]) * 1.25)
        fig.tight_layout()
        if path is not None:
            save_figure(fig, path)
        return fig


def uncertainty(
    cell: Cell, spec: Mapping[str, Any] | str, *, n: int = 2000, seed: int = 0, mc: bool = True
) -> UncertaintyResult:
    """Propagate input standard deviations to V, each E_i and the passive dissipation.

    ``spec``: dotted name → σ: a number (working unit), ``"10%"`` (of the value), ``"0.5 mM"``
    or ``"4 ± 0.5 mM"`` (sets the value too); or a text ``"K.c_out=0.5,Na.g=10%"``. Linear
    propagation with the exact derivatives of :func:`sensitivities` (inputs independent), and
    Monte Carlo with ``n`` normal samples from ``numpy.random.default_rng(seed)`` solved by
    :func:`vrest.sweep` (``points="list"``); ``mc=False`` skips it. The statistical error of
    the Monte Carlo σ is σ/√(2(N−1))."""
    if not isinstance(cell, Cell):
        raise VrestInputError("cell", type(cell).__name__, "a vrest.Cell (see vrest.load_cell)")
    if isinstance(spec, str):
        spec = parse_spec(spec)
    if not spec:
        raise VrestInputError("uncertainty", spec, "at least one FIELD=SIGMA")
    sig: dict[str, float] = {}
    for path, s in spec.items():
        cell, sig[path] = _parse_sigma(cell, path, s)
    r = solve_rest(cell)
    sens = {s.path: s for s in sensitivities(cell, list(sig), result=r)}
    D0 = _dissipation(cell, r.V, r.model)
    names = ["V"] + [f"E_{i.name}" for i in r.ions] + ["dissipation"]
    val = {"V": r.V, "dissipation": D0} | {f"E_{i.name}": i.E for i in r.ions}
    unit = {k: ("W" if k == "dissipation" else "mV") for k in names}
    var = dict.fromkeys(names, 0.0)
    contrib = []
    for path, s in sig.items():
        d = sens[path]
        var["V"] += (d.dV * s) ** 2
        var["dissipation"] += (d.dD * s) ** 2
        for i in r.ions:
            var[f"E_{i.name}"] += (d.dE[i.name] * s) ** 2
        contrib.append((path, d.dV * s))
    sV = math.sqrt(var["V"])
    contributions = tuple(
        sorted(
            ((p, c, c * c / var["V"] if var["V"] else 0.0) for p, c in contrib),
            key=lambda t: -abs(t[1]),
        )
    )
    outputs = {
        k: {
            "value": val[k],
            "sigma_linear": math.sqrt(var[k]),
            "mean_mc": math.nan,
            "sigma_mc": math.nan,
            "se_sigma_mc": math.nan,
            "unit": unit[k],
        }
        for k in names
    }
    notes = [
        "linear: σ_y² = Σ (∂y/∂θ σ_θ)², inputs independent; ∂V/∂θ by implicit differentiation",
        "dissipation: passive, Σ I (V − E) over the channels (W)",
    ]
    samples = None
    if mc and n > 1:
        samples, redrawn = _monte_carlo(cell, sig, n, seed, r, outputs)
        notes.append(
            f"Monte Carlo: {n} normal samples, numpy default_rng({seed}), solved by vrest.sweep "
            f"(points='list'); σ_MC ± its statistical error σ/√(2(N−1))"
            + (f"; {redrawn} draw(s) ≤ 0 of positive inputs redrawn" if redrawn else "")
        )
        if any(c.ion is None for c in cell.channels):
            notes.append(
                "Monte Carlo dissipation: the tracked ions only (fixed-reversal leaks left out)"
            )
    V = outputs["V"]
    return UncertaintyResult(
        cell=cell,
        V=r.V,
        sigma_V_linear=sV,
        sigma_V_mc=V["sigma_mc"],
        se_sigma_V_mc=V["se_sigma_mc"],
        mean_V_mc=V["mean_mc"],
        n=n if mc else 0,
        seed=seed,
        inputs=tuple((p, _get(cell, p), s, _unit(p)) for p, s in sig.items()),
        contributions=contributions,
        outputs=outputs,
        samples_V=samples,
        notes=tuple(notes),
    )


def _monte_carlo(cell: Cell, sig: dict, n: int, seed: int, r: RestResult, outputs: dict):
    from .sweep import sweep

    rng = np.random.default_rng(seed)
    vary = {}
    redrawn = 0
    for path, s in sig.items():
        x0 = _get(cell, path)
        x = x0 + s * rng.standard_normal(n)
        if _field(path) in _POSITIVE:
            bad = x <= 0
            while np.any(bad):
                redrawn += int(bad.sum())
                x[bad] = x0 + s * rng.standard_normal(int(bad.sum()))
                bad = x <= 0
        vary[path] = x
    if not vary:
        raise VrestInputError("uncertainty", sig, "at least one input")
    ds = sweep(cell, vary, points="list")
    Vs = np.asarray(ds["V"].values, dtype=float)
    D = np.zeros(n)
    for i in r.ions:
        E = np.asarray(ds[f"E_{i.name}"].values, dtype=float)
        D += np.asarray(ds[f"I_{i.name}"].values, dtype=float) * (Vs - E)
        outputs[f"E_{i.name}"] |= _stats(E)
    outputs["V"] |= _stats(Vs)
    outputs["dissipation"] |= _stats(D * 1e-15)
    return Vs, redrawn


def _stats(x: np.ndarray) -> dict[str, float]:
    x = x[np.isfinite(x)]
    s = float(np.std(x, ddof=1)) if len(x) > 1 else math.nan
    return {
        "mean_mc": float(np.mean(x)),
        "sigma_mc": s,
        "se_sigma_mc": s / math.sqrt(2 * (len(x) - 1)) if len(x) > 1 else math.nan,
    }


__all__ = [
    "Explanation",
    "Sensitivity",
    "Share",
    "UncertaintyResult",
    "explain",
    "explain_text",
    "inputs_of",
    "parse_spec",
    "sensitivities",
    "shares_of",
    "uncertainty",
]
