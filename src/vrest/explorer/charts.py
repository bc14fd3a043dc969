"""Altair charts of the explorer (drawing only: the data come from :mod:`.readouts`).

Column names are plain words (``v``, ``i``, ``mv``, ``k``): Vega-Lite reads ``[`` and ``.`` in a
field name as nested access and would plot nothing; units live in the axis titles. The resting
potential is marked in pure red (:data:`V_COLOR`) on every chart, so tests can find it in pixels.
Fonts are large enough for a projector.
"""

from __future__ import annotations

import math

import altair as alt
import pandas as pd

V_COLOR = "#ff0000"
#: Ion colours (no red: red is the resting potential's marker).
ION_COLORS = {
    "K⁺": "#1f5fbf",
    "Na⁺": "#e08a00",
    "Cl⁻": "#2a9d3a",
    "H⁺": "#8a3ab9",
    "Ca²⁺": "#6b4f2a",
    "HCO₃⁻": "#17a2b8",
}
OTHER_COLORS = ["#555555", "#b5179e", "#4361ee", "#7f7f00", "#00897b"]
FONT = 15


def _colors(names: list[str]) -> tuple[list[str], list[str]]:
    dom, rng = [], []
    k = 0
    for n in names:
        if n in dom:
            continue
        dom.append(n)
        if n == "total":
            rng.append("#000000")
        elif n in ION_COLORS:
            rng.append(ION_COLORS[n])
        else:
            rng.append(OTHER_COLORS[k % len(OTHER_COLORS)])
            k += 1
    return dom, rng


def _style(chart: alt.Chart) -> alt.Chart:
    return (
        chart.configure_axis(labelFontSize=FONT - 1, titleFontSize=FONT)
        .configure_legend(labelFontSize=FONT - 1, titleFontSize=FONT, symbolStrokeWidth=3)
        .configure_title(fontSize=FONT + 2, subtitleFontSize=FONT - 1, anchor="start")
    )


def ladder_height(df: pd.DataFrame) -> int:
    """Pixels for the ladder: a row per potential, plus the axis and the title."""
    return 110 + 38 * len(df)


def ladder_chart(df: pd.DataFrame, v_rest: float, model: str) -> alt.Chart:
    """E of each ion and V of both models on one horizontal voltage axis; a red rule at the
    primary model's V_rest."""
    order = list(df["label"])
    lo = min(float(df["mv"].min()), v_rest) - 10.0
    hi = max(float(df["mv"].max()), v_rest) + 10.0
    x = alt.X("mv:Q", title="membrane potential (mV)", scale=alt.Scale(domain=[lo, hi]))
    y = alt.Y("label:N", title=None, sort=order)
    names = [lab.removeprefix("E ") for lab in order if lab.startswith("E ")]
    dom, rng = _colors(names)
    e = df[df["kind"] == "E"].assign(ion=lambda d: d["label"].str.removeprefix("E "))
    v = df[df["kind"] == "V"]
    dots = (
        alt.Chart(e)
        .mark_point(size=260, filled=True, opacity=1)
        .encode(
            x=x,
            y=y,
            color=alt.Color("ion:N", scale=alt.Scale(domain=dom, range=rng), legend=None),
            tooltip=[alt.Tooltip("label:N"), alt.Tooltip("mv:Q", format=".2f", title="mV")],
        )
    )
    vdots = (
        alt.Chart(v)
        .mark_point(size=260, filled=True, shape="diamond", color="#000000", opacity=1)
        .encode(x=x, y=y, tooltip=[alt.Tooltip("label:N"), alt.Tooltip("mv:Q", format=".2f")])
    )
    labels = (
        alt.Chart(df)
        .mark_text(align="left", dx=12, fontSize=FONT - 1)
        .encode(x=x, y=y, text=alt.Text("mv:Q", format=".1f"))
    )
    rule = (
        alt.Chart(pd.DataFrame({"mv": [v_rest]}))
        .mark_rule(color=V_COLOR, strokeWidth=3)
        .encode(x="mv:Q")
    )
    chart = (rule + dots + vdots + labels).properties(
        height=ladder_height(df) - 90,
        title=alt.TitleParams(
            "Equilibrium potentials and V rest", subtitle=f"red line: V rest, {model} model"
        ),
    )
    return _style(chart)


def iv_chart(
    df: pd.DataFrame, unit: str, y_range: tuple[float, float], v_rest: float, model: str
) -> alt.Chart:
    """I–V curves of each ion and the total, solid GHK and dashed chord; the resting potential
    (where the primary model's total crosses zero) as a red dot on the zero line."""
    dom, rng = _colors(list(df["curve"]))
    lo, hi = float(df["v"].min()), float(df["v"].max())
    x = alt.X("v:Q", title="membrane potential V (mV)", scale=alt.Scale(domain=[lo, hi]))
    lines = (
        alt.Chart(df)
        .mark_line(strokeWidth=2.5, clip=True)
        .encode(
            x=x,
            y=alt.Y("i:Q", title=f"current, outward + ({unit})", scale=alt.Scale(domain=y_range)),
            color=alt.Color("curve:N", title="current", scale=alt.Scale(domain=dom, range=rng)),
            strokeDash=alt.StrokeDash(
                "model:N",
                title="model",
                scale=alt.Scale(domain=["GHK", "chord (linear)"], range=[[1, 0], [7, 4]]),
            ),
            detail="model:N",
        )
    )
    zero = alt.Chart(pd.DataFrame({"i": [0.0]})).mark_rule(color="#888888").encode(y="i:Q")
    pts = pd.DataFrame({"v": [v_rest], "i": [0.0]}) if math.isfinite(v_rest) else df.iloc[:0]
    dot = (
        alt.Chart(pts)
        .mark_point(size=220, filled=True, color=V_COLOR, opacity=1)
        .encode(x="v:Q", y="i:Q")
    )
    return _style(
        (zero + lines + dot).properties(
            height=380,
            title=alt.TitleParams("I–V curves", subtitle=f"red: V rest, {model} model"),
        )
    )


def kout_chart(df: pd.DataFrame, k_now: float, v_now: float, model: str) -> alt.Chart:
    """V rest of both models and E_K against [K]o on a log axis; the cell's own point in red."""
    names = list(dict.fromkeys(df["curve"]))
    colors = {"V rest, chord": "#000000", "V rest, GHK": "#1f5fbf", "E K⁺": "#7a7a7a"}
    dashes = {"V rest, chord": [1, 0], "V rest, GHK": [1, 0], "E K⁺": [6, 4]}
    x = alt.X("k:Q", title="[K⁺] outside (mM, log scale)", scale=alt.Scale(type="log"))
    lines = (
        alt.Chart(df)
        .mark_line(strokeWidth=2.5)
        .encode(
            x=x,
            y=alt.Y("mv:Q", title="membrane potential (mV)"),
            color=alt.Color(
                "curve:N",
                title=None,
                scale=alt.Scale(domain=names, range=[colors.get(n, "#555555") for n in names]),
            ),
            strokeDash=alt.StrokeDash(
                "curve:N",
                legend=None,
                scale=alt.Scale(domain=names, range=[dashes.get(n, [1, 0]) for n in names]),
            ),
        )
    )
    dot = (
        alt.Chart(pd.DataFrame({"k": [k_now], "mv": [v_now]}))
        .mark_point(size=220, filled=True, color=V_COLOR, opacity=1)
        .encode(x="k:Q", y="mv:Q")
    )
    return _style(
        (lines + dot).properties(
            height=380,
            title=alt.TitleParams(
                "V rest against [K⁺] outside", subtitle=f"red: this cell, {model} model"
            ),
        )
    )
