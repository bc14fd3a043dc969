"""Figures (matplotlib is imported here only, never at package import)."""

from __future__ import annotations

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


def _mpl():
    import matplotlib

    if matplotlib.get_backend().lower() not in ("agg", "pdf", "svg") and not _interactive():
        matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _interactive() -> bool:
    import sys

    return hasattr(sys, "ps1") or "ipykernel" in sys.modules


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


def save_figure(fig: Any, path: str | Path, dpi: int = 120) -> Path:
    """Save ``fig`` atomically; the format follows the file's extension (png, pdf, svg, ...)."""
    p = Path(path)
    fmt = figure_format(p)
    return atomic_write(
        p, lambda f: fig.savefig(f, format=fmt, dpi=dpi, bbox_inches="tight"), binary=True
    )


def _spread(ys: list[float], gap: float) -> list[float]:
    """Label positions for sorted ``ys``: moved apart to at least ``gap``, centred on the data."""
    out = list(ys)
    for _ in range(50):
        moved = False
        for k in range(1, len(out)):
            if out[k] - out[k - 1] < gap:
                push = (gap - (out[k] - out[k - 1])) / 2
                out[k - 1] -= push
                out[k] += push
                moved = True
        if not moved:
            break
    return out


def plot_rest(r: Any, path: str | Path | None = None, v_range=(-120.0, 80.0)) -> Any:
    """Two panels: (left) each E_i and V_chord, V_GHK on a voltage axis; (right) each ion's I–V
    curve of the primary model, the pump and the total current, crossing zero at V_rest."""
    plt = _mpl()
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4.8), gridspec_kw={"width_ratios": [1, 2.2]})
    marks = [
        (i.E, f"E_{i.name} {i.E:+.1f}", _COLORS.get(i.name, f"C{k}"), "-")
        for k, i in enumerate(r.ions)
    ]
    marks += [
        (r.V_chord, f"V chord {r.V_chord:+.1f}", "k", "-"),
        (r.V_ghk, f"V GHK {r.V_ghk:+.1f}", "0.45", "--"),
    ]
    marks.sort(key=lambda m: m[0])
    label_y = _spread([m[0] for m in marks], gap=(v_range[1] - v_range[0]) * 0.045)
    for (y, text, col, ls), ly in zip(marks, label_y):
        ax1.hlines(y, 0.05, 0.5, color=col, lw=2.5, ls=ls)
        ax1.annotate(
            text,
            (0.5, y),
            xytext=(0.6, ly),
            va="center",
            fontsize=9,
            color=col,
            arrowprops={"arrowstyle": "-", "color": col, "lw": 0.6},
        )
    ax1.axhline(0, color="0.8", lw=0.8)
    ax1.set_xlim(0, 1.35)
    ax1.set_xticks([])
    ax1.set_ylabel("membrane potential V = V_in − V_out (mV)")
    ax1.set_title("equilibrium potentials and V_rest")
    v = np.linspace(*v_range, 401)
    total = np.zeros_like(v)
    area = r.cell.area_um2 or 1.0
    for k, i in enumerate(r.ions):
        if r.model == "chord":
            cur = i.g * (v - i.E)
        else:
            cur = i.P * _ghk_j(v, i.c_in, i.c_out, i.z, r.celsius) * area * UA_CM2_UM2_TO_PA
        total += cur
        ax2.plot(v, cur, color=_COLORS.get(i.name, f"C{k}"), label=f"I_{i.name}")
    if r.i_pump:
        ax2.plot(v, np.full_like(v, r.i_pump), color="tab:gray", ls=":", label="I_pump")
        total += r.i_pump
    ax2.plot(v, total, color="k", lw=2, label="total")
    ax2.axhline(0, color="0.6", lw=0.8)
    ax2.axvline(r.V, color="k", ls="--", lw=0.8)
    ax2.annotate(f"V_rest {r.V:+.1f} mV", (r.V, 0), xytext=(6, 10), textcoords="offset points")
    span = max(abs(total).max() * 0.25, max(abs(i.current) for i in r.ions) * 4, 1e-9)
    ax2.set_ylim(-span, span)
    ax2.set_xlabel("V (mV)")
    ax2.set_ylabel("current (pA, outward +)")
    ax2.set_title(f"I–V curves ({r.model} model)")
    ax2.legend(fontsize=8, loc="upper left")
    fig.suptitle(f"{r.cell.name or 'cell'} at {r.celsius:g} °C — {r.state}")
    fig.tight_layout()
    if path is not None:
        save_figure(fig, path)
    return fig


def plot_iv(
    v: Any,
    currents: dict[str, Any],
    path: str | Path | None = None,
    ylabel: str = "current density (µA/cm², outward +)",
    title: str = "",
) -> Any:
    """I–V curves: ``currents`` maps a label to an array over ``v`` (mV)."""
    plt = _mpl()
    fig, ax = plt.subplots(figsize=(6.4, 4.4))
    for k, (lab, cur) in enumerate(currents.items()):
        ax.plot(v, cur, label=lab, color=_COLORS.get(lab, f"C{k}"))
    ax.axhline(0, color="0.6", lw=0.8)
    ax.axvline(0, color="0.6", lw=0.8)
    ax.set_xlabel("V (mV)")
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.legend()
    fig.tight_layout()
    if path is not None:
        save_figure(fig, path)
    return fig
