"""The result of a channel-noise analysis: V samples (or their running sums), σ_V with its
statistical error, the linear-noise prediction beside it, spectra, and a figure.

Statistical error of correlated samples: with ρ(k) the autocorrelation of V (estimated from
the records, averaged over cells) and Sokal's automatic window (the smallest M with
M ≥ 5 τ(M)), the mean has τ_int = 1 + 2 Σ ρ(k) and the variance of a Gaussian process
τ_var = 1 + 2 Σ ρ(k)²; n_eff = n/τ, SE(mean) = σ/√n_eff,mean and SE(σ) = σ/√(2 n_eff,var)
(Sokal 1997, "Monte Carlo methods in statistical mechanics"; Priestley 1981 §5.3).

Units: mV, ms, Hz, mV²/Hz.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .model import NoiseModel

#: Sokal's window constant.
SOKAL_C = 5.0


def _acf(V: np.ndarray, max_lag: int) -> np.ndarray:
    """Autocorrelation ρ(0 … max_lag) of the rows of ``V`` (cells × n), averaged over cells
    (FFT, biased estimator, each row about its own mean)."""
    x = V - V.mean(axis=1, keepdims=True)
    n = x.shape[1]
    size = 1 << math.ceil(math.log2(2 * n))
    f = np.fft.rfft(x, size, axis=1)
    ac = np.fft.irfft(f * np.conj(f), size, axis=1)[:, : max_lag + 1].mean(axis=0) / n
    return ac / ac[0] if ac[0] > 0 else np.zeros_like(ac)


def _tau(rho: np.ndarray) -> tuple[float, float]:
    """(τ_int for the mean, τ for the variance) with Sokal's window on each."""
    out = []
    for r in (rho, rho**2):
        tau = 1.0
        for M in range(1, len(r)):
            tau = 1.0 + 2.0 * float(np.sum(r[1 : M + 1]))
            if M >= SOKAL_C * tau:
                break
        out.append(max(tau, 1.0))
    return out[0], out[1]


@dataclass(frozen=True)
class NoiseResult:
    """See the module docstring. ``V`` (mV; cells × records, or None: summary or LNA),
    ``t`` (ms, the record times), ``summary`` (cells × 4: count, Σd, Σd², reference V with
    d = V − reference), ``lna`` (σ_V, mean shift, thermal floor, mV), ``timing`` (s)."""

    method: str
    engine: str
    model: NoiseModel
    cells: int
    duration: float | None
    dt: float | None
    record_dt: float | None
    burn: float | None
    seed: int | None
    t: np.ndarray | None
    V: np.ndarray | None
    summary: np.ndarray | None
    transitions: int | None
    timing: dict[str, float]
    lna: dict[str, float]
    notes: tuple[str, ...] = ()
    _stats: dict = field(default_factory=dict, repr=False, compare=False)

    # ---- statistics -------------------------------------------------------------------
    @property
    def V_rest(self) -> float:
        """The deterministic rest V* (mV)."""
        return self.model.V_rest

    @property
    def lna_sigma_V(self) -> float:
        return self.lna["sigma_V"]

    def _moments(self) -> tuple[float, float, int]:
        if self.V is not None:
            return float(self.V.mean()), float(self.V.std()), int(self.V.size)
        if self.summary is not None:
            n = float(self.summary[:, 0].sum())
            if n == 0:
                return math.nan, math.nan, 0
            ref = self.summary[:, 3]
            s1 = float(np.sum(self.summary[:, 1] + self.summary[:, 0] * ref))
            mean = s1 / n
            # Σ (V − mean)² = Σ (d + ref − mean)²
            dm = ref - mean
            cnt, s_d, s_dd = self.summary[:, 0], self.summary[:, 1], self.summary[:, 2]
            s2 = float(np.sum(s_dd + 2 * dm * s_d + cnt * dm**2))
            return mean, math.sqrt(max(s2 / n, 0.0)), int(n)
        return self.model.V_rest + self.lna["mean_shift"], self.lna["sigma_V"], 0

    @property
    def mean_V(self) -> float:
        """Mean V over cells and records (mV); the LNA's V* + shift for ``method="lna"``."""
        return self._moments()[0]

    @property
    def sigma_V(self) -> float:
        """Standard deviation of V pooled over cells and records (mV); the LNA's for "lna"."""
        return self._moments()[1]

    def _errors(self) -> dict[str, float | None]:
        if "err" in self._stats:
            return self._stats["err"]
        err: dict[str, float | None] = {
            "tau_int_records": None, "n_eff_mean": None, "n_eff_var": None,
            "mean_V_se": None, "sigma_V_se": None,
        }  # fmt: skip
        _mean, sd, n = self._moments()
        if self.V is not None and self.V.shape[1] > 8:
            rho = _acf(self.V, min(self.V.shape[1] - 1, 20000))
            t_int, t_var = _tau(rho)
            ne_m, ne_v = n / t_int, n / t_var
            err |= {
                "tau_int_records": t_int, "n_eff_mean": ne_m, "n_eff_var": ne_v,
                "mean_V_se": sd / math.sqrt(ne_m), "sigma_V_se": sd / math.sqrt(2 * ne_v),
            }  # fmt: skip
        elif self.summary is not None and self.cells >= 10:
            cnt = self.summary[:, 0]
            m_c = self.summary[:, 1] / cnt + self.summary[:, 3]
            v_c = self.summary[:, 2] / cnt - (self.summary[:, 1] / cnt) ** 2
            s_c = np.sqrt(np.maximum(v_c, 0))
            err |= {
                "mean_V_se": float(m_c.std(ddof=1) / math.sqrt(self.cells)),
                "sigma_V_se": float(s_c.std(ddof=1) / math.sqrt(self.cells)),
            }
        self._stats["err"] = err
        return err

    @property
    def sigma_V_se(self) -> float | None:
        """Statistical error of :attr:`sigma_V` (mV), from the effective sample size."""
        return self._errors()["sigma_V_se"]

    @property
    def mean_V_se(self) -> float | None:
        """Statistical error of :attr:`mean_V` (mV)."""
        return self._errors()["mean_V_se"]

    # ---- spectra ----------------------------------------------------------------------
    def psd(self, nperseg: int | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Welch estimate of V's one-sided PSD, averaged over cells: (f in Hz, S in mV²/Hz);
        Hann window, segments of ``nperseg`` records (default up to 4096), 50 % overlap."""
        if self.V is None or self.record_dt is None:
            raise ValueError("no V records (method 'lna' or record='summary')")
        from scipy.signal import welch

        n = self.V.shape[1]
        seg = nperseg or min(n, 4096)
        f, S = welch(self.V, fs=1e3 / self.record_dt, nperseg=seg, axis=-1)
        return f, S.mean(axis=0)

    def psd_lna(self, f_hz: np.ndarray) -> np.ndarray:
        """The LNA's PSD of V (mV²/Hz) at ``f_hz``."""
        from .lna import psd_v

        return psd_v(self.model, f_hz)

    def autocorrelation(self, max_lag_ms: float = 20.0) -> tuple[np.ndarray, np.ndarray]:
        """(lag in ms, ρ) of the recorded V, averaged over cells."""
        if self.V is None or self.record_dt is None:
            raise ValueError("no V records (method 'lna' or record='summary')")
        k = int(min(self.V.shape[1] - 1, max_lag_ms / self.record_dt))
        return np.arange(k + 1) * self.record_dt, _acf(self.V, k)

    # ---- export -----------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """Plain numbers (JSON-ready): method, σ_V with its error, mean V, the LNA, the model's
        assumptions, timings; no sample arrays."""
        e = self._errors()
        return {
            "method": self.method,
            "engine": self.engine,
            "cell": self.model.cell_name,
            "cells": self.cells,
            "duration_ms": self.duration,
            "dt_ms": self.dt,
            "record_dt_ms": self.record_dt,
            "burn_ms": self.burn,
            "seed": self.seed,
            "sigma_V_mV": self.sigma_V,
            "sigma_V_se_mV": e["sigma_V_se"],
            "mean_V_mV": self.mean_V,
            "mean_V_se_mV": e["mean_V_se"],
            "V_rest_mV": self.V_rest,
            "lna_sigma_V_mV": self.lna["sigma_V"],
            "lna_mean_shift_mV": self.lna["mean_shift"],
            "thermal_sigma_V_mV": self.lna["thermal_sigma_V"],
            "tau_m_ms": self.model.tau_m,
            "C_pF": self.model.C,
            "G_total_nS": self.model.G_total,
            "transitions": self.transitions,
            "samples": self._moments()[2],
            "n_eff_var": e["n_eff_var"],
            "timing_s": dict(self.timing),
            "simulate_s": self.timing.get("simulate_s"),
            "assumptions": list(self.model.assumptions),
            "notes": list(self.notes),
        }

    def to_xarray(self) -> Any:
        """An xarray Dataset: ``V`` (cell, t) in mV with the scalars of :meth:`to_dict` as
        attributes (None where there are no records)."""
        import xarray as xr

        attrs = {k: v for k, v in self.to_dict().items() if isinstance(v, int | float | str)}
        if self.V is None:
            return xr.Dataset(attrs=attrs)
        ds = xr.Dataset(
            {"V": (("cell", "t"), self.V, {"units": "mV", "long_name": "membrane potential"})},
            coords={"cell": np.arange(self.cells), "t": ("t", self.t, {"units": "ms"})},
            attrs=attrs,
        )
        return ds

    def to_dataframe(self) -> Any:
        """V in long form: columns cell, t_ms, V_mV (pandas)."""
        return self.to_xarray()["V"].to_dataframe().reset_index().rename(
            columns={"t": "t_ms", "V": "V_mV"}
        )

    def table(self) -> str:
        """A plain-text report: σ_V (simulated ± error, LNA, thermal), mean V vs V*, and the
        model's assumptions."""
        d = self.to_dict()
        lines = [f"channel noise ({self.method}, {self.engine}) — {self.model.cell_name}"]
        if self.V is not None or self.summary is not None:
            se = d["sigma_V_se_mV"]
            lines.append(
                f"  σ_V        {d['sigma_V_mV']:.4f} mV"
                + (f" ± {se:.4f} (1 SE, effective sample size)" if se is not None else "")
                + f"   [{self.cells} cells × {d['samples'] // max(self.cells, 1)} records]"
            )
            mse = d["mean_V_se_mV"]
            lines.append(
                f"  mean V     {d['mean_V_mV']:.4f} mV"
                + (f" ± {mse:.4f}" if mse is not None else "")
                + f"   (V* {self.V_rest:.4f} mV; expected shift {self.lna['mean_shift']:+.4f})"
            )
        lines.append(f"  σ_V (LNA)  {self.lna['sigma_V']:.4f} mV   (linear-noise approximation)")
        lines.append(
            f"  thermal    {self.lna['thermal_sigma_V']:.4f} mV   (kT/C floor, beside the channels)"
        )
        lines.append(f"  τ_m        {self.model.tau_m:.4g} ms, C {self.model.C:.4g} pF, "
                     f"G {self.model.G_total:.4g} nS")  # fmt: skip
        if self.transitions is not None:
            lines.append(f"  transitions {self.transitions}")
        lines.append("assumptions:")
        lines += [f"  - {a}" for a in self.model.assumptions]
        lines += [f"  ! {n}" for n in self.notes]
        return "\n".join(lines)

    def plot(self, path: Any = None, cells_shown: int = 3) -> Any:
        """Trace, histogram with the LNA Gaussian, and PSD with the analytic curve (and the
        thermal floor); saved to ``path`` if given; returns the Figure."""
        from .plot import plot_noise

        return plot_noise(self, path, cells_shown)
