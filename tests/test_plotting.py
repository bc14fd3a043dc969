"""The figures draw what they claim: data pixels in the panels, the ion and total colours, current
units without offsets, the zero crossing at rest in view, every E_i and both V_rest marked, both
models drawn, ladder labels apart, a caption that explains the state; bounded work for many ions.

Each figure is rendered once (module fixtures) and read back as pixels; the Figure object is
checked for the axis properties. These tests fail when a plot regresses (a curve leaves the
panel, a unit or a label disappears, labels collide, an offset such as "1e7" comes back)."""

from __future__ import annotations

import io
import math
import subprocess
import sys
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_rgb
from matplotlib.text import Text
from PIL import Image

import vrest
from vrest import plotting

CELLS = sorted((Path(__file__).resolve().parents[1] / "examples" / "cells").glob("*.toml"))
UNITS = {"pA": 1.0, "nA": 1e-3, "µA": 1e-6}
DPI = 72  # enough pixels to see every line, cheap to render


# ---- helpers ---------------------------------------------------------------------------------
def render(fig) -> np.ndarray:
    """The figure as an RGB array (0–255) at DPI, without trimming (axes positions stay valid)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI)
    buf.seek(0)
    return np.asarray(Image.open(buf).convert("RGB")).astype(int)


def crop(img: np.ndarray, ax, inset: int = 3) -> np.ndarray:
    """The pixels inside ``ax`` (its frame trimmed off)."""
    h, w = img.shape[:2]
    b = ax.get_position()
    x0, x1 = round(b.x0 * w) + inset, round(b.x1 * w) - inset
    y0, y1 = round((1 - b.y1) * h) + inset, round((1 - b.y0) * h) - inset
    return img[y0:y1, x0:x1]


def n_color(pixels: np.ndarray, color, tol: float = 40.0) -> int:
    """Number of pixels within ``tol`` (RGB distance, 0–255 scale) of ``color``."""
    ref = np.array(to_rgb(color)) * 255
    return int((np.linalg.norm(pixels - ref, axis=-1) < tol).sum())


def n_ink(pixels: np.ndarray) -> int:
    """Number of non-white pixels."""
    return int((pixels.min(axis=-1) < 235).sum())


def axes(fig) -> dict:
    return {ax.get_label(): ax for ax in fig.axes}


def line(ax, gid: str):
    found = [ln for ln in ax.get_lines() if ln.get_gid() == gid]
    assert found, f"no line {gid!r} on {ax.get_label()}"
    return found[0]


def unit_of(ax) -> float:
    """Factor from pA of the current axis, read from its label."""
    label = ax.get_ylabel()
    assert "outward +" in label, label
    hits = [u for u in UNITS if f"({u}," in label]
    assert len(hits) == 1, f"no current unit in {label!r}"
    return UNITS[hits[0]]


def zero_crossings(x: np.ndarray, y: np.ndarray) -> list[float]:
    s = np.sign(y)
    idx = np.nonzero(s[:-1] * s[1:] < 0)[0]
    return [float(x[j] - y[j] * (x[j + 1] - x[j]) / (y[j + 1] - y[j])) for j in idx]


def text_box(t, renderer):
    """The extent of a text (an annotation's arrow left out)."""
    return Text.get_window_extent(t, renderer)


def overlapping(boxes) -> list[tuple[int, int]]:
    return [
        (i, j)
        for i in range(len(boxes))
        for j in range(i + 1, len(boxes))
        if boxes[i].overlaps(boxes[j])
    ]


class Drawn:
    """One rendered rest figure: the result, the Figure, its axes and its pixels."""

    def __init__(self, r) -> None:
        self.r = r
        t = time.perf_counter()
        self.fig = r.plot()
        self.img = render(self.fig)  # also draws, so text extents are known
        self.seconds = time.perf_counter() - t
        self.ax = axes(self.fig)


@pytest.fixture(scope="module", params=CELLS, ids=[p.stem for p in CELLS])
def drawn(request):
    d = Drawn(vrest.solve_rest(vrest.load_cell(request.param)))
    yield d
    plt.close(d.fig)


@pytest.fixture(scope="module")
def chapter():
    return vrest.load_cell(CELLS[[p.stem for p in CELLS].index("chapter_neuron")])


def many_ion_cell(n: int) -> vrest.Cell:
    ions = {
        f"X{k}": {
            "c_in": 5.0 + (k * 37) % 150,
            "c_out": 20.0 + (k * 13) % 100,
            "z": 1 if k % 3 else -1,
            "g": 0.01 + 0.01 * (k % 7),
        }
        for k in range(n)
    }
    return vrest.Cell(ions, celsius=37, radius=10, name=f"{n} ions")


# ---- every example cell ---------------------------------------------------------------------
def _k_under_total(ax) -> bool:
    """True where the K⁺ curve lies within 1 % of the panel's height of the black total over the
    whole panel: the two lines (2.0 and 2.6 pt wide, the panel ~170 pt high) then overlap, so the
    K⁺ curve is covered by the total by construction and its pixels cannot be counted."""
    lines = {ln.get_gid(): ln for ln in ax.get_lines() if ln.get_gid()}
    k = next((ln for g, ln in lines.items() if g.startswith("I_K:")), None)
    tot = lines.get("I_total:" + k.get_gid().split(":")[1]) if k is not None else None
    if k is None or tot is None:
        return False
    lo, hi = ax.get_ylim()
    dy = np.abs(np.asarray(k.get_ydata(), float) - np.asarray(tot.get_ydata(), float))
    x = np.asarray(k.get_xdata(), float)
    inside = (x >= ax.get_xlim()[0]) & (x <= ax.get_xlim()[1])
    return bool(np.all(dy[inside] < 0.01 * (hi - lo)))


def test_three_panels_with_data_pixels(drawn):
    for name in ("ladder", "iv", "iv_zoom"):
        px = crop(drawn.img, drawn.ax[name])
        assert n_ink(px) > 0.01 * px.shape[0] * px.shape[1], f"{name} looks empty"
    # the K⁺ curve shows on both I–V panels (where K⁺ carries nearly all of the total, as in the
    # HH membrane above −50 mV, the black total covers it on the full panel: the zoom must show it)
    blue = {n: n_color(crop(drawn.img, drawn.ax[n]), "tab:blue") for n in ("iv", "iv_zoom")}
    if _k_under_total(drawn.ax["iv_zoom"]):  # I_K1 ≈ total (cardiac myocyte): drawn under it
        return
    assert blue["iv_zoom"] > 150, "no K⁺ (tab:blue) curve on the zoom"
    assert blue["iv"] > (30 if drawn.r.cell.channels else 150), "no K⁺ (tab:blue) curve on iv"
    for name in ("iv", "iv_zoom"):
        px = crop(drawn.img, drawn.ax[name])
        assert n_color(px, "black", tol=60) > 300, f"no black total curve on {name}"
    assert n_color(crop(drawn.img, drawn.ax["ladder"]), "tab:blue") > 20  # the E_K bar


def test_current_axes_have_units_and_no_offset(drawn):
    for name in ("iv", "iv_zoom"):
        ax = drawn.ax[name]
        unit_of(ax)
        assert "V$_{\\mathrm{in}}$ − V$_{\\mathrm{out}}$ (mV)" in ax.get_xlabel()
        for axis in (ax.xaxis, ax.yaxis):
            assert axis.get_offset_text().get_text() == ""
            fmt = axis.get_major_formatter()
            assert fmt.get_useOffset() is False  # never "1e7" above the axis
            assert fmt._scientific is False
            for t in axis.get_ticklabels():
                assert "e" not in t.get_text().lower() and "×" not in t.get_text()
        lo, hi = ax.get_ylim()
        assert max(abs(lo), abs(hi)) < 5000, "the unit should keep tick labels short"
    assert "(mV)" in drawn.ax["ladder"].get_ylabel()


def test_full_panel_holds_every_curve(drawn):
    ax = drawn.ax["iv"]
    lo, hi = ax.get_ylim()
    for ln in ax.get_lines():
        gid = ln.get_gid() or ""
        if gid.startswith("I_"):
            y = np.asarray(ln.get_ydata(), dtype=float)
            assert lo <= y.min() and y.max() <= hi, f"{gid} leaves the full I–V panel"


def test_zoom_shows_the_zero_crossing_at_rest(drawn):
    r, ax = drawn.r, drawn.ax["iv_zoom"]
    fac = unit_of(ax)
    lo, hi = ax.get_ylim()
    x0, x1 = ax.get_xlim()
    assert lo < 0 < hi and x0 < r.V < x1
    for m in ("chord", "ghk"):
        tot = line(ax, f"I_total:{m}")
        x, y = np.asarray(tot.get_xdata()), np.asarray(tot.get_ydata())
        cross = zero_crossings(x, y)
        v_m = r.V_chord if m == "chord" else r.V_ghk
        if x0 < v_m < x1:
            assert any(abs(c - v_m) < 0.05 for c in cross), (m, cross, v_m)
        line(ax, f"V_{m}") if x0 < v_m < x1 else None
    # the total current changes sign inside the panel, and stays visible around the crossing
    y = np.asarray(line(ax, f"I_total:{r.model}").get_ydata())
    assert y.min() < 0 < y.max()
    assert ((y > lo) & (y < hi)).sum() > 0.2 * len(y)
    # every ion current and the pump at V_rest are inside the y-limits
    for i in r.ions:
        assert lo < i.current * fac < hi, f"I_{i.name} at rest is off the zoomed panel"
    assert lo < r.i_pump * fac < hi
    for m in ("chord", "ghk"):
        if r.cell.pump is not None:
            assert lo < line(ax, f"I_pump:{m}").get_ydata()[0] < hi


def test_ion_curves_match_the_result(drawn):
    """The drawn primary-model curves pass through each ion's current at rest (right data, right
    unit), and the other model is drawn too, thin and dashed."""
    r, ax = drawn.r, drawn.ax["iv_zoom"]
    fac = unit_of(ax)
    other = "ghk" if r.model == "chord" else "chord"
    for i in r.ions:
        ln = line(ax, f"I_{i.name}:{r.model}")
        y = np.interp(r.V, ln.get_xdata(), ln.get_ydata())
        assert y == pytest.approx(i.current * fac, rel=1e-3, abs=1e-6 * abs(ax.get_ylim()[1]))
        dashed = line(ax, f"I_{i.name}:{other}")
        assert dashed.get_linewidth() < ln.get_linewidth()
        assert dashed.get_linestyle() != "-" and ln.get_linestyle() == "-"
        assert to_rgb(ln.get_color()) == to_rgb(plotting._COLORS.get(i.name, ln.get_color()))
    assert to_rgb(line(ax, f"I_total:{r.model}").get_color()) == (0.0, 0.0, 0.0)


def test_every_E_and_V_is_marked(drawn):
    r = drawn.r
    for name in ("iv", "iv_zoom"):
        ax = drawn.ax[name]
        x0, x1 = ax.get_xlim()
        labels = {t.get_text() for t in ax.texts}
        for i in r.ions:
            if x0 <= i.E <= x1:
                mk = line(ax, f"E_{i.name}")
                assert mk.get_xdata()[0] == pytest.approx(i.E) and mk.get_ydata()[0] == 0.0
                assert plotting._sub("E", i.name) in labels
    ladder = drawn.ax["ladder"]
    texts = [t.get_text() for t in ladder.texts]
    for i in r.ions:
        assert any(
            t.startswith(plotting._sub("E", i.name) + " ") and t.endswith("mV") for t in texts
        )
        line(ladder, i.name)
    for m, v in (("chord", r.V_chord), ("GHK", r.V_ghk)):
        assert any(plotting._sub("V", m) in t and plotting._mv(v) in t for t in texts), m


def test_ladder_labels_do_not_collide(drawn):
    renderer = drawn.fig.canvas.get_renderer()
    ladder = drawn.ax["ladder"]
    boxes = [text_box(t, renderer) for t in ladder.texts if t.get_text()]
    assert not overlapping(boxes), [
        ladder.texts[i].get_text() for pair in overlapping(boxes) for i in pair
    ]
    for ax in (drawn.ax["iv"], drawn.ax["iv_zoom"]):
        top = [text_box(t, renderer) for t in ax.texts if t.get_text().startswith("E")]
        assert not overlapping(top)


def test_legend_and_caption_explain_the_figure(drawn):
    r, fig = drawn.r, drawn.fig
    (legend,) = fig.legends
    texts = [t.get_text() for t in legend.get_texts()]
    assert all(t.get_fontsize() >= 9 for t in legend.get_texts())
    assert "total current" in texts
    assert any("model (primary)" in t for t in texts)
    assert any(t.startswith(plotting._sub("I", "K")) for t in texts)
    caption = "\n".join(t.get_text() for t in fig.texts)
    words = caption.replace("\n", " ")
    assert plotting.state_text(r)[:40] in words
    assert f"{r.celsius:g} °C" in words
    assert ("chord model" in words) and ("GHK model" in words)
    if r.state == "NESS":
        assert "non-equilibrium steady state" in words and "ATP" in words
    title = fig._suptitle.get_text()
    assert r.cell.name in title.replace("\n", " ") and plotting._mv(r.V) in title


def test_figure_is_not_clipped_and_fast(drawn, tmp_path):
    assert drawn.seconds < 5
    fig = drawn.fig
    renderer = fig.canvas.get_renderer()
    fw, fh = fig.bbox.width, fig.bbox.height
    for t in [fig._suptitle, *fig.texts]:
        b = t.get_window_extent(renderer)
        assert b.x0 >= 0 and b.x1 <= fw and b.y0 >= 0 and b.y1 <= fh, t.get_text()[:40]
    lb = fig.legends[0].get_window_extent(renderer)
    assert lb.x0 >= 0 and lb.x1 <= fw and lb.y0 >= 0


# ---- the file written by RestResult.plot ---------------------------------------------------
def test_plot_writes_a_png_with_the_data(chapter, tmp_path):
    out = tmp_path / "fig" / "rest.png"
    fig = vrest.solve_rest(chapter).plot(out)
    plt.close(fig)
    img = np.asarray(Image.open(out).convert("RGB")).astype(int)
    assert img.shape[1] > 1500  # ~12.5 in at 150 dpi
    for c in ("tab:blue", "tab:red", "tab:green"):
        assert n_color(img, c) > 500, c
    assert n_color(img, "black", tol=60) > 2000


def test_no_pump_and_states(chapter):
    r = vrest.solve_rest(chapter.with_pump(None))
    fig = r.plot()
    try:
        ax = axes(fig)["iv_zoom"]
        assert not [ln for ln in ax.get_lines() if (ln.get_gid() or "").startswith("I_pump")]
        words = " ".join(t.get_text() for t in fig.texts).replace("\n", " ")
        assert "no pump" in words
        assert plotting.state_text(r)[:40] in words
    finally:
        plt.close(fig)
    # the caption names the state and what drifts, fastest first
    assert plotting.state_text(r).startswith("V steady, concentrations drifting")
    assert "[K⁺]in" in plotting.state_text(r)


def test_imposed_voltage(chapter):
    r = vrest.solve_rest(chapter, V=-60)
    fig = r.plot()
    try:
        ax = axes(fig)["iv_zoom"]
        fac = unit_of(ax)
        lo, hi = ax.get_ylim()
        assert lo < r.net_current * fac < hi
        mk = line(ax, "I_net_imposed")
        assert mk.get_xdata()[0] == -60
        assert "imposed" in fig._suptitle.get_text()
    finally:
        plt.close(fig)


def test_one_ion_at_equilibrium():
    cell = vrest.Cell({"K": {"c_in": 140, "c_out": 4, "g": 10}}, celsius=37, radius=10)
    r = vrest.solve_rest(cell)
    assert r.state == "equilibrium"
    fig = r.plot()
    try:
        ax = axes(fig)["iv_zoom"]
        y = np.asarray(line(ax, "I_total:chord").get_ydata())
        assert y.min() < 0 < y.max()
        lo, hi = ax.get_ylim()
        assert lo < 0 < hi and ((y > lo) & (y < hi)).sum() > 20
        px = crop(render(fig), ax)
        assert n_color(px, "black", tol=60) > 200
        assert "equilibrium" in " ".join(t.get_text() for t in fig.texts)
    finally:
        plt.close(fig)


def test_many_ions_bounded_work():
    """1000 ions: the 10 largest currents drawn, the rest summed; ≤ 12 E labels; a few seconds."""
    cell = many_ion_cell(1000)
    t = time.perf_counter()
    r = vrest.solve_rest(cell)
    t_solve = time.perf_counter() - t
    fig = r.plot()
    img = render(fig)
    t_all = time.perf_counter() - t
    try:
        assert t_solve < 3, f"solve_rest on 1000 ions took {t_solve:.1f} s"
        assert t_all < 10, f"1000 ions: solve + plot + render took {t_all:.1f} s"
        ax = axes(fig)
        iv = ax["iv"]
        ion_lines = [ln for ln in iv.get_lines() if (ln.get_gid() or "").startswith("I_X")]
        assert len(ion_lines) == 2 * plotting.MAX_IONS_SHOWN  # both models
        line(iv, "I_other:chord")
        # the summed curves still add up: total = ions drawn + other ions (+ no pump)
        y_tot = line(iv, "I_total:chord").get_ydata()
        parts = sum(
            np.asarray(ln.get_ydata()) for ln in ion_lines if ln.get_gid().endswith(":chord")
        )
        assert np.allclose(parts + line(iv, "I_other:chord").get_ydata(), y_tot)
        labels = [t for t in ax["ladder"].texts if t.get_text().startswith("E")]
        assert len(labels) <= plotting.MAX_E_LABELS
        assert len(fig.legends[0].get_texts()) <= 20
        assert n_color(crop(img, iv), "black", tol=60) > 200
    finally:
        plt.close(fig)


# ---- plot_iv ---------------------------------------------------------------------------------
def test_plot_iv_units_zero_crossing_and_legend(tmp_path):
    v = np.arange(-120.0, 80.5, 1.0)
    J = vrest.ghk_current_density(v, 140, 4, 1, 1e-6, celsius=37)
    E = float(vrest.nernst(140, 4, 1, celsius=37))
    out = tmp_path / "iv.png"
    fig = plotting.plot_iv(v, {"GHK K": J, "linear": 0.1 * (v - E)}, out, title="K -95")
    try:
        (ax,) = fig.axes
        assert "µA/cm²" in ax.get_ylabel() and "outward" in ax.get_ylabel()
        assert ax.yaxis.get_offset_text().get_text() == ""
        zeros = [ln for ln in ax.get_lines() if ln.get_gid() == "zero"]
        assert len(zeros) == 1 and zeros[0].get_xdata()[0] == pytest.approx(E, abs=0.2)
        assert all(t.get_fontsize() >= 9 for t in ax.get_legend().get_texts())
        assert "−95" in ax.get_title()
        img = np.asarray(Image.open(out).convert("RGB")).astype(int)
        assert n_color(img, "tab:blue") > 300
    finally:
        plt.close(fig)
    # pA data of ~1e7 are shown in µA, without a "1e7" offset
    fig = plotting.plot_iv(v, {"I": 1e5 * (v + 20)}, ylabel="current (pA, outward +)", E=-20.0)
    try:
        (ax,) = fig.axes
        fig.canvas.draw()
        assert "(µA," in ax.get_ylabel()
        assert ax.yaxis.get_offset_text().get_text() == ""
        assert max(abs(y) for y in ax.get_ylim()) < 100
    finally:
        plt.close(fig)


# ---- helpers ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("span", "unit"), [(0.5, "pA"), (1500, "pA"), (3e4, "nA"), (1.5e6, "nA"), (2e7, "µA")]
)
def test_current_unit(span, unit):
    assert plotting.current_unit(span)[0] == unit


def test_spread_keeps_order_and_gap():
    ys = [-95.0, -82.8, -81.3, -64.1, 60.6, -81.3]
    out = plotting._spread(ys, 4.0)
    order = np.argsort(ys, kind="stable")
    s = out[order]
    assert np.all(np.diff(s) >= 4.0 - 1e-9)
    assert np.allclose(plotting._spread([0, 10, 20], 4.0), [0, 10, 20])  # already apart: kept
    assert abs(np.mean(plotting._spread([0, 0, 0], 2.0))) < 1e-12  # centred on the data
    big = plotting._spread(np.zeros(5000), 1.0)
    assert math.isclose(np.ptp(big), 4999.0)


def test_import_vrest_does_not_import_matplotlib():
    code = "import sys, vrest; sys.exit('matplotlib' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def test_a_model_without_steady_v_is_left_out(chapter):
    """When the non-primary model has no steady V (NaN, explained in the notes), the figure draws
    the primary model only and says so, instead of failing."""
    import dataclasses

    r = vrest.solve_rest(chapter)
    r = dataclasses.replace(r, V_ghk=math.nan, i_pump_ghk=math.nan, V_ghk_no_pump=math.nan)
    fig = r.plot()
    try:
        gids = {ln.get_gid() or "" for ax in fig.axes for ln in ax.get_lines()}
        assert not any(g.endswith(":ghk") for g in gids)
        assert any(g.endswith(":chord") for g in gids)
        words = " ".join(t.get_text() for t in fig.texts)
        assert "GHK: no steady V" in words
    finally:
        plt.close(fig)
