"""Channel noise: Markov schemes, the linear-noise approximation, and the exact and Langevin
engines against each other, against their NumPy references and against the physics.

Statistical tolerances: simulated σ_V and mean V carry a standard error computed from the
effective sample size of correlated samples (vrest.noise.result); a check passes within
3.5 SE (a false failure about 1 time in 2000 per check; the seeds are fixed, so a run is
reproducible, and the tolerance is not tuned to the seed). Deterministic identities are checked
to rounding (1e-9 relative or tighter).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import vrest
from vrest.channels import Channel
from vrest.noise import lna
from vrest.noise.model import build
from vrest.noise.schemes import SCHEMES, base_rates_np, hh_rate

Z = 3.5  # standard errors allowed in statistical comparisons (see the module docstring)


def two_state_cell(N=1000, alpha=0.1, beta=0.4, gamma=0.01, radius=5.0, g_leak=0.9424777961,
                   E_leak=-50.0, E_K=-90.0, extra=()):  # fmt: skip
    """The peers' benchmark model: a sphere, a fixed-reversal leak and N two-state K⁺
    channels with a fixed E_K (plain floats: µm, nS, mV, 1/ms)."""
    chans = [
        Channel("leak", g=g_leak, E=E_leak, name="leak"),
        Channel("two_state", count=N, gamma=gamma, alpha=alpha, beta=beta, E=E_K, name="Kch"),
        *extra,
    ]
    return vrest.Cell(
        ions={"K": {"c_in": 140, "c_out": 5, "g": 0}}, celsius=6.3, radius=radius, channels=chans
    )


def hh_patch(area=10.0):
    """HH 1952 membrane as single channels (60 Na⁺, 18 K⁺ channels/µm², 20 pS; Goldwyn &
    Shea-Brown 2011) on a patch of ``area`` µm²."""
    c = vrest.load_cell("examples/cells/hh_stochastic.toml")
    return vrest.Cell(
        ions=c.ions, celsius=c.celsius, area=area,
        channels=[
            Channel("hh_na", count=round(60 * area), gamma=0.02),
            Channel("hh_k", count=round(18 * area), gamma=0.02),
            Channel("leak", g=0.3e-2 * area, E=-54.387),
        ],
    )  # fmt: skip


# ---- schemes ----------------------------------------------------------------------------------
def test_compiled_hh_rates_are_the_gating_modules() -> None:
    """The engines' compiled HH rates equal vrest.gating's (one formula, two forms)."""
    V = np.linspace(-120, 60, 181)
    V = np.append(V, [-55.0, -40.0, -55.0 + 1e-9])  # the removable singularities
    from vrest.gating import hh_rates

    ref = hh_rates(V)
    keys = ["alpha_n", "beta_n", "alpha_m", "beta_m", "alpha_h", "beta_h"]
    for k, key in enumerate(keys):
        got = np.array([hh_rate(k, v) for v in V])
        np.testing.assert_allclose(got, ref[key], rtol=1e-13)


@pytest.mark.parametrize("V", [-80.0, -65.0, -40.0, 0.0])
def test_stationary_occupancy_is_binomial(V: float) -> None:
    """n⁴: Binomial(4, n∞); m³h: Binomial(3, m∞) × Bernoulli(h∞) (independent gates), so
    p_O = n∞⁴ and m∞³h∞ as in HH's deterministic equations."""
    from scipy.stats import binom

    from vrest.gating import hh_steady_state

    n, m, h = hh_steady_state(V)
    k = SCHEMES["hh_k"]
    pi = k.stationary(base_rates_np(1, V, 0, 0, 1.0))
    np.testing.assert_allclose(pi, binom.pmf(range(5), 4, n), rtol=1e-10, atol=1e-15)
    assert pi[k.open_state] == pytest.approx(n**4, rel=1e-10)
    na = SCHEMES["hh_na"]
    pi = na.stationary(base_rates_np(2, V, 0, 0, 1.0))
    want = np.concatenate([binom.pmf(range(4), 3, m) * (1 - h), binom.pmf(range(4), 3, m) * h])
    np.testing.assert_allclose(pi, want, rtol=1e-9, atol=1e-15)
    assert pi[na.open_state] == pytest.approx(m**3 * h, rel=1e-9)


def test_generators_conserve_probability() -> None:
    for code, s in enumerate(SCHEMES.values()):
        Q = s.generator(base_rates_np(code, -60.0, 0.3, 0.7, 1.0))
        np.testing.assert_allclose(Q.sum(axis=1), 0.0, atol=1e-14)
        assert np.all(Q - np.diag(np.diag(Q)) >= 0)


# ---- linear-noise approximation ---------------------------------------------------------------
def test_lyapunov_matches_the_two_state_closed_form() -> None:
    """σ_V² = (γ(V*−E)/G)² N p(1−p) τ_c/(τ_c+τ_m) for one two-state population."""
    m = build(two_state_cell(N=80, alpha=0.5, beta=0.5))
    p = m.pops[0]
    closed = lna.sigma_v_two_state(p.N, p.gamma, m.V_rest, p.E, m.G_total, m.C, p.a, p.b)
    assert lna.sigma_v(m) == pytest.approx(closed, rel=1e-10)


def test_psd_is_the_filtered_lorentzian_and_integrates_to_the_variance() -> None:
    """Two-state channels under voltage clamp give a Lorentzian current PSD,
    S_I = 4 (γ(V−E))² N p(1−p) τ_c/(1 + (2πf τ_c)²) (pA²/Hz, τ in s); the membrane filters it
    by 1/|G + 2πif C|². And ∫ S_V df = σ_V²."""
    m = build(two_state_cell(N=500, alpha=0.2, beta=0.6))
    p = m.pops[0]
    f = np.logspace(-1, 6, 400)
    tau_c = 1e-3 / (p.a + p.b)
    pO = p.a / (p.a + p.b)
    S_I = 4 * (p.gamma * 1e-9 * (m.V_rest - p.E) * 1e-3) ** 2 * p.N * pO * (1 - pO) * tau_c
    S_I = S_I / (1 + (2 * np.pi * f * tau_c) ** 2)
    H2 = 1 / np.abs(m.G_total * 1e-9 + 2j * np.pi * f * m.C * 1e-12) ** 2
    np.testing.assert_allclose(lna.psd_v(m, f), S_I * H2 * 1e6, rtol=1e-9)
    # variance: trapezoid on a fine log grid (error < 1e-3 relative)
    ff = np.logspace(-3, 7, 20001)
    assert np.trapezoid(lna.psd_v(m, ff), ff) == pytest.approx(lna.sigma_v(m) ** 2, rel=1e-3)


def test_thermal_floor() -> None:
    """√(k_B T/C): 1 pF at 37 °C is 64.3 µV (k_B exact, SI 2019)."""
    want = math.sqrt(1.380649e-23 * 310.15 / 1e-12) * 1e3
    assert lna.thermal_sigma_v(1.0, 37.0) == pytest.approx(want, rel=1e-12)
    assert want == pytest.approx(0.06544, abs=1e-5)


def test_lna_of_hh_has_the_hh_rest() -> None:
    m = build(hh_patch(1000.0))
    assert m.V_rest == pytest.approx(-64.9964, abs=1e-4)  # HH 1952 (vrest.gating.hh_rest)
    assert 0 < lna.sigma_v(m) < 5.0


# ---- engines agree with their references ------------------------------------------------------
CATION = Channel("two_state", count=20, gamma=0.005, alpha=1.0, beta=0.2, E=0.0, name="cat")
CASES = {
    "one two-state population": lambda: two_state_cell(N=50, alpha=0.5, beta=0.5),
    "two populations (general kernel)": lambda: two_state_cell(N=30, extra=[CATION]),
    "HH (voltage-dependent rates)": lambda: hh_patch(2.0),
}


@pytest.mark.parametrize("method", ["exact", "langevin"])
@pytest.mark.parametrize("case", list(CASES))
def test_compiled_engine_equals_reference(method: str, case: str) -> None:
    """The numba kernels and the plain NumPy/Python reference consume the same random numbers
    and must give the same path (to rounding: 1e-9 mV)."""
    cell = CASES[case]()
    dur = 3.0 if "HH" in case else 20.0
    kw = {"cells": 3, "duration": dur, "burn": 0.5, "seed": 11, "record_dt": 0.05}
    if method == "langevin":
        kw["dt"] = 0.0005 if "HH" in case else 0.005
    with np.errstate(all="ignore"), pytest.warns() if method == "langevin" else _nullctx():
        a = vrest.noise(cell, method, engine="numba", **kw)
        b = vrest.noise(cell, method, engine="numpy", **kw)
    np.testing.assert_allclose(a.V, b.V, rtol=0, atol=1e-9)
    assert a.transitions == b.transitions
    assert np.ptp(a.V) > 0  # it did fluctuate


class _nullctx:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def test_seeds_make_runs_reproducible_and_cells_independent_of_count() -> None:
    cell = two_state_cell(N=100)
    a = vrest.noise(cell, "exact", cells=1, duration=50, seed=5)
    b = vrest.noise(cell, "exact", cells=1, duration=50, seed=5)
    c = vrest.noise(cell, "exact", cells=3, duration=50, seed=5)
    assert a.seed == 5
    np.testing.assert_array_equal(a.V, b.V)
    np.testing.assert_array_equal(a.V[0], c.V[0])  # cell 0's stream depends on (seed, 0) only
    assert not np.array_equal(c.V[0], c.V[1])
    fresh = vrest.noise(cell, "lna")
    assert fresh.V is None and fresh.sigma_V == pytest.approx(lna.sigma_v(build(cell)))
    d = vrest.noise(cell, "exact", cells=1, duration=50, seed=np.random.default_rng(3))
    assert isinstance(d.seed, int)
    e = vrest.noise(cell, "exact", cells=1, duration=50, seed=d.seed)
    np.testing.assert_array_equal(d.V, e.V)  # the recorded seed reproduces the run


@pytest.mark.parametrize("method", ["exact", "langevin"])
def test_summary_mode_gives_the_trace_statistics(method: str) -> None:
    cell = two_state_cell(N=1000)
    kw = {"cells": 4, "duration": 200, "seed": 2}
    a = vrest.noise(cell, method, **kw)
    b = vrest.noise(cell, method, record="summary", **kw)
    assert b.V is None
    assert b.mean_V == pytest.approx(a.mean_V, abs=1e-9)
    assert b.sigma_V == pytest.approx(a.sigma_V, rel=1e-9)


# ---- physics: the three methods agree where they should ---------------------------------------
def test_many_channels_exact_and_langevin_agree_with_the_lna() -> None:
    """N = 2000: exact and Langevin σ_V within Z standard errors of the LNA (the LNA's own
    error is O(1/N) = 0.05 %, far below the SE); Langevin also carries Euler–Maruyama's
    variance error ≈ k·dt/2 (k = fastest rate), added to its tolerance."""
    cell = two_state_cell(N=2000)
    want = lna.sigma_v(build(cell))
    e = vrest.noise(cell, "exact", cells=20, duration=3000, seed=1)
    assert abs(e.sigma_V - want) < Z * e.sigma_V_se
    lg = vrest.noise(cell, "langevin", cells=20, duration=3000, dt=0.01, seed=1)
    dt_bias = 0.5 * lg.model.fastest_rate() * 0.01 * want / 2  # σ error = half the var error
    assert abs(lg.sigma_V - want) < Z * lg.sigma_V_se + dt_bias
    # the peers' closed form (brian2_noise.py / neuron_noise.py docstrings)
    m = build(cell)
    k = m.G_total / m.C
    c = 2000 * 0.01 * (m.V_rest + 90) / m.C
    xs = 0.2
    peers = math.sqrt(c**2 * xs * (1 - xs) / 2000 / (k * (k + 0.5)))
    assert want == pytest.approx(peers, rel=1e-10)


def test_welch_psd_matches_the_analytic_one() -> None:
    """Band averages of the simulated PSD (Welch, 20 cells × 14 segments) against the LNA:
    each band averages ≳ 100 independent periodogram values (relative SE ≲ 10 %), so 30 %."""
    cell = two_state_cell(N=2000)
    r = vrest.noise(cell, "exact", cells=20, duration=6000, seed=4, record_dt=0.1)
    f, S = r.psd(nperseg=4096)
    for lo, hi in [(5, 30), (30, 100), (100, 300), (300, 1000), (1000, 3000)]:
        band = (f >= lo) & (f < hi)
        ratio = S[band].mean() / r.psd_lna(f[band]).mean()
        assert ratio == pytest.approx(1.0, abs=0.3), (lo, hi, ratio)


def test_mean_v_carries_the_predicted_order_one_over_n_shift() -> None:
    """At N = 80 (the chapter's cell) the mean V sits above V* by −Σγ cov(O, V)/G (exact
    stationary balance with the LNA covariance): the shift is resolved and predicted."""
    r = vrest.noise("examples/cells/chapter_noise.toml", "exact", cells=100, duration=5000,
                    seed=8, record_dt=0.5)  # fmt: skip
    shift = r.lna["mean_shift"]
    assert shift > 0
    se = r.mean_V_se
    assert abs(r.mean_V - (r.V_rest + shift)) < Z * se
    assert abs(r.mean_V - r.V_rest) > Z * se  # V* alone is rejected: the bias is real


def test_few_channels_langevin_and_exact_differ() -> None:
    """N = 10 slow two-state channels (τ_c = 10 ms ≫ τ_m): V jumps between the levels of 0…10
    open channels. The exact σ_V exceeds the LNA (the nonlinearity of V in the open count),
    the Langevin one falls below it (clipping at the boundaries), and a two-sample
    Kolmogorov–Smirnov test on samples 50 ms apart (5 τ_c: independent) rejects equal V
    distributions at p < 1e-6; at N = 2000 (samples 10 ms = 5 × the slowest relaxation apart)
    it does not reject at p = 1e-3."""
    from scipy.stats import ks_2samp

    cell = two_state_cell(N=10, alpha=0.01, beta=0.09, gamma=1.0)
    kw = {"cells": 20, "duration": 8000, "seed": 1, "record_dt": 50.0, "burn": 100.0}
    e = vrest.noise(cell, "exact", **kw)
    with pytest.warns(vrest.VrestWarning, match="exact method"):
        lg = vrest.noise(cell, "langevin", **kw)
    fine = {"cells": 20, "duration": 4000, "seed": 1, "record_dt": 1.0}
    e_f = vrest.noise(cell, "exact", **fine)
    with pytest.warns(vrest.VrestWarning):
        lg_f = vrest.noise(cell, "langevin", **fine)
    want = e_f.lna_sigma_V
    assert e_f.sigma_V > want + Z * e_f.sigma_V_se
    assert lg_f.sigma_V < want - Z * lg_f.sigma_V_se
    assert ks_2samp(e.V.ravel(), lg.V.ravel()).pvalue < 1e-6
    big = two_state_cell(N=2000)
    kw = {"cells": 20, "duration": 2000, "seed": 1, "record_dt": 10.0, "burn": 20.0}
    e2 = vrest.noise(big, "exact", **kw)
    l2 = vrest.noise(big, "langevin", **kw)
    assert ks_2samp(e2.V.ravel(), l2.V.ravel()).pvalue > 1e-3


def test_stochastic_hh_rests_at_hh_rest_with_lna_noise() -> None:
    """A 1000 µm² HH patch (60 000 Na⁺, 18 000 K⁺ channels): Langevin (channel-based, 8- and
    5-state) mean V at HH's −65.0 mV within Z SE + the O(1/N) shift, σ_V within 15 % of the
    LNA (its error at these N is a few %, the SE ~5 % with this run)."""
    cell = vrest.load_cell("examples/cells/hh_stochastic.toml")
    r = vrest.noise(cell, "langevin", cells=8, duration=300, seed=3)
    assert abs(r.mean_V - (-64.9964 + r.lna["mean_shift"])) < Z * r.mean_V_se + 0.01
    assert r.sigma_V == pytest.approx(r.lna_sigma_V, rel=0.15)


def test_temperature_scales_the_rates() -> None:
    """HH rates × 3^((T − 6.3)/10): at 16.3 °C the gates are 3× faster (φ = 3)."""
    c = hh_patch(1000.0)
    warm = vrest.Cell(**{**_fields(c), "celsius": 16.3, "reference_celsius": c.reference_celsius})
    m = build(warm)
    assert all(p.phi == pytest.approx(3.0, rel=1e-12) for p in m.pops)
    two = two_state_cell(N=100)
    fields = _fields(two)
    fields["channels"] = [
        Channel("leak", g=0.94, E=-50.0),
        Channel("two_state", count=100, gamma=0.01, alpha=0.1, beta=0.4, E=-90.0, rate_q10=2.0),
    ]
    m2 = build(vrest.Cell(**{**fields, "celsius": 26.3, "reference_celsius": 6.3}))
    assert m2.pops[0].a == pytest.approx(0.4, rel=1e-12)  # 0.1 × 2^2


def _fields(c):
    return {
        "ions": c.ions, "celsius": c.celsius, "radius": c.radius, "area": c.area,
        "channels": c.channels, "specific_capacitance": c.specific_capacitance,
    }  # fmt: skip


# ---- result object ----------------------------------------------------------------------------
def test_result_exports_and_figure(tmp_path) -> None:
    r = vrest.noise(two_state_cell(N=500), "exact", cells=3, duration=300, seed=1)
    d = r.to_dict()
    for key in ("sigma_V_mV", "sigma_V_se_mV", "lna_sigma_V_mV", "thermal_sigma_V_mV", "seed"):
        assert d[key] is not None
    assert d["seed"] == 1 and d["transitions"] == r.transitions > 0
    ds = r.to_xarray()
    assert ds["V"].attrs["units"] == "mV" and ds["V"].shape == r.V.shape
    assert ds.attrs["sigma_V_mV"] == pytest.approx(r.sigma_V)
    _lag, rho = r.autocorrelation(5.0)
    assert rho[0] == pytest.approx(1.0) and rho[-1] < 0.5
    out = tmp_path / "noise.png"
    r.plot(out)
    assert out.stat().st_size > 10_000
    assert "assumptions" in r.table() and "LNA" in r.table()


def test_example_11_chapter_noise(tmp_path) -> None:
    """The chapter's 0.45 mV lies inside the plausible range the example maps (for every γ of
    5–100 pS some open probability in 0.1–0.9 gives it), σ_V falls as p rises (each open
    channel's share of G grows), and the exact simulations agree with the LNA within Z SE plus
    its O(1/N) error (1/80 = 1.25 %)."""
    import runpy

    main = runpy.run_path("examples/11_channel_noise.py")["main"]
    out = main(tmp_path, quick=True)
    for g in (5, 10, 20, 50, 100):
        assert out[f"p_at_0.45_gamma{g}"] is not None
        assert 0.1 < out[f"p_at_0.45_gamma{g}"] < 0.9
    for kw, s, se, lna_s in out["exact_checks"]:
        assert abs(s - lna_s) < Z * se + 0.0125 * lna_s, kw
    s3, s7 = (c[3] for c in out["exact_checks"][:2])  # LNA at p = 0.3 and 0.7
    assert s3 > s7
    ex, se = out["exact"]
    assert abs(ex - out["lna"]) < Z * se + 0.0125 * out["lna"]
    rows = {r[0]: r for r in out["few_channels"]}
    for N in (300, 1000, 3000):  # many channels: exact within Z SE + 1/N of the LNA
        _, s_e, se_e, _, _, s_a = rows[N]
        assert abs(s_e - s_a) < Z * se_e + s_a / N
    _, s_e, se_e, _, _, s_a = rows[10]
    assert s_e > s_a + Z * se_e  # ten channels: the nonlinearity shows
    # the README quotes these numbers: keep the prose in step (at the printed precision)
    from pathlib import Path

    text = " ".join(Path("README.md").read_text().split())
    ps = [out[f"p_at_0.45_gamma{g}"] for g in (5, 10, 20, 50, 100)]
    assert f"p ≈ {min(ps):.2f}–{max(ps):.2f} across that γ range ({ps[1]:.2f} at 10 pS)" in text
    assert f"{out['lna']:.3f} mV LNA, thermal floor {out['thermal']:.3f} mV" in text
    for name in ("noise_chapter.png", "noise_chapter_ranges.png", "noise_few_channels.png"):
        assert (tmp_path / name).stat().st_size > 20_000
