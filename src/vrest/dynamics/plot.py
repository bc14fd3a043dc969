"""The figure of a :class:`~vrest.dynamics.result.TimeCourse` (matplotlib imported here only).

Stacked panels sharing the time axis: V (mV) on top, then one panel per ion with [X]ᵢ (mM) and
its bath [X]ₒ (dotted, where a run-down heads). The protocol's events are marked by vertical
lines; each panel's ion shows its half-time when the run reaches it. A log time axis (the
default) shows the ms relaxation of V after a step and the hours of run-down on one figure;
t = 0 itself cannot sit on it and is drawn at the first sample after it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from ..errors import VrestInputError
from ..plotting import _color_map, _mpl, figure_format, save_figure
from .result import _duration

#: Time units (name, seconds) chosen by the run's length: the first whose span fits.
_UNITS = ((300.0, "s", 1.0), (5 * 3600.0, "min", 60.0), (float("inf"), "h", 3600.0))


def _time_unit(t_end: float) -> tuple[str, float]:
    for limit, name, sec in _UNITS:
        if t_end <= limit:
            return name, sec
    return "h", 3600.0


def plot_time_course(tc: Any, path: str | Path | None = None, time_axis: str = "log") -> Any:
    """Draw ``tc`` (see the module docstring); save to ``path`` atomically if given."""
    if time_axis not in ("log", "linear"):
        raise VrestInputError("time_axis", time_axis, "'log' or 'linear'")
    if path is not None:
        figure_format(path)
    plt = _mpl()
    names = list(tc.names)
    colors = _color_map(names)
    unit, sec = _time_unit(float(tc.t[-1]))
    vol = getattr(tc, "volume", None)
    n_panels = 1 + len(names) + (vol is not None)
    fig, axes = plt.subplots(
        n_panels, 1, sharex=True, figsize=(7.5, 2.4 + 1.5 * (n_panels - 1)), squeeze=False
    )
    axes = axes[:, 0]
    t = tc.t / sec
    keep = t > 0 if time_axis == "log" else np.ones(len(t), dtype=bool)
    axes[0].plot(t[keep], tc.V[keep], color="k", lw=1.4)
    axes[0].set_ylabel("V (mV)")
    if vol is not None:  # the cell's volume, relative to the start
        axes[-1].plot(t[keep], np.asarray(vol)[keep] / float(vol[0]), color="tab:purple", lw=1.4)
        axes[-1].set_ylabel("volume / start")
    for ax, n in zip(axes[1 : 1 + len(names)], names):
        ax.plot(t[keep], tc.c_in[n][keep], color=colors[n], lw=1.4, label=f"[{n}]in")
        ax.axhline(tc.c_out[n], color=colors[n], lw=0.8, ls=":", label=f"[{n}]out")
        ax.set_ylabel(f"[{n}]in (mM)")
        h = tc.half_time(n)
        if h is not None:
            t_half = (tc.protocol.times() or (0.0,))[0] + h
            ax.axvline(t_half / sec, color=colors[n], lw=0.8, ls="--")
            ax.annotate(
                f"half-time {_duration(h)}",
                (t_half / sec, 0.5),
                xycoords=("data", "axes fraction"),
                fontsize=8,
                color=colors[n],
                xytext=(3, 0),
                textcoords="offset points",
            )
    for ev in tc.protocol.events:
        if 0 < ev.t_s <= tc.t[-1]:
            for ax in axes:
                ax.axvline(ev.t_s / sec, color="0.5", lw=0.8, ls="-.")
            axes[0].annotate(
                ev.describe().split(": ", 1)[1],
                (ev.t_s / sec, 1.02),
                xycoords=("data", "axes fraction"),
                fontsize=8,
                color="0.3",
            )
    if time_axis == "log":
        axes[-1].set_xscale("log")
    axes[-1].set_xlabel(f"time ({unit}{', log scale' if time_axis == 'log' else ''})")
    for ax in axes:
        ax.grid(alpha=0.25)
    leaks = "GHK" if tc.model == "ghk" else "chord"
    import textwrap

    head = f"{tc.cell.name or 'cell'} ({leaks} leaks) — {tc.protocol.describe()}".replace("-", "−")
    fig.suptitle(head, fontsize=10)
    fig.tight_layout(rect=(0, 0.06 + 0.012 * len(tc.assumptions), 1, 1))
    fig.text(
        0.5, 0.005, textwrap.fill("Assumes: " + "; ".join(tc.assumptions), 125),
        ha="center", va="bottom", fontsize=7, color="0.25",
    )  # fmt: skip
    if path is not None:
        save_figure(fig, path)
    return fig
