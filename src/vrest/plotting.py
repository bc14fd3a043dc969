"""Figures (matplotlib is imported here only, never at package import).

:func:`plot_rest` draws a :class:`~vrest.rest.RestResult` as a slide-ready figure of three panels:

1. a *ladder* of the equilibrium potentials E_i and the resting potentials V_chord and V_GHK on
   one voltage axis (labels spread so that they never overlap, each with its value in mV);
2. the I–V curves over the whole voltage range (nothing leaves the plot), each E_i marked where
   its ion's current crosses zero;
3. the same curves zoomed around V_rest, where the total current crosses zero.

Both membrane models are drawn: the primary model (``r.model``) with solid lines, the other one
with thin dashed lines. Currents are shown in pA, nA or µA, whichever suits the data of each
panel, never with an axis offset or a scientific multiplier. With more than
:data:`MAX_IONS_SHOWN` ions only the largest currents are drawn one by one and the rest are summed
as "other ions", so that the work stays bounded for thousands of ions.
"""

from __future__ import annotations

import math
import re
import textwrap
from pathlib import Path
from typing import Any

import numpy as np

from ._io import atomic_write
from .ghk import UA_CM2_UM2_TO_PA, _ghk_j

_COLORS = {
    "K": "tab:blue",
    "Na": "tab:red",
    "Cl": "tab:green",
    "Ca": "tab:orange",
    "H": "tab:purple",
    "HCO3": "tab:brown",
    "Mg": "tab:olive",
}
#: Colours for ions not in :data:`_COLORS` (none of them is one of those, the pump's or black).
_EXTRA_COLORS = (
    "tab:pink",
    "tab:cyan",
    "#393b79",
    "#637939",
    "#8c6d31",
    "#843c39",
    "#7b4173",
    "#b8860b",
    "#e7298a",
    "#1b9e77",
    "#5254a3",
    "#8ca252",
)
PUMP_COLOR = "0.45"
OTHER_COLOR = "0.72"
TOTAL_COLOR = "k"

#: Ions drawn one by one on the I–V panels; the others are summed as "other ions".
MAX_IONS_SHOWN = 10
#: E_i labelled on the ladder (the ions drawn one by one); the others get unlabelled ticks.
MAX_E_LABELS = 12
#: Legend and label font size (points) on the ~12 in wide figure.
FONTSIZE = 9.5


def state_text(r: Any) -> str:
    """A one-sentence explanation of ``r.state`` for a caption: the state's label and meaning
    (:data:`vrest.state.STATE_LABELS`, :data:`vrest.state.STATE_EXPLAINED`) and, when
    drifting, the fastest drifting ions."""
    text = f"{r.state_label}: {r.state_explained}"
    if r.state == "drifting" and r.drifts:
        fastest = sorted(r.drifts, key=lambda d: -abs(d.rate or 0.0))
        off = [
            f"[{d.symbol}]in {d.rate:+.2g} mM/min".replace("-", "−")
            if d.rate is not None
            else d.symbol
            for d in fastest
        ]
        text += f" (here: {', '.join(off[:6])}{' …' if len(off) > 6 else ''})"
    return text


_MODEL_NAME = {"chord": "chord", "ghk": "GHK"}


def _mpl():
    import matplotlib

    if matplotlib.get_backend().lower() not in ("agg", "pdf", "svg") and not _interactive():
        matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _interactive() -> bool:
    import sys

    return hasattr(sys, "ps1") or "ipykernel" in sys.modules


#: Resolution of saved figures (dots per inch).
FIGURE_DPI = 150

#: File formats a figure can be saved in (by extension).
FIGURE_FORMATS = ("png", "pdf", "svg", "eps", "ps", "jpg", "jpeg", "tif", "tiff", "webp")


def figure_format(path: str | Path, field: str = "plot") -> str:
    """The figure format named by ``path``'s extension; anything else raises
    :class:`~vrest.errors.VrestInputError` (check it before computing or writing anything)."""
    fmt = Path(path).suffix.lstrip(".").lower()
    if fmt not in FIGURE_FORMATS:
        from .errors import VrestInputError

        raise VrestInputError(
            field, str(path), f"a file name ending in .{', .'.join(FIGURE_FORMATS)}"
        )
    return fmt


def save_figure(fig: Any, path: str | Path, dpi: int = FIGURE_DPI) -> Path:
    """Save ``fig`` atomically; the format follows the file's extension (png, pdf, svg, ...)."""
    p = Path(path)
    fmt = figure_format(p)
    return atomic_write(
        p, lambda f: fig.savefig(f, format=fmt, dpi=dpi, bbox_inches="tight"), binary=True
    )


# ---- small helpers --------------------------------------------------------------------------
def _mv(x: float, digits: int = 1) -> str:
    """'−95.0 mV' with a real minus sign."""
    return f"{x:+.{digits}f} mV".replace("-", "−")


def _sub(base: str, sub: str) -> str:
    """``base`` with the subscript ``sub`` as mathtext (E$_{\\mathrm{K}}$); plain text with an
    underscore for names mathtext could misread."""
    if re.fullmatch(r"[A-Za-z0-9]+", sub):
        return f"{base}$_{{\\mathrm{{{sub}}}}}$"
    return f"{base}_{sub}".replace("$", r"\$")


def _color_map(names: list[str]) -> dict[str, str]:
    out, k = {}, 0
    for n in names:
        if n in _COLORS:
            out[n] = _COLORS[n]
        else:
            out[n] = _EXTRA_COLORS[k % len(_EXTRA_COLORS)]
            k += 1
    return out


#: (name, factor from pA) of the current units, smallest first.
_CURRENT_UNITS = (("pA", 1.0), ("nA", 1e-3), ("µA", 1e-6))


def current_unit(span_pA: float) -> tuple[str, float]:
    """The unit (pA, nA or µA) and its factor from pA for an axis reaching ±``span_pA`` pA: the
    largest tick label stays below ~2000."""
    for name, fac in _CURRENT_UNITS:
        if abs(span_pA) * fac < 2000.0:
            return name, fac
    return _CURRENT_UNITS[-1]


def _plain_axis(ax: Any) -> None:
    """No offset and no scientific multiplier on either axis."""
    from matplotlib.ticker import ScalarFormatter

    for axis in (ax.xaxis, ax.yaxis):
        fmt = ScalarFormatter(useOffset=False)
        fmt.set_scientific(False)
        axis.set_major_formatter(fmt)


def _spread(ys: Any, gap: float) -> np.ndarray:
    """Label positions for the values ``ys`` (any order): as close as possible to them (least
    squares) with neighbours at least ``gap`` apart, order kept. Exact, O(n): isotonic regression
    (pool adjacent violators) of ys_sorted − k·gap, shifted back."""
    y = np.asarray(ys, dtype=float)
    order = np.argsort(y, kind="stable")
    n = len(y)
    shift = np.arange(n) * gap
    t = y[order] - shift
    # pool adjacent violators: blocks of (mean, weight)
    means: list[float] = []
    weights: list[int] = []
    for v in t:
        means.append(float(v))
        weights.append(1)
        while len(means) > 1 and means[-2] > means[-1]:
            w = weights[-2] + weights[-1]
            m = (means[-2] * weights[-2] + means[-1] * weights[-1]) / w
            means[-2:] = [m]
            weights[-2:] = [w]
    u = np.repeat(means, weights)
    out = np.empty(n)
    out[order] = u + shift
    return out


def _label_x(ax: Any, xs: list[float], texts: list[str], colors: list[str], y: float = 1.03) -> int:
    """Labels just above the top edge of ``ax`` at the data x positions ``xs``, spread so that
    they do not overlap and stay over the axes (in two staggered rows when one is too crowded),
    each joined to its x by a short line. Returns the number of rows used."""
    if not xs:
        return 0
    x0, x1 = ax.get_xlim()
    w_pt = ax.get_position().width * ax.figure.get_figwidth() * 72
    gap = (x1 - x0) * (FONTSIZE * 2.8) / w_pt  # room for a label such as "E_Na"
    order = list(np.argsort(xs, kind="stable"))
    rows = 1 if len(xs) * gap <= (x1 - x0) else 2
    trans = ax.get_xaxis_transform()
    for row in range(rows):
        idx = order[row::rows]
        lx = _spread([xs[k] for k in idx], gap)
        lx += max(0.0, x0 + gap / 2 - lx.min()) - max(0.0, lx.max() - (x1 - gap / 2))
        for k, tx in zip(idx, lx):
            ax.annotate(
                texts[k],
                (xs[k], 1.0),
                xycoords=trans,
                xytext=(tx, y + 0.055 * row),
                textcoords=trans,
                ha="center",
                va="bottom",
                fontsize=FONTSIZE - 1,
                color=colors[k],
                annotation_clip=False,
                arrowprops={
                    "arrowstyle": "-",
                    "color": colors[k],
                    "lw": 0.6,
                    "shrinkA": 0,
                    "shrinkB": 0,
                },
            )
    return rows


# ---- the rest figure ------------------------------------------------------------------------
def _curves(r: Any, v: np.ndarray) -> dict[str, Any]:
    """Currents (pA) over ``v`` of every ion under both models, vectorised over the ions."""
    ions = r.ions
    g = np.array([i.g for i in ions], dtype=float)
    P = np.array([i.P for i in ions], dtype=float)
    E = np.array([i.E for i in ions], dtype=float)
    ci = np.array([i.c_in for i in ions], dtype=float)
    co = np.array([i.c_out for i in ions], dtype=float)
    z = np.array([i.z for i in ions], dtype=float)
    area = r.cell.area_um2 or 1.0
    chord = g[:, None] * (v[None, :] - E[:, None])
    ghk = (
        P[:, None]
        * np.atleast_2d(_ghk_j(v[None, :], ci[:, None], co[:, None], z[:, None], r.celsius))
        * (area * UA_CM2_UM2_TO_PA)
    )
    if getattr(r.cell, "channels", ()):  # gated channels: ohmic, gates at steady state
        from .membrane import Membrane

        mem = Membrane.of(r.cell)
        gated = np.array([mem.channel_currents(float(x))[0] for x in v]).T
        chord, ghk = chord + gated, ghk + gated
    return {"chord": chord, "ghk": ghk}


def _transport_total(r: Any, v: np.ndarray) -> np.ndarray:
    """Net current (pA) over ``v`` through the cell's cotransporters (0 for electroneutral ones
    such as NKCC1 and KCC2) and its fixed-reversal leaks (no tracked ion), added to the total of
    both models."""
    cell = r.cell
    if not getattr(cell, "transporters", ()) and not any(c.ion is None for c in cell.channels):
        return np.zeros_like(v)
    from .membrane import Membrane

    mem = Membrane.of(cell)
    out = []
    for x in v:
        t = float(np.sum(mem.transport(float(x)))) if mem.trans else 0.0
        out.append(t + (mem.channel_currents(float(x))[1] if mem.chans else 0.0))
    return np.array(out)


def _chosen_ions(r: Any, cur: np.ndarray) -> list[int]:
    """Indices of the ions drawn one by one: all of them up to :data:`MAX_IONS_SHOWN`, else the
    largest currents over the plotted range (cell order kept)."""
    n = len(r.ions)
    if n <= MAX_IONS_SHOWN:
        return list(range(n))
    size = np.max(np.abs(cur), axis=1)
    top = np.argsort(-size, kind="stable")[:MAX_IONS_SHOWN]
    return sorted(int(k) for k in top)


def _v_range(r: Any, shown: list[int]) -> tuple[float, float]:
    """−120…+80 mV, widened to hold every E_i drawn and both V_rest (±10 mV), within ±250 mV."""
    pts = [r.V, r.V_chord, r.V_ghk] + [r.ions[k].E for k in shown]
    pts = [p for p in pts if math.isfinite(p)]
    lo = max(min([-120.0, *[p - 10.0 for p in pts]]), -250.0)
    hi = min(max([80.0, *[p + 10.0 for p in pts]]), 250.0)
    return lo, hi


def _fmt_current(pA: float) -> str:
    """'191 pA', '380 nA': three significant digits in the unit that suits the size."""
    if not math.isfinite(pA):
        return "—"
    unit, fac = next(((n, f) for n, f in _CURRENT_UNITS if abs(pA) * f < 999.5), _CURRENT_UNITS[-1])
    return f"{pA * fac:.3g} {unit}".replace("-", "−")


def _pump_text(r: Any) -> str:
    p = r.cell.pump
    if p is None:
        return "no pump"
    size = (
        f"I$_{{\\mathrm{{pump}}}}$ {_fmt_current(r.i_pump_chord)} (chord) / "
        f"{_fmt_current(r.i_pump_ghk)} (GHK)"
    )
    src = "passive and transported" if getattr(r.cell, "transporters", ()) else "passive"
    mode = {
        "balance": f"balancing the {src} Na⁺ influx",
        "kinetic": "kinetic (its V-dependence not drawn: the line is its current at rest)",
    }.get(p.mode, "fixed current")
    shift = ""
    if math.isfinite(r.pump_contribution):
        shift = f", shifting V by {_mv(r.pump_contribution, 2)}"
    return f"Na⁺/K⁺ pump {p.n_na}:{p.n_k} {mode}, {size}{shift}"


def _caption(r: Any, n_ions: int, n_shown: int) -> str:
    state = state_text(r)
    other = "GHK" if r.model == "chord" else "chord"
    v_other = r.V_ghk if r.model == "chord" else r.V_chord
    drawn = f"{other} model: thin dashed" if math.isfinite(v_other) else f"{other}: no steady V"
    parts = [
        f"{_MODEL_NAME[r.model]} model (primary: solid lines; {drawn})",
        f"{r.celsius:g} °C",
        _pump_text(r),
    ]
    for t in getattr(r.cell, "transporters", ()):
        parts.append(
            f"{t.name} {t.g:.3g} nS (its ion currents, "
            + ", ".join(
                f"{i.symbol} {_fmt_current(i.transporter_current)}"
                for i in r.ions
                if i.transporter_current
            )
            + ", are in the total; the ion curves show channels)"
        )
    if getattr(r, "channels", ()):
        parts.append(
            "gated channels at steady state, in the ion curves: "
            + ", ".join(f"{c.name} {c.g_open:.3g} nS open" for c in r.channels if c.ion)
            + "".join(
                f"; {c.name} (E {_mv(c.E)}, no tracked ion) in the total only"
                for c in r.channels
                if c.ion is None
            )
        )
    if r.cell.area_um2:
        parts.append(f"membrane area {r.cell.area_um2:,.0f} µm²".replace(",", " "))
    if r.imposed_V:
        parts.append(f"currents evaluated at the imposed V = {_mv(r.V)}")
    if n_ions > n_shown:
        parts.append(
            f"{n_ions} ions: the {n_shown} largest currents drawn, the other "
            f"{n_ions - n_shown} summed as 'other ions'"
        )
    lines = textwrap.wrap(f"State — {state}.", 150)
    lines += textwrap.wrap("Numbers: " + "; ".join(parts) + ".", 150)
    return "\n".join(lines)


def _ladder(ax: Any, r: Any, shown: list[int], colors: dict[str, str], height_pt: float) -> None:
    """E_i and V_chord, V_GHK as horizontal bars on one voltage axis, labels spread apart."""
    from matplotlib.collections import LineCollection

    prim = r.model
    marks = []  # (y, text, colour, linestyle, lw, gid)
    for k in shown[:MAX_E_LABELS]:
        i = r.ions[k]
        if math.isfinite(i.E):
            marks.append((i.E, f"{_sub('E', i.name)} {_mv(i.E)}", colors[i.name], "-", 3.0, i.name))
    for m, val in (("chord", r.V_chord), ("ghk", r.V_ghk)):
        if not math.isfinite(val):
            continue
        name = "chord" if m == "chord" else "GHK"
        rest = " (rest)" if m == prim and not r.imposed_V else ""
        ls, lw = ("-", 3.0) if m == prim else ("--", 1.8)
        marks.append((val, f"{_sub('V', name)} {_mv(val)}{rest}", TOTAL_COLOR, ls, lw, f"V_{m}"))
    if r.imposed_V:
        marks.append((r.V, f"V imposed {_mv(r.V)}", "tab:purple", ":", 2.0, "V_imposed"))
    labelled = {r.ions[k].name for k in shown[:MAX_E_LABELS]}
    rest_E = [i.E for i in r.ions if i.name not in labelled and math.isfinite(i.E)]
    ys = [m[0] for m in marks] + rest_E + [0.0]
    lo, hi = min(ys), max(ys)
    pad = max(0.08 * (hi - lo), 5.0)
    lo, hi = lo - pad, hi + pad
    gap_pt = FONTSIZE * 1.45
    for _ in range(3):  # the label band may widen the axis, which shrinks the gap in mV
        gap = (hi - lo) * gap_pt / height_pt
        ly = _spread([m[0] for m in marks], gap)
        new_lo, new_hi = min(lo, ly.min() - gap), max(hi, ly.max() + gap)
        if (new_lo, new_hi) == (lo, hi):
            break
        lo, hi = new_lo, new_hi
    ax.set_ylim(lo, hi)
    ax.set_xlim(0, 1)
    ax.axhline(0, color="0.85", lw=0.8, zorder=0)
    if rest_E:
        ax.add_collection(
            LineCollection(
                [[(0.08, e), (0.22, e)] for e in rest_E], colors=OTHER_COLOR, lw=0.6, zorder=1
            )
        )
    for (y, text, col, ls, lw, gid), yl in zip(marks, ly):
        # E_i bars on the left, the V bars in a column of their own: a V next to an E stays visible
        x = (0.04, 0.27) if gid in labelled else (0.30, 0.48)
        ax.plot(x, [y, y], color=col, ls=ls, lw=lw, solid_capstyle="butt", gid=gid)
        ax.annotate(
            text,
            (x[1] + 0.01, y),
            xytext=(0.57, yl),
            va="center",
            ha="left",
            fontsize=FONTSIZE,
            color=col,
            annotation_clip=False,
            arrowprops={"arrowstyle": "-", "color": col, "lw": 0.6, "shrinkA": 0, "shrinkB": 2},
        )
    if rest_E:
        ax.text(
            0.02,
            0.01,
            f"+{len(rest_E)} more E$_i$ (grey ticks)",
            transform=ax.transAxes,
            fontsize=FONTSIZE - 1.5,
            color="0.4",
        )
    for s in ("top", "right", "bottom"):
        ax.spines[s].set_visible(False)
    ax.set_xticks([])
    ax.set_ylabel("V = V$_{\\mathrm{in}}$ − V$_{\\mathrm{out}}$ (mV)")
    ax.set_title("Equilibrium potentials\nand resting potential", fontsize=FONTSIZE + 1)
    _plain_axis(ax)


def _zoom(r: Any, prim: str, other: str) -> np.ndarray:
    """Voltages of the zoomed panel: V_rest ± 12 mV, wide enough to hold both V_rest (and the
    imposed V) when they are within 25 mV of each other."""
    vr = {"chord": r.V_chord, "ghk": r.V_ghk}
    pts = [r.V, vr[prim]] + ([vr[other]] if abs(vr[other] - r.V) < 25 else [])
    c = 0.5 * (min(pts) + max(pts))
    w = max(12.0, 0.5 * (max(pts) - min(pts)) + 6.0)
    return np.linspace(c - w, c + w, 201)


class _Data:
    """The curves of one figure (pA): each ion drawn, the other ions summed, the pump and the
    total, for both models, over the full range and the zoomed one."""

    def __init__(self, r: Any, v_range: Any) -> None:
        self.prim = r.model
        self.other = "ghk" if r.model == "chord" else "chord"
        # a model with no steady V (NaN, explained in r.notes) is not drawn
        solved = math.isfinite(r.V_ghk if self.other == "ghk" else r.V_chord)
        self.models = (self.other, self.prim) if solved else (self.prim,)
        self.ip = {
            "chord": r.i_pump_chord if math.isfinite(r.i_pump_chord) else 0.0,
            "ghk": r.i_pump_ghk if math.isfinite(r.i_pump_ghk) else 0.0,
        }
        self.vr = {"chord": r.V_chord, "ghk": r.V_ghk}
        self.names = [i.name for i in r.ions]
        if v_range is None:
            coarse = _curves(r, np.linspace(-120.0, 80.0, 41))[self.prim]
            v_range = _v_range(r, _chosen_ions(r, coarse))
        self.v = np.linspace(float(v_range[0]), float(v_range[1]), 401)
        cur = _curves(r, self.v)
        self.shown = _chosen_ions(r, cur[self.prim])
        keep = set(self.shown)
        self.rest = [k for k in range(len(self.names)) if k not in keep]
        self.vz = _zoom(r, self.prim, self.other)
        self.full = self._pack(cur, _transport_total(r, self.v))
        self.zoom = self._pack(_curves(r, self.vz), _transport_total(r, self.vz))
        # currents at rest: the primary model at r.V, the other model at its own V_rest
        v_o = self.vr[self.other] if solved else r.V
        at_o = _curves(r, np.array([v_o]))[self.other if solved else self.prim][:, 0]
        at_p = np.array([i.current for i in r.ions])
        sizes = [*np.abs(at_p[self.shown]), *np.abs(at_o[self.shown])]
        sizes += [abs(self.ip["chord"]), abs(self.ip["ghk"]), abs(r.net_current)]
        if self.rest:
            sizes += [abs(at_p[self.rest].sum()), abs(at_o[self.rest].sum())]
        span = max(1.25 * max(sizes), 0.5 * float(np.abs(self.zoom["total"][self.prim]).max()))
        self.span_z = span if span > 0 and math.isfinite(span) else 1.0
        vals = [self.full["total"][m] for m in self.models]
        vals += [self.full["ions"][m] for m in self.models]
        if self.rest:
            vals += [self.full["other"][m] for m in self.models]
        vals += [np.array([self.ip["chord"], self.ip["ghk"], 0.0])]
        self.y_full = (min(float(np.min(a)) for a in vals), max(float(np.max(a)) for a in vals))

    def _pack(self, cur: dict[str, np.ndarray], transport: np.ndarray) -> dict[str, Any]:
        ms = ("chord", "ghk")
        return {
            "ions": {m: cur[m][self.shown] for m in ms},
            "other": {m: cur[m][self.rest].sum(axis=0) for m in ms} if self.rest else None,
            "total": {m: cur[m].sum(axis=0) + self.ip[m] + transport for m in ms},
        }


def _draw_iv(ax: Any, r: Any, d: _Data, vv: np.ndarray, c: dict, fac: float, colors: dict) -> None:
    """Every curve of both models on ``ax`` (currents × ``fac``): the other model first, thin and
    dashed, the primary model on top, solid."""
    dashed = (0, (4, 2.5))
    for m in d.models:
        solid = m == d.prim
        kw = {"lw": 2.0, "ls": "-"} if solid else {"lw": 1.0, "ls": dashed}
        for j, k in enumerate(d.shown):
            n = d.names[k]
            ax.plot(vv, c["ions"][m][j] * fac, color=colors[n], gid=f"I_{n}:{m}", **kw)
        if c["other"] is not None:
            ax.plot(vv, c["other"][m] * fac, color=OTHER_COLOR, gid=f"I_other:{m}", **kw)
        if r.cell.pump is not None:
            y = np.full(2, d.ip[m] * fac)
            ax.plot(vv[[0, -1]], y, color=PUMP_COLOR, gid=f"I_pump:{m}", **kw)
        tw = {"lw": 2.6, "ls": "-"} if solid else {"lw": 1.4, "ls": dashed}
        ax.plot(vv, c["total"][m] * fac, color=TOTAL_COLOR, gid=f"I_total:{m}", zorder=4, **tw)
    ax.axhline(0, color="0.5", lw=0.8, zorder=1)
    ax.set_xlim(vv[0], vv[-1])
    _plain_axis(ax)
    ax.grid(True, color="0.93", lw=0.6, zorder=0)
    ax.set_xlabel("V = V$_{\\mathrm{in}}$ − V$_{\\mathrm{out}}$ (mV)")


def _mark_E(ax: Any, r: Any, d: _Data, colors: dict) -> int:
    """An open circle at (E_i, 0) for each ion drawn whose E_i is inside the x-limits, labelled
    above the panel."""
    x0, x1 = ax.get_xlim()
    xs, texts, cols = [], [], []
    for k in d.shown:
        i = r.ions[k]
        if math.isfinite(i.E) and x0 <= i.E <= x1:
            col = colors[i.name]
            ax.plot(
                [i.E], [0.0], "o", ms=6, mfc="white", mec=col, mew=1.8, zorder=6, gid=f"E_{i.name}"
            )
            xs.append(i.E)
            texts.append(_sub("E", i.name))
            cols.append(col)
    return _label_x(ax, xs, texts, cols)


def _mark_V(ax: Any, r: Any, d: _Data, fac: float) -> None:
    """V_rest of each model where its total current crosses zero (filled: primary), labelled on
    opposite sides; the imposed V, if any."""
    inside = sorted((m for m in d.models if d.vz[0] <= d.vr[m] <= d.vz[-1]), key=lambda m: d.vr[m])
    x0, x1 = ax.get_xlim()
    for j, m in enumerate(inside):
        solid = m == d.prim
        ax.plot(
            [d.vr[m]],
            [0.0],
            "o",
            ms=7 if solid else 6,
            color=TOTAL_COLOR,
            mfc=TOTAL_COLOR if solid else "white",
            mew=1.5,
            zorder=8 if solid else 7,  # the primary's filled dot on top when both coincide
            gid=f"V_{m}",
        )
        frac = (d.vr[m] - x0) / (x1 - x0)
        left = j == 0 and len(inside) == 2
        if (left and frac < 0.35) or (not left and frac > 0.65):
            left = not left
        ax.annotate(
            f"{_sub('V', _MODEL_NAME[m])} {_mv(d.vr[m])}",
            (d.vr[m], 0.0),
            xytext=(-8 if left else 8, 10 if j == 0 else -16),
            textcoords="offset points",
            ha="right" if left else "left",
            fontsize=FONTSIZE,
            fontweight="bold" if solid else "normal",
            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.85},
            zorder=9,
        )
    if r.imposed_V:
        ax.axvline(r.V, color="tab:purple", ls=":", lw=1.2)
        right_half = (r.V - x0) / (x1 - x0) > 0.5
        ax.plot(
            [r.V],
            [r.net_current * fac],
            "X",
            ms=8,
            color="tab:purple",
            zorder=8,
            gid="I_net_imposed",
        )
        ax.annotate(
            f"imposed V {_mv(r.V)}: net current {_fmt_current(r.net_current)}",
            (r.V, 1.0),
            xycoords=ax.get_xaxis_transform(),
            xytext=(-4 if right_half else 4, -12),
            textcoords="offset points",
            ha="right" if right_half else "left",
            color="tab:purple",
            fontsize=FONTSIZE - 1,
            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.85},
            zorder=9,
        )
    else:
        ax.axvline(r.V, color=TOTAL_COLOR, ls=":", lw=0.9, zorder=1)


def _legend_handles(r: Any, d: _Data, colors: dict) -> list[Any]:
    from matplotlib.lines import Line2D

    def line(label: str, color: Any, **kw: Any) -> Any:
        return Line2D([], [], color=color, label=label, **({"lw": 2.0} | kw))

    h = [line(_ion_label(r.ions[k]), colors[d.names[k]]) for k in d.shown]
    if d.rest:
        h.append(line(f"{len(d.rest)} other ions (sum)", OTHER_COLOR))
    if r.cell.pump is not None:
        h.append(line("I$_{\\mathrm{pump}}$ (Na⁺/K⁺ pump)", PUMP_COLOR))
    h += [
        line("total current", TOTAL_COLOR, lw=2.6),
        line(f"{_MODEL_NAME[d.prim]} model (primary)", "0.2"),
        *(
            [line(f"{_MODEL_NAME[d.other]} model", "0.2", lw=1.0, ls=(0, (4, 2.5)))]
            if len(d.models) == 2
            else []
        ),
        line("E$_i$: I$_i$ = 0", "0.2", ls="", marker="o", ms=6, mfc="white", mec="0.2", mew=1.6),
        line("V$_{\\mathrm{rest}}$: total = 0", TOTAL_COLOR, ls="", marker="o", ms=7),
    ]
    return h


def _title(r: Any) -> str:
    name = (r.cell.name or "cell").replace("$", r"\$")
    model = f"{_MODEL_NAME[r.model]} model"
    if r.imposed_V:
        head = f"{name}: currents at an imposed V = {_mv(r.V)} ({model})"
    else:
        head = f"{name}: V$_{{\\mathrm{{rest}}}}$ = {_mv(r.V)} ({model})"
    return textwrap.fill(f"{head}, {r.state_label}", 115)


def plot_rest(r: Any, path: str | Path | None = None, v_range: Any = None) -> Any:
    """The rest figure of a :class:`~vrest.rest.RestResult` (see the module docstring): the
    E_i / V ladder, the I–V curves of both models over ``v_range`` (mV; default −120…+80 widened
    to hold every E_i drawn) and zoomed around V_rest, a legend and a caption that explains the
    state and names the model, temperature and pump. Returns the matplotlib Figure; saved
    atomically to ``path`` (format from its extension) when given."""
    plt = _mpl()
    d = _Data(r, v_range)
    colors = _color_map([d.names[k] for k in d.shown])

    # ---- layout (inches): title | ladder, full I–V, zoomed I–V | legend | caption ----
    handles = _legend_handles(r, d, colors)
    ncol = min(6, len(handles))
    title = _title(r)
    caption = _caption(r, len(d.names), len(d.shown))
    W, ax_h, xlab = 12.5, 3.3, 0.62
    top = 0.72 + 0.26 * (title.count("\n") + 1)
    leg_h = 0.23 * math.ceil(len(handles) / ncol) + 0.2
    cap_h = 0.2 * (caption.count("\n") + 1) + 0.15
    H = top + ax_h + xlab + leg_h + cap_h
    fig = plt.figure(figsize=(W, H))
    y_ax = (xlab + leg_h + cap_h) / H

    def box(x: float, w: float) -> list[float]:
        return [x / W, y_ax, w / W, ax_h / H]

    ax_l = fig.add_axes(box(0.75, 1.3), label="ladder")
    ax_f = fig.add_axes(box(3.8, 3.8), label="iv")
    ax_z = fig.add_axes(box(8.55, 3.8), label="iv_zoom")
    _ladder(ax_l, r, d.shown, colors, ax_h * 72)

    lo, hi = d.y_full
    unit_f, fac_f = current_unit(max(abs(lo), abs(hi), 1e-300))
    unit_z, fac_z = current_unit(d.span_z)
    _draw_iv(ax_f, r, d, d.v, d.full, fac_f, colors)
    pad = 0.05 * (hi - lo) or 1.0
    ax_f.set_ylim((lo - pad) * fac_f, (hi + pad) * fac_f)
    ax_f.set_ylabel(f"current ({unit_f}, outward +)")
    ax_f.axvline(r.V, color=TOTAL_COLOR, ls=":", lw=0.9, zorder=1)
    _draw_iv(ax_z, r, d, d.vz, d.zoom, fac_z, colors)
    ax_z.set_ylim(-d.span_z * fac_z, d.span_z * fac_z)
    ax_z.set_ylabel(f"current ({unit_z}, outward +)")
    rows = max(_mark_E(ax, r, d, colors) for ax in (ax_f, ax_z))
    _mark_V(ax_z, r, d, fac_z)
    pad = 8 + 14 * max(rows, 1)
    ax_f.set_title("I–V curves over the whole range", fontsize=FONTSIZE + 1, pad=pad)
    ax_z.set_title(
        "Zoom on the rest: the total current crosses 0 at V$_{\\mathrm{rest}}$",
        fontsize=FONTSIZE + 1,
        pad=pad,
    )
    fig.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, (cap_h + leg_h) / H),
        ncol=ncol,
        fontsize=FONTSIZE,
        frameon=False,
        handlelength=2.4,
        columnspacing=1.4,
    )
    fig.text(
        0.5,
        (cap_h - 0.05) / H,
        caption,
        ha="center",
        va="top",
        fontsize=FONTSIZE - 0.5,
        color="0.15",
        linespacing=1.35,
    )
    fig.suptitle(title, y=1 - 0.1 / H, va="top", fontsize=FONTSIZE + 3.5)
    if path is not None:
        save_figure(fig, path)
    return fig


def _ion_label(i: Any) -> str:
    sym = f" ({i.symbol})" if i.symbol and i.symbol != i.name else ""
    return f"{_sub('I', i.name)}{sym}"


def _real_minus(text: str) -> str:
    """'-95.0' → '−95.0' (a hyphen before a digit becomes a minus sign)."""
    return re.sub(r"(?<![\w.])-(?=\d)", "−", text)


# ---- a plain I–V figure ---------------------------------------------------------------------
_DENSITY_UNITS = (("nA/cm²", 1e3), ("µA/cm²", 1.0), ("mA/cm²", 1e-3))


def plot_iv(
    v: Any,
    currents: dict[str, Any],
    path: str | Path | None = None,
    ylabel: str = "current density (µA/cm², outward +)",
    title: str = "",
    E: dict[str, float] | float | None = None,
) -> Any:
    """I–V curves: ``currents`` maps a label to an array over ``v`` (mV). The data are in the
    unit named by ``ylabel`` (µA/cm² or pA); the axis is rescaled to the unit that suits their
    size (nA/cm², µA/cm², mA/cm²; pA, nA, µA), without an offset. Where a curve crosses zero it is
    marked and labelled with its voltage; ``E`` (mV, one value or a dict label → value) adds
    labelled markers for reversal potentials."""
    plt = _mpl()
    v = np.asarray(v, dtype=float)
    data = {k: np.asarray(c, dtype=float) for k, c in currents.items()}
    span = max([float(np.nanmax(np.abs(c))) for c in data.values() if c.size] + [1e-300])
    fac = 1.0
    if "µA/cm²" in ylabel:
        for unit, f in _DENSITY_UNITS:
            if span * f < 2000.0 or unit == "mA/cm²":
                fac = f
                ylabel = ylabel.replace("µA/cm²", unit)
                break
    elif "pA" in ylabel:
        unit, fac = current_unit(span)
        ylabel = ylabel.replace("pA", unit)
    fig, ax = plt.subplots(figsize=(7.2, 4.8))
    title = _real_minus(title)
    styles = ["-", (0, (5, 2.5)), "-.", ":"]
    cols = []
    for k, (lab, cur) in enumerate(data.items()):
        ion = next((w for w in str(lab).split() if w in _COLORS), None)  # "GHK K" → K's colour
        col = _COLORS[ion] if ion and k == 0 else _COLORS.get(lab, f"C{k}")
        cols.append(col)
        ax.plot(
            v,
            cur * fac,
            label=_real_minus(lab),
            color=col,
            lw=2.0 if k == 0 else 1.6,
            ls=styles[k % len(styles)],
            gid=f"iv:{lab}",
        )
    ax.axhline(0, color="0.5", lw=0.8, zorder=1)
    ax.axvline(0, color="0.75", lw=0.8, zorder=1)
    ax.set_xlim(v.min(), v.max())
    # zero crossings of each curve (linear interpolation), one marker per distinct voltage
    marks: list[tuple[float, str, str]] = []
    if E is not None:
        items = E.items() if isinstance(E, dict) else [("E", float(E))]
        marks += [(float(x), f"{lab} {_mv(float(x))}", "k") for lab, x in items]
    for cur, col in zip(data.values(), cols):
        s = np.sign(cur)
        for j in np.nonzero(s[:-1] * s[1:] < 0)[0][:3]:
            x = v[j] - cur[j] * (v[j + 1] - v[j]) / (cur[j + 1] - cur[j])
            if all(abs(x - m[0]) > 0.5 for m in marks):
                marks.append((float(x), f"I = 0 at {_mv(float(x))}", col))
    for x, text, col in marks:
        ax.plot([x], [0.0], "o", ms=6.5, mfc="white", mec=col, mew=1.8, zorder=5, gid="zero")
        ax.annotate(
            text,
            (x, 0.0),
            xytext=(6, 8),
            textcoords="offset points",
            fontsize=FONTSIZE,
            color=col,
            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.85},
            zorder=6,
        )
    _plain_axis(ax)
    ax.grid(True, color="0.93", lw=0.6, zorder=0)
    ax.set_xlabel("V = V$_{\\mathrm{in}}$ − V$_{\\mathrm{out}}$ (mV)")
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(textwrap.fill(title, 70), fontsize=FONTSIZE + 1)
    ax.legend(fontsize=FONTSIZE, loc="best", framealpha=0.9)
    fig.tight_layout()
    if path is not None:
        save_figure(fig, path)
    return fig
