# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Problem 15: Channel noise — exact, Langevin and analytic σ_V
#
# The chapter: a spherical cell of radius 2 µm whose K⁺ conductance is only **80 channels** has
# membrane-potential fluctuations of standard deviation **σ_V ≈ 0.45 mV** at rest. It gives no
# single-channel conductance, open probability or kinetics. The cell
# `load_preset("chapter_noise")` assumes mid-range values (γ = 10 pS, open probability p = 0.5,
# correlation time τ_c = 1/(α+β) = 1 ms, two-state channels) and keeps the chapter's
# concentrations and its ratio g_K : g_Na : g_Cl = 1 : 0.04 : 0.45 (with g_K the mean K⁺
# conductance N γ p), at 37 °C.
#
# 1. Compute σ_V three ways — exact (Gillespie) simulation `sigma_exact` (± `se_exact`),
#    Langevin `sigma_langevin` (± `se_langevin`) and the linear-noise approximation
#    `sigma_lna` — and show they agree with the closed form `sigma_closed` derived below.
# 2. Keeping γ and τ_c, find the open probability `p_chapter` at which the closed form gives the
#    chapter's **0.45 mV**, and check it with an exact simulation (`sigma_exact_chapter`
#    ± `se_exact_chapter`).
# 3. At fixed total conductance N γ, σ_V ∝ 1/√N: going from 80 to 320 channels (γ from 10 to
#    2.5 pS) halves σ_V. Show it with the LNA (`ratio_lna`) and the exact method (`ratio_exact`
#    ± `se_ratio`).
#
# Keep simulations short (20 cells × 0.5 s).

# %% [markdown]
# ## Physics
#
# Each channel flips C ⇄ O with rates α (opening) and β; n(t) open channels out of N fluctuate
# about Np with variance Np(1−p), p = α/(α+β), and correlation time τ_c = 1/(α+β). Linearized
# about the mean rest V* (V = V_in − V_out, outward current positive):
#
# $$C\,\frac{d\,\delta V}{dt} = -G\,\delta V - \gamma\,(V^* - E_K)\,\delta n,
# \qquad G = N\gamma p + g_{Na} + g_{Cl} = 1.49\,N\gamma p,$$
#
# so δV is low-pass filtered channel noise (an Ornstein–Uhlenbeck process through a membrane of
# time constant τ_m = C/G):
#
# $$\sigma_V^2 = \left(\frac{\gamma\,(V^* - E_K)}{G}\right)^2 N p(1-p)\,
# \frac{\tau_c}{\tau_c + \tau_m}
# = \left(\frac{V^*-E_K}{1.49\,Np}\right)^2 Np(1-p)\,\frac{\tau_c}{\tau_c+\tau_m}.$$
#
# At fixed N γ (and p), G, τ_m and V* stay the same and σ_V ∝ γ√N ∝ 1/√N.
# Assumptions: the pump current and the concentrations are held (they change over minutes), the
# Na⁺/Cl⁻ leaks are linear, C = 1 µF/cm² × 4π(2 µm)². The exact method is not linearized: its
# σ_V differs from the closed form by O(1/N) (a few 0.1 % at N = 80).

# %% tags=["solution"]
import warnings

import matplotlib.pyplot as plt
import numpy as np
from scipy.optimize import brentq

import vrest
from vrest.presets import load_preset

plt.rcParams.update({"font.size": 12})
cell = load_preset("chapter_noise")
N, GAMMA_PS, TAU_C = 80, 10.0, 1.0  # channels, pS, ms (the preset's values)
KW = dict(cells=20, duration=500.0, seed=1)


def with_channels(cell, p=0.5, gamma_pS=GAMMA_PS, count=N, tau_c=TAU_C):
    """The chapter cell with its K⁺ channels changed, Na⁺/Cl⁻ leaks at the chapter's ratio."""
    g_k = count * gamma_pS * 1e-3 * p  # mean K⁺ conductance, nS
    c = cell.with_channel("K80", count=count, gamma=gamma_pS * 1e-3, alpha=p / tau_c,
                          beta=(1 - p) / tau_c)  # fmt: skip
    return c.with_ion("Na", g=0.04 * g_k).with_ion("Cl", g=0.45 * g_k)


ex = vrest.noise(cell, "exact", **KW)
with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # the method warns that below ~1000 channels exact is better
    lg = vrest.noise(cell, "langevin", dt=0.002, **KW)
sigma_exact, se_exact = ex.sigma_V, ex.sigma_V_se
sigma_langevin, se_langevin = lg.sigma_V, lg.sigma_V_se
sigma_lna = vrest.noise(cell, "lna").sigma_V

# the closed form, by hand
V_star = ex.V_rest  # mV, the deterministic rest (chord equation with the pump)
E_K = vrest.nernst(140, 4, 1, celsius=37)
C_pF = 1.0 * 4 * np.pi * 2.0**2 * 1e-2  # µF/cm² × µm² → pF


def closed_form(p, gamma_pS=GAMMA_PS, count=N, tau_c=TAU_C):
    G = 1.49 * count * gamma_pS * 1e-3 * p  # nS
    tau_m = C_pF / G  # ms
    return (
        abs(V_star - E_K)
        / (1.49 * count * p)
        * np.sqrt(count * p * (1 - p) * tau_c / (tau_c + tau_m))
    )


sigma_closed = closed_form(0.5)
print(f"σ_V: exact {sigma_exact:.3f} ± {se_exact:.3f}, Langevin {sigma_langevin:.3f} ± "
      f"{se_langevin:.3f}, LNA {sigma_lna:.4f}, closed form {sigma_closed:.4f} mV")  # fmt: skip

# %% tags=["solution"]
# 2. the open probability that gives the chapter's 0.45 mV
p_chapter = brentq(lambda p: closed_form(p) - 0.45, 0.5, 0.99)
exc = vrest.noise(with_channels(cell, p=p_chapter), "exact", **KW)
sigma_exact_chapter, se_exact_chapter = exc.sigma_V, exc.sigma_V_se
print(f"p = {p_chapter:.3f}: exact σ_V = {sigma_exact_chapter:.3f} ± {se_exact_chapter:.3f} mV")

# 3. 1/√N at fixed total conductance N·γ
big = with_channels(cell, count=4 * N, gamma_pS=GAMMA_PS / 4)
ratio_lna = sigma_lna / vrest.noise(big, "lna").sigma_V
ex4 = vrest.noise(big, "exact", **KW)
ratio_exact = sigma_exact / ex4.sigma_V
se_ratio = ratio_exact * np.hypot(se_exact / sigma_exact, ex4.sigma_V_se / ex4.sigma_V)
print(f"σ_V(80)/σ_V(320): LNA {ratio_lna:.6f}, exact {ratio_exact:.3f} ± {se_ratio:.3f}")

# %% tags=["check"]
# 1. The LNA solves the same linear equations as the closed form: agreement to 1e-6 relative
#    (rounding and the Lyapunov solver).
assert abs(sigma_lna / sigma_closed - 1) < 1e-6, (sigma_lna, sigma_closed)
# Exact and Langevin are estimates: within 4 standard errors (from their effective sample size)
# plus 1 % for the O(1/N) nonlinearity the closed form neglects.
for s, se in ((sigma_exact, se_exact), (sigma_langevin, se_langevin)):
    assert abs(s - sigma_closed) < 4 * se + 0.01 * sigma_closed, (s, se, sigma_closed)
# 2. The chapter's 0.45 mV at the open probability found by hand (same tolerance).
assert 0.5 < p_chapter < 0.99
assert abs(sigma_exact_chapter - 0.45) < 4 * se_exact_chapter + 0.01 * 0.45
# 3. σ_V ∝ 1/√N at fixed N γ: ratio 2 (LNA: exact algebra, 1e-6; exact: 4 standard errors).
assert abs(ratio_lna - 2) < 1e-6 * 2, ratio_lna
assert abs(ratio_exact - 2) < 4 * se_ratio, (ratio_exact, se_ratio)

# %% tags=["solution"]
ex.plot()  # vrest's figure: traces, histogram with the LNA Gaussian, power spectrum
plt.show()

# %% tags=["solution"]
fig, ax = plt.subplots(figsize=(7, 4.5), layout="constrained")
Ns = np.array([20, 40, 80, 160, 320, 640, 1280])
ax.loglog(Ns, [closed_form(0.5, GAMMA_PS * N / n, n) for n in Ns], "k-",
          label="closed form (N γ = 0.8 nS fixed)")  # fmt: skip
ax.errorbar([N, 4 * N], [sigma_exact, ex4.sigma_V], yerr=[2 * se_exact, 2 * ex4.sigma_V_se],
            fmt="o", color="C3", capsize=3, label="exact simulation (±2 SE)")  # fmt: skip
ax.plot([N], [sigma_langevin], "s", mfc="none", ms=14, mew=2, color="C0", label="Langevin")
ax.axhline(0.45, color="0.5", ls=":", label=f"chapter: 0.45 mV (N = 80 at p = {p_chapter:.2f})")
ax.yaxis.set_major_formatter(plt.FormatStrFormatter("%g"))
ax.yaxis.set_minor_formatter(plt.FormatStrFormatter("%g"))
ax.set_xlabel("number of K⁺ channels N")
ax.set_ylabel("σ_V (mV)")
ax.set_title("σ_V ∝ 1/√N at fixed total conductance (p = 0.5)")
ax.legend(fontsize=11)
plt.show()
