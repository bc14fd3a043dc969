"""Explorer tab: the pump–leak run-down — the cell when its Na⁺/K⁺ pump stops (an ATP cut) or
when the pump protein decays (protein synthesis blocked).

Every number comes from :mod:`vrest.dynamics` (:func:`~vrest.dynamics.atp_cut`,
:func:`~vrest.dynamics.protein_synthesis_block`, the :class:`~vrest.dynamics.TimeCourse` they
return) and :func:`vrest.solve_rest`. The run sits behind a Run button and reports its progress
through the solver's ``progress`` callback. Units: h, s, mV, mM, pA.
"""

from __future__ import annotations

import warnings
from typing import Any

import streamlit as st

import vrest
from vrest.explorer.tabs._common import (
    cell_key,
    decades,
    guarded,
    kept,
    style,
    thin,
)

#: The two protocols: label → what it does.
PROTOCOLS = {
    "ATP cut": "the Na⁺/K⁺ pump stops at once (no ATP, or ouabain)",
    "Protein-synthesis block": "no new pump protein: the pump density decays with its half-life",
}
SLOT = "vrest_rundown_runs"


def run(cell: vrest.Cell, params: dict[str, Any], progress: Any = None) -> Any:
    """The time course for ``params`` (``protocol``, ``hours``, ``at_s``, ``half_life_h``,
    ``model``): :func:`vrest.dynamics.atp_cut` or :func:`vrest.dynamics.protein_synthesis_block`.
    ``progress(t_done_s, t_end_s)`` is the solver's callback."""
    from vrest.dynamics import atp_cut, protein_synthesis_block

    model = params.get("model")
    if params["protocol"] == "ATP cut":
        return atp_cut(
            cell, hours=params["hours"], block_at_s=params["at_s"], model=model, progress=progress
        )
    return protein_synthesis_block(
        cell,
        params["half_life_h"],
        hours=params["hours"],
        at_s=params["at_s"],
        model=model,
        progress=progress,
    )


def end_state(tc: Any) -> Any:
    """The rest analysis (:func:`vrest.solve_rest`) of the cell as it is at the end of an ATP
    cut: the concentrations reached, no pump. None when the pump still runs at the end."""
    if tc.protocol.level_at(float(tc.t[-1])) != 0.0:
        return None
    end = tc.value_at(float(tc.t[-1]))
    c = tc.cell.with_pump(None)
    for ion in tc.names:
        c = c.with_ion(ion, c_in=end[f"{ion}_in_mM"])
    return vrest.solve_rest(c, model=tc.model)


def _inputs(cell: vrest.Cell) -> dict[str, Any]:
    c1, c2, c3 = st.columns(3)
    protocol = c1.radio(
        "Protocol",
        list(PROTOCOLS),
        key="rd_protocol",
        help="; ".join(f"{k}: {v}" for k, v in PROTOCOLS.items()),
    )
    atp = protocol == "ATP cut"
    hours = c2.number_input(
        "Run length (h)",
        min_value=0.0,
        value=3.0 if atp else 72.0,
        step=1.0,
        format="%g",
        key=f"rd_hours_{'atp' if atp else 'psb'}",
    )
    at_s = c2.number_input(
        "Intervention at (s)", min_value=0.0, value=10.0, step=10.0, format="%g", key="rd_at"
    )
    half = None
    if not atp:
        half = c3.number_input(
            "Pump-protein half-life (h)",
            min_value=0.0,
            value=24.0,
            step=1.0,
            format="%g",
            key="rd_half",
            help="An assumption: the chapter says hours to days; give your cell's value.",
        )
    model = c3.radio(
        "Leak model",
        ["chord", "ghk"],
        key="rd_model",
        index=0 if cell.model == "chord" else 1,
        horizontal=True,
    )
    return {"protocol": protocol, "hours": hours, "at_s": at_s, "half_life_h": half, "model": model}


def _time_unit(hours: float) -> tuple[str, float]:
    return ("min", 60.0) if hours <= 5 else ("h", 3600.0)


def _charts(tc: Any, log_axis: bool) -> None:
    import altair as alt
    import pandas as pd

    unit, sec = _time_unit(float(tc.t[-1]) / 3600.0)
    cols = tc.columns()
    keep = cols["t_s"] > 0 if log_axis else slice(None)
    df = pd.DataFrame({k: v[keep] for k, v in cols.items()})
    df = pd.concat([df.iloc[thin(len(df))], df.iloc[[-1]]]).drop_duplicates("t_s")
    df["t"] = df["t_s"] / sec
    lo, hi = float(df["t"].min()), float(df["t"].max())
    if log_axis:
        scale = alt.Scale(type="log", domain=[lo, hi], nice=False)
        axis = alt.Axis(values=decades(lo, hi), format="~g")
    else:
        scale, axis = alt.Scale(domain=[lo, hi], nice=False), alt.Axis(format="~g")
    x = alt.X(
        "t:Q", title=f"time ({unit}{', log scale' if log_axis else ''})", scale=scale, axis=axis
    )
    v = (
        alt.Chart(df, title="Membrane potential")
        .mark_line(color="black", strokeWidth=2.5)
        .encode(
            x=x,
            y=alt.Y("V_mV:Q", title="V (mV)", scale=alt.Scale(zero=False)),
            tooltip=[alt.Tooltip("t", title=f"t ({unit})"), alt.Tooltip("V_mV", title="V (mV)")],
        )
        .properties(height=260)
    )
    st.altair_chart(style(v), width="stretch")
    sym = {n: tc.cell.ions[n].symbol for n in tc.names}
    ions = list(sym.values())
    long = [
        pd.DataFrame({"t": df["t"], "c": df[f"{n}_in_mM"], "ion": sym[n], "where": "inside"})
        for n in tc.names
    ]
    long += [
        pd.DataFrame(
            {"t": [lo, hi], "c": [tc.c_out[n]] * 2, "ion": sym[n], "where": "bath (outside)"}
        )
        for n in tc.names
    ]
    conc = pd.concat(long, ignore_index=True)
    lines = (
        alt.Chart(conc, title="Concentrations: inside (solid) and the bath (dashed)")
        .mark_line(strokeWidth=2.5, clip=True)
        .encode(
            x=x,
            y=alt.Y("c:Q", title="concentration (mM)"),
            color=alt.Color("ion:N", title="ion", sort=ions, scale=alt.Scale(scheme="set1")),
            strokeDash=alt.StrokeDash(
                "where:N",
                title=None,
                scale=alt.Scale(domain=["inside", "bath (outside)"], range=[[1, 0], [6, 4]]),
            ),
            tooltip=[
                alt.Tooltip("t", title=f"t ({unit})"),
                "ion",
                "where",
                alt.Tooltip("c", title="mM"),
            ],
        )
        .properties(height=300)
    )
    st.altair_chart(style(lines), width="stretch")


def _results(tc: Any) -> None:
    summary = tc.summary()
    start, end = summary["start_values"], summary["end_values"]
    m = st.columns(4)
    m[0].metric("V at the start", f"{start['V_mV']:.2f} mV")
    m[1].metric(
        "V at the end",
        f"{end['V_mV']:.2f} mV",
        delta=f"{end['V_mV'] - start['V_mV']:+.2f} mV",
        delta_color="off",
    )
    halves = summary["half_time_s"]
    for col, ion in zip(m[2:], ("K", "Na")):
        if ion in halves:
            h = halves[ion]
            col.metric(
                f"[{ion}]in half-time",
                "not reached"
                if h is None
                else (f"{h / 60:.1f} min" if h < 5 * 3600 else f"{h / 3600:.1f} h"),
                help="from the intervention until [X]in is halfway to the bath's [X]out",
            )
    st.caption(f"Start: the rest solution of this cell — {tc.rest.state_label}.")
    after = None
    with guarded(about="The rest analysis at the end of the run: "):
        after = end_state(tc)
    if after is not None:
        st.markdown(
            f"**End of the run** (pump stopped): the rest analysis at the concentrations reached "
            f"says **{after.state_label}** (V = {after.V:.2f} mV)."
        )
    elif tc.protocol.level_at(float(tc.t[-1])) != 0.0:
        level = tc.protocol.level_at(float(tc.t[-1]))
        st.markdown(
            f"**End of the run**: the pump is at {100 * level:.3g} % of its density, "
            f"pump current {tc.i_pump[-1]:.3g} pA."
        )
    rates = tc.rates(float(tc.t[-1]))
    st.caption(
        "Rates at the end: dV/dt "
        f"{rates['V_mV_s']:.3g} mV/s; "
        + ", ".join(f"d[{n}]in/dt {rates[f'{n}_in_mM_s'] * 60:.3g} mM/min" for n in tc.names)
    )
    log_axis = st.toggle("Log time axis", value=True, key="rd_log")
    _charts(tc, log_axis)
    st.download_button(
        "Download the time course (CSV)",
        tc.to_csv,  # written on the click: a long run's CSV is hundreds of MB
        file_name="rundown.csv",
        mime="text/csv",
        key="rd_csv",
    )
    with st.expander("Model and assumptions"):
        for a in tc.assumptions:
            st.markdown(f"- {a}")
        st.text(tc.table())


@st.fragment
def _tab(cell: vrest.Cell) -> None:
    st.markdown(
        "What the cell does when its Na⁺/K⁺ pump stops: the leaks dissipate the gradients, "
        "[Na]ᵢ rises, [K]ᵢ falls and V depolarizes — in minutes after an ATP cut, in hours to "
        "days when the pump protein decays."
    )
    if cell.pump is None:
        st.info(
            "This cell has no Na⁺/K⁺ pump, so there is nothing to stop. Choose a cell with "
            "a pump (e.g. the chapter neuron) on the main page."
        )
        return
    params = _inputs(cell)
    key = f"{cell_key(cell)}|{sorted(params.items())!r}"
    if st.button("Run", type="primary", key="rd_run"):
        with guarded(), st.status("Integrating the pump–leak equations…") as status:
            bar = st.progress(0.0, text="starting")

            def progress(done: float, end: float) -> None:
                bar.progress(min(done / end, 1.0), text=f"{done / 3600:.3g} of {end / 3600:g} h")

            st.session_state.get(SLOT, {}).pop(key, None)  # Run runs again
            with warnings.catch_warnings():  # its notes are shown with the result below
                warnings.simplefilter("ignore", vrest.VrestWarning)
                tc = kept(SLOT, key, lambda: run(cell, params, progress))
            status.update(
                label=f"Done: {tc.stats.get('steps', 0)} solver steps in "
                f"{tc.stats.get('wall_s', 0.0):.2f} s",
                state="complete",
            )
    with guarded():
        tc = kept(SLOT, key)
        if tc is None:
            st.info("Set the protocol and press **Run**.")
        else:
            _results(tc)


def render(cell: vrest.Cell) -> None:
    """Draw the run-down tab for ``cell`` into the current Streamlit container."""
    _tab(cell)
