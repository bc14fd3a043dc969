"""The explorer's charts, as Vega-Lite specs (drawing only: the data come from :mod:`.readouts`).

Column names are plain words (``v``, ``i``, ``mv``, ``k``): Vega-Lite reads ``[`` and ``.`` in a
field name as nested access and would plot nothing; units live in the axis titles. The resting
potential is marked in pure red (:data:`V_COLOR`) on every chart, so tests can find it in pixels.
Fonts are large enough for a projector.
"""

from __future__ import annotations

import math

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


def ladder_height(df: pd.DataFrame) -> int:
    """Pixels for the ladder: a row per potential, plus the axis and the title."""
    return 110 + 38 * len(df)


# ---- Vega-Lite specs ------------------------------------------------------------------------
# Plain Vega-Lite dicts with the data frames as named datasets (Streamlit ships them as Arrow):
# Altair built and validated each of these charts in 20–60 ms; a dict costs microseconds, which
# keeps a slider change within the page's latency goal.
CONFIG = {
    "axis": {"labelFontSize": FONT - 1, "titleFontSize": FONT},
    "legend": {"labelFontSize": FONT - 1, "titleFontSize": FONT, "symbolStrokeWidth": 3},
    "title": {"fontSize": FONT + 2, "subtitleFontSize": FONT - 1, "anchor": "start"},
}


def _q(field: str, **kw: object) -> dict:
    return {"field": field, "type": "quantitative", **kw}


def _n(field: str, **kw: object) -> dict:
    return {"field": field, "type": "nominal", **kw}


def _spec(title: str, subtitle: str, height: int, datasets: dict, layers: list) -> dict:
    return {
        "title": {"text": title, "subtitle": subtitle},
        "height": height,
        "datasets": datasets,
        "layer": layers,
        "config": CONFIG,
    }


def ladder_spec(df: pd.DataFrame, v_rest: float, model: str) -> dict:
    """E of each ion and V of both models on one horizontal voltage axis; a red rule at the
    primary model's V_rest."""
    order = list(df["label"])
    # the axis in whole 20 mV steps, ≥ 10 mV beyond every mark: a slider's small moves keep
    # it (and so the spec) unchanged, and the page moves the marks in place
    lo = 20.0 * math.floor((min(float(df["mv"].min()), v_rest) - 10.0) / 20.0)
    hi = 20.0 * math.ceil((max(float(df["mv"].max()), v_rest) + 10.0) / 20.0)
    x = _q("mv", title="membrane potential (mV)", scale={"domain": [lo, hi]})
    y = _n("label", title=None, sort=order)
    names = [lab.removeprefix("E ") for lab in order if lab.startswith("E ")]
    dom, rng = _colors(names)
    e = df[df["kind"] == "E"].assign(ion=lambda d: d["label"].str.removeprefix("E "))
    tip = [_n("label"), _q("mv", format=".2f", title="mV")]
    layers = [
        {
            "data": {"name": "rule"},
            "mark": {"type": "rule", "color": V_COLOR, "strokeWidth": 3},
            "encoding": {"x": _q("mv")},
        },
        {
            "data": {"name": "e"},
            "mark": {"type": "point", "size": 260, "filled": True, "opacity": 1},
            "encoding": {
                "x": x,
                "y": y,
                "color": _n("ion", scale={"domain": dom, "range": rng}, legend=None),
                "tooltip": tip,
            },
        },
        {
            "data": {"name": "v"},
            "mark": {
                "type": "point",
                "size": 260,
                "filled": True,
                "shape": "diamond",
                "color": "#000000",
                "opacity": 1,
            },
            "encoding": {"x": x, "y": y, "tooltip": tip},
        },
        {
            "data": {"name": "all"},
            "mark": {"type": "text", "align": "left", "dx": 12, "fontSize": FONT - 1},
            "encoding": {"x": x, "y": y, "text": _q("mv", format=".1f")},
        },
    ]
    data = {
        "rule": pd.DataFrame({"mv": [v_rest]}),
        "e": e,
        "v": df[df["kind"] == "V"],
        "all": df,
    }
    return _spec("Equilibrium potentials and V rest", f"red line: V rest, {model} model",
                 ladder_height(df) - 90, data, layers)  # fmt: skip


def iv_spec(
    df: pd.DataFrame, unit: str, y_range: tuple[float, float], v_rest: float, model: str
) -> dict:
    """I–V curves of each ion and the total, solid GHK and dashed chord; the resting potential
    (where the primary model's total crosses zero) as a red dot on the zero line."""
    dom, rng = _colors(list(df["curve"]))
    lo = 10.0 * math.floor(float(df["v"].min()) / 10.0)
    hi = 10.0 * math.ceil(float(df["v"].max()) / 10.0)
    x = _q("v", title="membrane potential V (mV)", scale={"domain": [lo, hi]})
    pts = pd.DataFrame({"v": [v_rest], "i": [0.0]}) if math.isfinite(v_rest) else df.iloc[:0]
    layers = [
        {
            "data": {"name": "zero"},
            "mark": {"type": "rule", "color": "#888888"},
            "encoding": {"y": _q("i")},
        },
        {
            "data": {"name": "iv"},
            "mark": {"type": "line", "strokeWidth": 2.5, "clip": True},
            "encoding": {
                "x": x,
                "y": _q("i", title=f"current, outward + ({unit})", scale={"domain": list(y_range)}),
                "color": _n("curve", title="current", scale={"domain": dom, "range": rng}),
                "strokeDash": _n(
                    "model",
                    title="model",
                    scale={"domain": ["GHK", "chord (linear)"], "range": [[1, 0], [7, 4]]},
                ),
                "detail": _n("model"),
            },
        },
        {
            "data": {"name": "dot"},
            "mark": {"type": "point", "size": 220, "filled": True, "color": V_COLOR, "opacity": 1},
            "encoding": {"x": _q("v"), "y": _q("i")},
        },
    ]
    data = {"zero": pd.DataFrame({"i": [0.0]}), "iv": df, "dot": pts}
    return _spec("I–V curves", f"red: V rest, {model} model", 380, data, layers)


def kout_spec(df: pd.DataFrame, k_now: float, v_now: float, model: str) -> dict:
    """V rest of both models and E_K against [K]o on a log axis; the cell's own point in red."""
    names = list(dict.fromkeys(df["curve"]))
    colors = {"V rest, chord": "#000000", "V rest, GHK": "#1f5fbf", "E K⁺": "#7a7a7a"}
    dashes = {"V rest, chord": [1, 0], "V rest, GHK": [1, 0], "E K⁺": [6, 4]}
    lo, hi = float(df["k"].min()), float(df["k"].max())
    ticks = [t for t in (0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000) if lo <= t <= hi]
    x = _q("k", title="[K⁺] outside (mM, log scale)", scale={"type": "log"},
           axis={"values": ticks})  # fmt: skip
    layers = [
        {
            "data": {"name": "lines"},
            "mark": {"type": "line", "strokeWidth": 2.5},
            "encoding": {
                "x": x,
                "y": _q("mv", title="membrane potential (mV)"),
                "color": _n(
                    "curve",
                    title=None,
                    scale={"domain": names, "range": [colors.get(n, "#555555") for n in names]},
                ),
                "strokeDash": _n(
                    "curve",
                    title=None,
                    scale={"domain": names, "range": [dashes.get(n, [1, 0]) for n in names]},
                ),
            },
        },
        {
            "data": {"name": "dot"},
            "mark": {"type": "point", "size": 220, "filled": True, "color": V_COLOR, "opacity": 1},
            "encoding": {"x": _q("k"), "y": _q("mv")},
        },
    ]
    data = {"lines": df, "dot": pd.DataFrame({"k": [k_now], "mv": [v_now]})}
    return _spec("V rest against [K⁺] outside", f"red: this cell, {model} model", 380, data,
                 layers)  # fmt: skip
