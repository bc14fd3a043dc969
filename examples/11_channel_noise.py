"""Channel noise in the chapter's small cell: σ_V ≈ 0.45 mV, and what it depends on.

The chapter: a spherical cell of radius 2 µm with 80 K⁺ channels has σ_V ≈ 0.45 mV at rest.
It gives no single-channel conductance γ, open probability p, gating kinetics or leak, so this
example

1. simulates the cell of ``examples/cells/chapter_noise.toml`` (γ 10 pS, p 0.5, τ_c 1 ms:
   mid-range literature values, not tuned) three ways: exact, Langevin and the linear-noise
   approximation (LNA), and draws the trace, histogram and spectrum;
2. maps σ_V (LNA, checked against the exact simulation at a few points) over the plausible
   ranges: γ 5–100 pS (delayed rectifiers 5–20 pS, two-pore-domain K⁺ leak channels 10–100 pS:
   Hille, *Ion Channels of Excitable Membranes*, 3rd ed. 2001; Goldstein et al., Nat Rev
   Neurosci 2:175, 2001), p 0.1–0.9, τ_c 0.3–10 ms (K⁺ channel gating at 37 °C), and the
   non-K⁺ leak from 0.1 to 3 times the chapter's ratio (Na⁺ + Cl⁻ = 0.49 × g_K);
3. says which part of that range gives 0.45 mV;
4. shows where the Langevin approximation and the exact simulation part: a few slow channels
   (``noise_few_channels.png``).

Keeping the chapter's conductance ratios, V* is fixed (−82.8 mV) and the closed form
σ_V² = ((V* − E_K)/(1.49 N p))² N p (1 − p) τ_c/(τ_c + τ_m) depends on γ only through τ_m:
σ_V is set mainly by p (the more channels are open, the smaller each one's share) and by the
ratio of channel to membrane time constants.

Run: ``python examples/11_channel_noise.py [--outdir DIR] [--quick]``. It prints the numbers and
writes ``noise_chapter.png``, ``noise_chapter_ranges.png`` and ``noise_few_channels.png``
into ``--outdir`` (default ``out/``; ``scripts/make_figures.py`` writes them to docs/figures).
Units: mV, pS, ms.
"""

from __future__ import annotations

import argparse
import warnings
from pathlib import Path

import numpy as np

import vrest

CELL = Path(__file__).parent / "cells" / "chapter_noise.toml"
CHAPTER_SIGMA = 0.45  # mV, the chapter's number


def with_channels(cell, gamma_pS=10.0, p=0.5, tau_c=1.0, leak_scale=1.0):
    """The chapter cell with its 80 K⁺ channels changed (γ in pS, open probability p, τ_c in
    ms) and its Na⁺/Cl⁻ leaks kept at leak_scale × the chapter's ratio to the mean g_K."""
    alpha, beta = p / tau_c, (1 - p) / tau_c
    g_k = 80 * gamma_pS * 1e-3 * p  # mean K⁺ conductance, nS
    c = cell.with_channel("K80", gamma=gamma_pS * 1e-3, alpha=alpha, beta=beta)
    c = c.with_ion("Na", g=0.04 * g_k * leak_scale)
    return c.with_ion("Cl", g=0.45 * g_k * leak_scale)


def sigma_lna(cell, **kw) -> float:
    return vrest.noise(with_channels(cell, **kw), "lna").sigma_V


def crossing(x: np.ndarray, y: np.ndarray, level: float) -> float | None:
    """x where y crosses ``level`` (linear interpolation; None if it does not)."""
    s = np.sign(y - level)
    k = np.nonzero(np.diff(s))[0]
    if len(k) == 0:
        return None
    i = k[0]
    return float(x[i] + (level - y[i]) * (x[i + 1] - x[i]) / (y[i + 1] - y[i]))


def main(outdir: Path, quick: bool = False) -> dict:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    cell = vrest.load_cell(CELL)
    out: dict = {}
    # 1. the three methods on the file's cell
    dur = 2000.0 if quick else 10000.0
    ex = vrest.noise(cell, "exact", cells=20, duration=dur, seed=1)
    with warnings.catch_warnings(record=True) as caught:  # 80 channels: Langevin warns
        warnings.simplefilter("always")
        lg = vrest.noise(cell, "langevin", cells=20, duration=dur, seed=1, dt=0.002)
    for w in caught:
        print(f"warning (Langevin): {w.message}")
    an = vrest.noise(cell, "lna")
    out["exact"] = (ex.sigma_V, ex.sigma_V_se)
    out["langevin"] = (lg.sigma_V, lg.sigma_V_se)
    out["lna"] = an.sigma_V
    out["thermal"] = an.lna["thermal_sigma_V"]
    print(ex.table())
    print(f"\nσ_V: exact {ex.sigma_V:.3f} ± {ex.sigma_V_se:.3f} mV, Langevin {lg.sigma_V:.3f} ± "
          f"{lg.sigma_V_se:.3f} mV (80 channels: below ~1000 the exact method is the right one), "
          f"LNA {an.sigma_V:.3f} mV, thermal kT/C {out['thermal']:.3f} mV")  # fmt: skip
    outdir.mkdir(parents=True, exist_ok=True)
    ex.plot(outdir / "noise_chapter.png")

    # 2. σ_V over the plausible ranges (LNA), checked at three points by the exact method
    p = np.linspace(0.1, 0.9, 33)
    gammas = (5.0, 10.0, 20.0, 50.0, 100.0)
    taus = np.geomspace(0.3, 10.0, 25)
    leaks = np.geomspace(0.1, 3.0, 25)
    fig, ax = plt.subplots(1, 3, figsize=(15, 4.6), layout="constrained")
    band = dict(color="0.5", ls=":", lw=1.2)
    for g in gammas:
        s = np.array([sigma_lna(cell, gamma_pS=g, p=q) for q in p])
        ax[0].plot(p, s, label=f"γ = {g:g} pS")
        out[f"p_at_0.45_gamma{g:g}"] = crossing(p, s, CHAPTER_SIGMA)
    for q in (0.2, 0.5, 0.8):
        s = np.array([sigma_lna(cell, p=q, tau_c=t) for t in taus])
        ax[1].semilogx(taus, s, label=f"p = {q:g}")
        out[f"tau_at_0.45_p{q:g}"] = crossing(taus, s, CHAPTER_SIGMA)
    for q in (0.2, 0.5, 0.8):
        s = np.array([sigma_lna(cell, p=q, leak_scale=k) for k in leaks])
        ax[2].semilogx(leaks, s, label=f"p = {q:g}")
    checks = [dict(p=0.3), dict(p=0.7), dict(p=0.5, tau_c=5.0)]
    for kw in checks:
        c = with_channels(cell, **kw)
        r = vrest.noise(c, "exact", cells=10, duration=1000.0 if quick else 4000.0, seed=2)
        x = kw["p"] if "tau_c" not in kw else None
        if x is not None:
            label = "exact simulation (±2 SE), γ 10 pS" if kw == checks[0] else None
            ax[0].errorbar(x, r.sigma_V, yerr=2 * r.sigma_V_se, fmt="ko", ms=5, capsize=3,
                           label=label)  # fmt: skip
        else:
            ax[1].errorbar(kw["tau_c"], r.sigma_V, yerr=2 * r.sigma_V_se, fmt="ko", ms=5,
                           capsize=3, label="exact (±2 SE), p 0.5")  # fmt: skip
        out.setdefault("exact_checks", []).append((kw, r.sigma_V, r.sigma_V_se, r.lna_sigma_V))
    for a in ax:
        a.axhline(CHAPTER_SIGMA, **band, label="chapter: 0.45 mV")
        a.set_ylabel("σ_V (mV)")
        a.set_ylim(bottom=0)
        a.legend(fontsize=8)
    ax[0].set_xlabel("open probability p at rest")
    ax[0].set_title("γ and p (τ_c = 1 ms, chapter leak ratio)")
    ax[1].set_xlabel("channel correlation time τ_c = 1/(α+β) (ms)")
    ax[1].set_title("gating kinetics (γ = 10 pS)")
    ax[2].set_xlabel("Na⁺ + Cl⁻ leak / chapter ratio (0.49 × g_K)")
    ax[2].set_title("leak (γ = 10 pS, τ_c = 1 ms)")
    fig.suptitle("σ_V of a 2 µm-radius cell with 80 K⁺ channels over plausible parameters (LNA; "
                 "dots: exact simulation)", fontsize=11)  # fmt: skip
    from vrest.plotting import save_figure

    save_figure(fig, outdir / "noise_chapter_ranges.png")
    plt.close(fig)
    print("\nσ_V = 0.45 mV is reached (LNA, τ_c 1 ms, the chapter's leak ratio) at p ≈ "
          + ", ".join(f"{out[f'p_at_0.45_gamma{g:g}']:.2f} (γ {g:g} pS)" for g in gammas
                      if out[f"p_at_0.45_gamma{g:g}"] is not None))  # fmt: skip
    print("with p = 0.5 it needs τ_c ≈ "
          + (f"{out['tau_at_0.45_p0.5']:.2f} ms" if out["tau_at_0.45_p0.5"] else "(not reached)"))
    for kw, s, se, lna in out["exact_checks"]:
        print(f"  exact check {kw}: σ_V {s:.3f} ± {se:.3f} mV, LNA {lna:.3f} mV")
    few_channels(cell, outdir, out, quick)
    return out


def few_channels(cell, outdir: Path, out: dict, quick: bool) -> None:
    """Where Langevin and exact part: the same mean K⁺ conductance (0.4 nS) split into N slow
    channels (p 0.5, τ_c 10 ms ≫ τ_m), N = 10 … 3000. With few channels V jumps between the
    levels of 0 … N open channels; the diffusion approximation smears the levels into one
    continuous distribution. At p = 0.5 its σ_V still happens to match the exact one; at small
    p, where the open fraction hits 0 and is clipped, it does not (tests/test_noise.py,
    N = 10 at p = 0.1: Langevin below the LNA, exact above it). The LNA misses the
    nonlinearity of V in the open count, which skews the distribution and raises σ_V by
    ~20 % at N = 10."""
    import matplotlib.pyplot as plt

    from vrest.plotting import save_figure

    Ns = (10, 20, 50, 100, 300, 1000, 3000)
    rows = []
    kw = {"cells": 10, "duration": 1500.0 if quick else 6000.0, "seed": 3, "record_dt": 0.5}
    hist = {}
    for N in Ns:
        c = cell.with_channel("K80", count=N, gamma=0.8 / N, alpha=0.05, beta=0.05)
        e = vrest.noise(c, "exact", **kw)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the method's own warning below 1000 channels
            lg = vrest.noise(c, "langevin", **kw)
        rows.append((N, e.sigma_V, e.sigma_V_se, lg.sigma_V, lg.sigma_V_se, e.lna_sigma_V))
        if N == 10:
            hist = {"exact": e.V.ravel(), "langevin": lg.V.ravel(), "V*": e.V_rest}
    out["few_channels"] = rows
    print("\nN channels (same mean g_K, τ_c 10 ms): σ_V exact | Langevin | LNA (mV)")
    for N, se_, see, sl, sle, sa in rows:
        print(f"  {N:5d}   {se_:.3f} ± {see:.3f} | {sl:.3f} ± {sle:.3f} | {sa:.3f}")
    fig, ax = plt.subplots(1, 2, figsize=(12, 4.6), layout="constrained")
    n = np.array([r[0] for r in rows])
    for col, lab, fmt in ((1, "exact", "ko-"), (3, "Langevin", "s--")):
        ax[0].errorbar(n, [r[col] for r in rows], yerr=[2 * r[col + 1] for r in rows], fmt=fmt,
                       ms=5, capsize=3, label=f"{lab} (±2 SE)")  # fmt: skip
    ax[0].plot(n, [r[5] for r in rows], "C3-", label="LNA")
    ax[0].set_xscale("log")
    ax[0].set_xlabel("number of K⁺ channels N (same mean conductance 0.4 nS)")
    ax[0].set_ylabel("σ_V (mV)")
    ax[0].set_title("σ_V: the three methods meet as N grows")
    ax[0].legend(fontsize=9)
    bins = np.linspace(min(hist["exact"].min(), hist["langevin"].min()),
                       max(hist["exact"].max(), hist["langevin"].max()), 120)  # fmt: skip
    ax[1].hist(hist["exact"], bins=bins, density=True, alpha=0.6, label="exact: discrete levels")
    ax[1].hist(hist["langevin"], bins=bins, density=True, histtype="step", lw=1.5,
               label="Langevin: smeared, clipped")  # fmt: skip
    ax[1].axvline(hist["V*"], color="k", ls="--", lw=1, label=f"V* = {hist['V*']:.1f} mV")
    ax[1].set_xlabel("V (mV)")
    ax[1].set_ylabel("probability density (1/mV)")
    ax[1].set_title("N = 10 slow channels: V jumps between open-count levels")
    ax[1].legend(fontsize=9)
    save_figure(fig, outdir / "noise_few_channels.png")
    plt.close(fig)


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--outdir", type=Path, default=Path("out"),
                    help="where the figures go (docs/figures: the committed ones)")  # fmt: skip
    ap.add_argument("--quick", action="store_true", help="shorter simulations")
    a = ap.parse_args()
    main(a.outdir, a.quick)
