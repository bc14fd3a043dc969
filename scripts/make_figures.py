"""Regenerate the example figures in docs/figures/.

For every cell file examples/cells/*.toml: docs/figures/<cell>.png (vrest.load_cell →
vrest.solve_rest → RestResult.plot); the chapter neuron also without its pump
(docs/figures/chapter_neuron_no_pump.png); and the GHK I–V of K⁺ 140/4 mM at 37 °C as drawn by
``vrest iv K 140 4 --plot`` (docs/figures/iv_K.png).

Run from anywhere: ``.venv/bin/python scripts/make_figures.py [OUT_DIR]``.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

import vrest
from vrest.ghk import ghk_current_density, ghk_slope_conductance
from vrest.plotting import plot_iv

ROOT = Path(__file__).resolve().parents[1]
DPI = 150


def save_small(fig, path: Path) -> Path:
    """Save ``fig`` as a 150 dpi PNG with a 256-colour palette (about a third of the size of the
    full-colour PNG, same look: the figures are flat colours and anti-aliased lines)."""
    import io

    from PIL import Image

    from vrest._io import atomic_write

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, bbox_inches="tight")
    im = Image.open(buf).convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    return atomic_write(path, lambda f: im.save(f, format="PNG", optimize=True), binary=True)


def main(out: Path) -> list[Path]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out.mkdir(parents=True, exist_ok=True)
    written = []
    for f in sorted((ROOT / "examples" / "cells").glob("*.toml")):
        cell = vrest.load_cell(f)
        jobs = [(f.stem, cell)]
        if f.stem == "chapter_neuron":
            jobs.append((f"{f.stem}_no_pump", cell.with_pump(None)))
        for name, c in jobs:
            t = time.perf_counter()
            p = out / f"{name}.png"
            fig = vrest.solve_rest(c).plot()
            save_small(fig, p)
            plt.close(fig)
            written.append(p)
            print(
                f"{p.relative_to(ROOT) if p.is_relative_to(ROOT) else p}: "
                f"{p.stat().st_size / 1e3:.0f} kB, {time.perf_counter() - t:.2f} s"
            )
    # the same figure as `vrest iv K 140 4 --plot` (GHK and its linear slope at E), E marked
    ci, co, z, P, t = 140.0, 4.0, 1, 1e-6, 37.0
    v = np.arange(-120.0, 80.0 + 0.5, 1.0)
    J = ghk_current_density(v, ci, co, z, P, celsius=t)
    E = vrest.nernst(ci, co, z, celsius=t)
    gE = ghk_slope_conductance(E, ci, co, z, P, celsius=t)
    p = out / "iv_K.png"
    fig = plot_iv(
        v,
        {"GHK K": J, f"linear (slope at E = {E:+.1f} mV)": gE * (v - E)},
        None,
        title=f"K: [in] {ci:g} mM, [out] {co:g} mM, P {P:g} cm/s, {t:g} °C",
        E={"E$_{\\mathrm{K}}$": float(E)},
    )
    save_small(fig, p)
    plt.close(fig)
    written.append(p)
    print(
        f"{p.relative_to(ROOT) if p.is_relative_to(ROOT) else p}: {p.stat().st_size / 1e3:.0f} kB"
    )
    # channel noise (SPEC §8): the chapter's small cell, σ_V over plausible parameters, and
    # where the Langevin approximation parts from the exact simulation
    import runpy

    runpy.run_path(str(ROOT / "examples" / "11_channel_noise.py"))["main"](out)
    written += [out / n for n in ("noise_chapter.png", "noise_chapter_ranges.png",
                                  "noise_few_channels.png")]  # fmt: skip
    # sweeps: the Hodgkin–Horowicz curve and a heatmap
    runpy.run_path(str(ROOT / "examples" / "12_sweeps.py"))["main"](out)
    written += [out / n for n in ("sweep_hodgkin_horowicz.png", "sweep_chapter_heatmap.png")]
    return written


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "figures")
