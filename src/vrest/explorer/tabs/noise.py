"""Explorer tab: channel noise — a small cell's V fluctuates because its channels open and close
at random.

The linear-noise approximation (σ_V and the power spectrum, ``vrest.noise(cell, method="lna")``)
appears at once; a short exact or Langevin simulation (``vrest.noise(cell, method=...)``) runs
behind a Run button with its progress shown, and is drawn beside the analytic curves. Every
number comes from :mod:`vrest.noise`. Units: mV, ms, Hz, mV²/Hz, pS, µm.
"""

from __future__ import annotations

import hashlib
import warnings
from typing import Any

import numpy as np
import streamlit as st

import vrest
from vrest.explorer.tabs._common import (
    cell_key,
    computed,
    decades,
    guarded,
    kept,
    style,
)

PRESET = "chapter_noise"
SLOT_SIM = "vrest_noise_runs"
#: Frequencies of the analytic spectrum (Hz).
F_HZ = np.logspace(0, 4, 200)
#: Defaults that keep a run near a second here: (method, cells, duration ms) for two-state
#: populations (event by event) and for Hodgkin–Huxley ones (thousands of channels).
DEFAULTS = {"two_state": ("exact", 20, 2000.0), "hh": ("langevin", 4, 200.0)}
#: How many cells' traces, and how long a stretch of each (ms), the trace chart shows.
TRACES, TRACE_MS = 3, 200.0


def counted(cell: vrest.Cell) -> list[Any]:
    """The cell's channel populations given by ``count`` and ``gamma`` (those that are noisy)."""
    return [ch for ch in cell.channels if ch.count is not None]


def lna(cell: vrest.Cell) -> Any:
    """The linear-noise analysis, computed once (``st.cache_resource``)."""
    return computed("noise-lna", cell_key(cell), lambda: vrest.noise(cell, method="lna"))


def simulate(cell: vrest.Cell, params: dict[str, Any], progress: Any = None) -> Any:
    """``vrest.noise(cell, method, cells=, duration=, seed=, progress=)``."""
    return vrest.noise(
        cell,
        params["method"],
        cells=params["cells"],
        duration=params["duration"],
        seed=params["seed"],
        progress=progress,
    )


def _choose_cell(cell: vrest.Cell) -> vrest.Cell:
    from vrest.presets import load_preset

    if counted(cell):
        which = st.radio(
            "Cell",
            ["the main page's cell", "the chapter's small cell (80 K⁺ channels)"],
            key="nz_which",
            horizontal=True,
        )
        if which.startswith("the main"):
            return cell
    else:
        st.info(
            f"The main page's cell ({cell.name or 'unnamed'}) has no counted channel population "
            "(a [[channel]] given by count and single-channel conductance γ), so it has no "
            "channel noise to compute. Shown instead: the chapter's small cell — a 2 µm-radius "
            "sphere with 80 two-state K⁺ channels of 10 pS (γ, open probability and kinetics "
            "are assumptions from the middle of the literature ranges)."
        )
    return load_preset(PRESET)


def _edit(cell: vrest.Cell) -> list[str]:
    """Widgets for size and one population; returns the dotted-name assignments."""
    pops = counted(cell)
    names = [p.name for p in pops]
    c1, c2, c3 = st.columns(3)
    # new widgets (with this cell's values) when another cell or population comes in
    described = repr((cell.name, cell.radius, cell.area, [p.to_dict() for p in pops]))
    tag = hashlib.sha1(described.encode()).hexdigest()[:10]
    sets = []
    if cell.radius is not None:
        r = c1.number_input(
            "Cell radius (µm)",
            min_value=0.0,
            value=float(cell.radius),
            step=0.5,
            format="%g",
            key=f"nz_radius_{tag}",
        )
        sets.append(f"radius={r}")
    else:
        a = c1.number_input(
            "Membrane area (µm²)",
            min_value=0.0,
            value=float(cell.area),
            format="%g",
            key=f"nz_area_{tag}",
        )
        sets.append(f"area={a}")
    name = (
        c1.selectbox("Channel population", names, key=f"nz_pop_{tag}")
        if len(pops) > 1
        else names[0]
    )
    ch = pops[names.index(name)]
    n = c2.number_input(
        f"{name}: channel count",
        min_value=0,
        value=int(ch.count),
        step=10,
        key=f"nz_count_{tag}_{name}",
    )
    g = c2.number_input(
        f"{name}: single-channel γ (pS)",
        min_value=0.0,
        value=float(ch.gamma) * 1e3,
        step=1.0,
        format="%g",
        key=f"nz_gamma_{tag}_{name}",
    )
    sets += [f"{name}.count={n}", f"{name}.gamma={g} pS"]
    if ch.kind == "two_state":
        al = c3.number_input(
            f"{name}: opening rate α (1/ms)",
            min_value=0.0,
            value=float(ch.alpha),
            step=0.1,
            format="%g",
            key=f"nz_alpha_{tag}_{name}",
        )
        be = c3.number_input(
            f"{name}: closing rate β (1/ms)",
            min_value=0.0,
            value=float(ch.beta),
            step=0.1,
            format="%g",
            key=f"nz_beta_{tag}_{name}",
        )
        sets += [f"{name}.alpha={al}", f"{name}.beta={be}"]
    else:
        c3.caption(f"{name}: Hodgkin–Huxley gating ({ch.kind}), rates fixed by the scheme.")
    return sets


def _sim_inputs(cell: vrest.Cell) -> dict[str, Any]:
    hh = any(p.kind != "two_state" for p in counted(cell))
    method, cells, duration = DEFAULTS["hh" if hh else "two_state"]
    tag = "hh" if hh else "2s"
    c1, c2, c3, c4 = st.columns(4)
    method = c1.radio(
        "Method",
        ["exact", "langevin"],
        index=["exact", "langevin"].index(method),
        key=f"nz_method_{tag}",
        help="exact: event by event (no time step); langevin: the channel-based "
        "diffusion approximation, Euler–Maruyama",
    )
    cells = c2.number_input("Cells", min_value=1, value=cells, step=1, key=f"nz_cells_{tag}")
    duration = c3.number_input(
        "Duration per cell (ms)",
        min_value=0.0,
        value=duration,
        step=100.0,
        format="%g",
        key=f"nz_dur_{tag}",
    )
    seed = c4.number_input("Seed", min_value=0, value=1, step=1, key="nz_seed")
    return {"method": method, "cells": int(cells), "duration": float(duration), "seed": int(seed)}


def _lna_readout(res: Any) -> None:
    d = res.to_dict()
    m = st.columns(4)
    m[0].metric(
        "σ_V (LNA)",
        f"{d['lna_sigma_V_mV']:.4f} mV",
        help="linear-noise approximation: from the Lyapunov equation, no simulation",
    )
    m[1].metric(
        "thermal floor σ_V",
        f"{d['thermal_sigma_V_mV']:.4f} mV",
        help="kT/C: Johnson noise of the membrane, beside the channels",
    )
    m[2].metric("V* (deterministic rest)", f"{d['V_rest_mV']:.3f} mV")
    m[3].metric(
        "τ_m", f"{d['tau_m_ms']:.3g} ms", help=f"C {d['C_pF']:.3g} pF, G {d['G_total_nS']:.3g} nS"
    )


def _psd_chart(lna_res: Any, sim: Any = None) -> Any:
    import altair as alt
    import pandas as pd

    from vrest.noise.plot import thermal_psd

    parts = [
        pd.DataFrame({"f": F_HZ, "S": lna_res.psd_lna(F_HZ), "curve": "LNA (analytic)"}),
        pd.DataFrame(
            {"f": F_HZ, "S": thermal_psd(lna_res.model, F_HZ), "curve": "thermal floor (kT/C)"}
        ),
    ]
    if sim is not None:
        f, S = sim.psd()
        keep = (f > 0) & (S > 0)
        parts.insert(0, pd.DataFrame({"f": f[keep], "S": S[keep], "curve": "simulated (Welch)"}))
    df = pd.concat(parts, ignore_index=True)
    order = [
        c
        for c in ("simulated (Welch)", "LNA (analytic)", "thermal floor (kT/C)")
        if c in set(df["curve"])
    ]
    colors = {
        "simulated (Welch)": "#6baed6",
        "LNA (analytic)": "black",
        "thermal floor (kT/C)": "#d62728",
    }
    sim_curve = alt.datum.curve == "simulated (Welch)"
    f_lo, f_hi = float(df["f"].min()), float(df["f"].max())
    s_lo, s_hi = float(df["S"].min()) / 10, float(df["S"].max()) * 10
    return (
        alt.Chart(df, title="Power spectral density of V")
        .mark_line()
        .encode(
            x=alt.X(
                "f:Q",
                title="frequency (Hz)",
                scale=alt.Scale(type="log", nice=False),
                axis=alt.Axis(format="~s", values=decades(f_lo, f_hi)),
            ),
            y=alt.Y(
                "S:Q",
                title="PSD of V (mV²/Hz)",
                scale=alt.Scale(type="log"),
                axis=alt.Axis(format=".0e", values=decades(s_lo, s_hi)),
            ),
            color=alt.Color(
                "curve:N",
                title=None,
                sort=order,
                scale=alt.Scale(domain=order, range=[colors[c] for c in order]),
                legend=alt.Legend(orient="bottom-left", symbolStrokeWidth=4),
            ),
            strokeWidth=alt.condition(sim_curve, alt.value(4.5), alt.value(2.2)),
            strokeDash=alt.condition(
                alt.datum.curve == "thermal floor (kT/C)", alt.value([6, 4]), alt.value([1, 0])
            ),
        )
        .properties(height=340)
    )


def _sim_charts(sim: Any, lna_res: Any) -> None:
    import altair as alt
    import pandas as pd
    from scipy.stats import norm

    n = min(sim.V.shape[1], int(TRACE_MS / sim.record_dt) + 1)
    traces = pd.concat(
        [
            pd.DataFrame({"t": sim.t[:n], "V": sim.V[c, :n], "cell": f"cell {c}"})
            for c in range(min(TRACES, sim.cells))
        ],
        ignore_index=True,
    )
    trace = (
        alt.Chart(traces)
        .mark_line(strokeWidth=1.6)
        .encode(
            x=alt.X("t:Q", title="time (ms)"),
            y=alt.Y("V:Q", title="V (mV)", scale=alt.Scale(zero=False)),
            color=alt.Color("cell:N", title=None, legend=None),
        )
    )
    rest = (
        alt.Chart(pd.DataFrame({"V": [sim.V_rest]}))
        .mark_rule(color="black", strokeDash=[6, 4], strokeWidth=2)
        .encode(y="V:Q")
    )
    counts, edges = np.histogram(sim.V, bins=60, density=True)
    hist = pd.DataFrame({"lo": edges[:-1], "hi": edges[1:], "p": counts})
    x = np.linspace(edges[0], edges[-1], 200)
    gauss = pd.DataFrame({"V": x, "p": norm.pdf(x, lna_res.mean_V, lna_res.sigma_V)})
    bars = (
        alt.Chart(hist)
        .mark_rect(opacity=0.6, color="#1f77b4")
        .encode(
            x=alt.X("lo:Q", title="V (mV)", scale=alt.Scale(zero=False)),
            x2="hi:Q",
            y=alt.Y("p:Q", title="probability density (1/mV)"),
        )
    )
    curve = alt.Chart(gauss).mark_line(color="black", strokeWidth=2.5).encode(x="V:Q", y="p:Q")
    c1, c2 = st.columns(2)
    title = f"V fluctuates about rest ({sim.method})"
    c1.altair_chart(style((trace + rest).properties(title=title, height=300)), width="stretch")
    title = "Distribution of V: simulated vs the LNA Gaussian"
    c2.altair_chart(style((bars + curve).properties(title=title, height=300)), width="stretch")
    st.caption(
        f"Left: the first {TRACE_MS:g} ms of {min(TRACES, sim.cells)} cell(s), one colour each; "
        f"dashed: V* = {sim.V_rest:.3f} mV. Right: every record of every cell (bars) and the "
        f"Gaussian of the LNA (mean {lna_res.mean_V:.3f} mV, σ {lna_res.sigma_V:.4f} mV)."
    )
    st.altair_chart(style(_psd_chart(lna_res, sim)), width="stretch")


def _sim_readout(sim: Any) -> None:
    d = sim.to_dict()
    m = st.columns(4)
    se = d["sigma_V_se_mV"]
    m[0].metric(
        "σ_V (simulated)",
        f"{d['sigma_V_mV']:.4f} mV",
        help="standard deviation of V pooled over cells and records",
    )
    m[1].metric(
        "± 1 SE",
        "—" if se is None else f"{se:.4f} mV",
        help="statistical error from the effective sample size of correlated samples",
    )
    m[2].metric("σ_V (LNA)", f"{d['lna_sigma_V_mV']:.4f} mV")
    m[3].metric("mean V", f"{d['mean_V_mV']:.3f} mV")
    extra = f"{d['transitions']:,} channel transitions, " if d["transitions"] else ""
    st.caption(
        f"{sim.cells} cell(s) × {d['duration_ms']:g} ms, seed {d['seed']}; {extra}"
        f"simulated in {d['simulate_s']:.2f} s."
    )


@st.fragment
def _tab(main_cell: vrest.Cell) -> None:
    st.markdown(
        "A small cell has few channels; each opens and closes at random, so V fluctuates about "
        "rest. The linear-noise approximation (LNA) gives σ_V and the spectrum at once; a short "
        "simulation, channel by channel, checks it."
    )
    base = _choose_cell(main_cell)
    sets = _edit(base)
    cell = lna_res = None
    with guarded():
        cell = vrest.set_fields(base, sets)
        lna_res = lna(cell)
        _lna_readout(lna_res)
    if lna_res is None:
        return
    st.subheader("Simulation")
    params = _sim_inputs(cell)
    key = f"{cell_key(cell)}|{sorted(params.items())!r}"
    if st.button("Run", type="primary", key="nz_run"):
        with guarded(), st.status("Simulating the channels…") as status:
            bar = st.progress(0.0, text="starting")

            def progress(frac: float) -> None:
                bar.progress(min(frac, 1.0), text=f"{100 * frac:.0f} % of the run")

            st.session_state.get(SLOT_SIM, {}).pop(key, None)  # Run runs again
            with warnings.catch_warnings():  # its notes are shown with the result below
                warnings.simplefilter("ignore", vrest.VrestWarning)
                sim = kept(SLOT_SIM, key, lambda: simulate(cell, params, progress))
            status.update(label=f"Done in {sim.timing.get('total_s', 0.0):.2f} s", state="complete")
    sim = None
    with guarded():
        sim = kept(SLOT_SIM, key)
    if sim is None:
        st.info("Press **Run** for a simulation; below: the analytic spectrum.")
        st.altair_chart(style(_psd_chart(lna_res)), width="stretch")
    else:
        _sim_readout(sim)
        _sim_charts(sim, lna_res)
    with st.expander("Model and assumptions"):
        for a in lna_res.model.assumptions:
            st.markdown(f"- {a}")
        if sim is not None:
            st.text(sim.table())


def render(cell: vrest.Cell) -> None:
    """Draw the channel-noise tab for ``cell`` into the current Streamlit container."""
    _tab(cell)
