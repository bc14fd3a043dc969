"""The channel-noise figure: V traces, the histogram against the LNA Gaussian, and the PSD
against the analytic one with the thermal floor. Units on every axis."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..constants import K_B, ZERO_CELSIUS


def thermal_psd(model: Any, f_hz: np.ndarray) -> np.ndarray:
    """Johnson noise of the membrane resistance across its capacitance, one-sided (mV²/Hz):
    S(f) = 4 k_B T R / (1 + (2π f τ_m)²), R = 1/G_total (its integral is k_B T/C)."""
    R = 1.0 / (model.G_total * 1e-9)
    tau = model.tau_m * 1e-3
    T = model.celsius + ZERO_CELSIUS
    return 4 * K_B * T * R / (1 + (2 * np.pi * f_hz * tau) ** 2) * 1e6


def plot_noise(res: Any, path: Any = None, cells_shown: int = 3) -> Any:
    """Draw ``res`` (a :class:`~vrest.noise.result.NoiseResult`); save to ``path`` atomically
    if given (format from the extension, checked first)."""
    from ..plotting import _mpl, figure_format, save_figure

    if path is not None:
        figure_format(path)
    plt = _mpl()

    m = res.model
    fig, axes = plt.subplots(1, 3, figsize=(15, 4.6), layout="constrained")
    ax_t, ax_h, ax_p = axes
    lna_sd = res.lna["sigma_V"]
    mu = m.V_rest + res.lna["mean_shift"]
    # --- trace ---
    if res.V is not None:
        n = min(res.V.shape[1], int(200.0 / res.record_dt) + 1)
        for c in range(min(cells_shown, res.cells)):
            ax_t.plot(res.t[:n], res.V[c, :n], lw=0.8, label=f"cell {c}")
    ax_t.axhline(m.V_rest, color="k", ls="--", lw=1, label=f"V* = {m.V_rest:.2f} mV")
    ax_t.axhspan(m.V_rest - lna_sd, m.V_rest + lna_sd, color="0.85", zorder=0,
                 label=f"±σ_V (LNA) = ±{lna_sd:.3f} mV")  # fmt: skip
    ax_t.set_xlabel("time (ms)")
    ax_t.set_ylabel("membrane potential V (mV)")
    ax_t.set_title(f"V fluctuates about rest ({res.method})")
    lo_t, hi_t = ax_t.get_ylim()
    ax_t.set_ylim(lo_t - 0.35 * (hi_t - lo_t), hi_t)  # room for the legend below the traces
    ax_t.legend(fontsize=8, loc="lower center", ncol=3, framealpha=0.9)
    # --- histogram ---
    lo, hi = mu - 4.5 * lna_sd, mu + 4.5 * lna_sd
    if res.V is not None:
        lo, hi = min(lo, float(res.V.min())), max(hi, float(res.V.max()))
        ax_h.hist(res.V.ravel(), bins=80, range=(lo, hi), density=True, color="C0", alpha=0.6,
                  label=f"simulated, σ = {res.sigma_V:.3f} mV")  # fmt: skip
    v = np.linspace(lo, hi, 400)
    ax_h.plot(v, np.exp(-0.5 * ((v - mu) / lna_sd) ** 2) / (lna_sd * math.sqrt(2 * math.pi)),
              "k-", lw=1.5, label=f"LNA Gaussian, σ = {lna_sd:.3f} mV")  # fmt: skip
    ax_h.set_xlabel("V (mV)")
    ax_h.set_ylabel("probability density (1/mV)")
    ax_h.set_title("distribution of V")
    ax_h.legend(fontsize=8)
    # --- PSD ---
    if res.V is not None:
        f, S = res.psd()
        keep = f > 0
        ax_p.loglog(f[keep], S[keep], color="C0", lw=1, label="simulated (Welch)")
        fmax = float(f[-1])
        fmin = float(f[keep][0])
    else:
        fmin, fmax = 0.1, 1e4
    fa = np.logspace(math.log10(fmin), math.log10(fmax), 300)
    ax_p.loglog(fa, res.psd_lna(fa), "k-", lw=1.5, label="LNA (analytic)")
    ax_p.loglog(fa, thermal_psd(m, fa), "C3--", lw=1,
                label=f"thermal (kT/C: σ = {res.lna['thermal_sigma_V']:.3f} mV)")  # fmt: skip
    ax_p.set_xlabel("frequency (Hz)")
    ax_p.set_ylabel("PSD of V (mV²/Hz)")
    ax_p.set_title("power spectral density")
    ax_p.legend(fontsize=8, loc="lower left")
    name = m.cell_name or "cell"
    fig.suptitle(
        f"Channel noise in {name}: C = {m.C:.3g} pF, τ_m = {m.tau_m:.3g} ms, "
        + ", ".join(f"{p.N} × {p.name} ({p.gamma * 1e3:.3g} pS)" for p in m.pops),
        fontsize=11,
    )
    if path is not None:
        save_figure(fig, path)
        plt.close(fig)
    return fig
