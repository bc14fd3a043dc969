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
# # Problem 24 (combined): Raised [K]ₒ and temperature together
#
# Combines the [K]ₒ dependence of V (hyperkalemia, problem 16) with temperature (§6). The chapter:
# warming a neuron from 27 to 37 °C **hyperpolarizes** it, because the pump (Q10 = 3.0) speeds up
# more than the leak conductances (Q10 = 1.3), while the Nernst potentials grow only in
# proportion to T.
#
# Take the chapter neuron (`load_preset("chapter_neuron")`, described at 37 °C: chord leaks
# g_K : g_Na : g_Cl = 100 : 4 : 45 nS, a 3 Na⁺ : 2 K⁺ pump that balances the Na⁺ leak at 37 °C,
# leak Q10 1.3, pump Q10 3.0) and compute V_rest over [K]ₒ = 2–20 mM × T = 17–37 °C with a
# 2-D `vrest.sweep` (concentrations inside held).
#
# 1. At the chapter's [K]ₒ = 4 mM, show that V(37 °C) < V(27 °C) < V(17 °C) (`V4`, dict by °C).
# 2. Derive by hand the slope dV/dlog₁₀[K]ₒ at each temperature (`slope_hand`, dict by °C,
#    mV/decade) and compare with the sweep (`slope_sweep`). At 37 °C it is
#    g_K/(G − g_Na/3) × 2.303RT/F = **41.7 mV/decade**.
# 3. Show that E_K in the sweep (keep its Dataset as `ds`) is the Nernst potential at every
#    point (`E_K_hand`, an array [K]ₒ × T).

# %% [markdown]
# ## Physics
#
# Chord-conductance rest with a pump (V = V_in − V_out, outward positive):
#
# $$V = \frac{g_K E_K + g_{Na}E_{Na} + g_{Cl}E_{Cl} - I_{\rm pump}}{G},\qquad
# G = g_K + g_{Na} + g_{Cl},\qquad E_K = \frac{RT}{F}\ln\frac{[K]_o}{[K]_i}.$$
#
# **Temperature.** Moving from the reference 37 °C to T scales every leak by
# $\ell = 1.3^{(T-37)/10}$ (the ratios g_K/G stay) and the pump's turnover by
# $b = 3^{(T-37)/10}$. The pump is the one that balanced the Na⁺ leak at 37 °C (at the same
# [K]ₒ), $I_{37} = g_{Na}(E_{Na}^{37} - V_{37})/3$, run at b times that current. At 37 °C
# ($b = 1$) inserting $I_{\rm pump} = g_{Na}(E_{Na} - V)/3$ gives
#
# $$V\left(G - \tfrac{g_{Na}}{3}\right) = g_K E_K + \tfrac23 g_{Na}E_{Na} + g_{Cl}E_{Cl}
# \;\Rightarrow\; s_{37} = \frac{dV_{37}}{d\log_{10}[K]_o}
# = \frac{g_K}{G - g_{Na}/3}\cdot\frac{RT\ln 10}{F}.$$
#
# At T the pump's share $-bI_{37}/(\ell G)$ still follows $V_{37}$, so with $a = b/\ell =
# (3/1.3)^{(T-37)/10}$
#
# $$s_T = \frac{g_K}{G}\cdot\frac{RT\ln 10}{F} + a\,\frac{g_{Na}}{3G}\,s_{37}.$$
#
# Cooling makes the slope smaller twice: through T in the Nernst factor and through a < 1
# (a weaker pump share, which adds less of the 37 °C slope). Assumptions: concentrations inside
# held (an acute change); the pump's rate set at 37 °C and scaled by its Q10 (vrest's rule for a
# balance pump moved in temperature).

# %% tags=["solution"]
import matplotlib.pyplot as plt
import numpy as np

import vrest
from vrest.presets import load_preset

plt.rcParams.update({"font.size": 12})
cell = load_preset("chapter_neuron")
temps = [17.0, 22.0, 27.0, 32.0, 37.0]
ds = vrest.sweep(cell, {"K.c_out": "2:20:log:31", "celsius": temps})
k = ds["K.c_out"].values
V4 = {T: float(ds["V"].sel(celsius=T).interp({"K.c_out": 4.0})) for T in temps}

g = {x: cell.ions[x].g for x in ("K", "Na", "Cl")}
G = sum(g.values())
slope_hand, slope_sweep = {}, {}


def nernst_slope(T):
    return vrest.R * vrest.kelvin(T) / vrest.F * np.log(10) * 1e3  # mV/decade


s37 = g["K"] / (G - g["Na"] / 3) * nernst_slope(cell.celsius)
for T in temps:
    a = (cell.pump.q10 / cell.q10_leak) ** ((T - cell.celsius) / 10)
    slope_hand[T] = g["K"] / G * nernst_slope(T) + a * g["Na"] / (3 * G) * s37
    v = ds["V"].sel(celsius=T).values
    slope_sweep[T] = (v[-1] - v[0]) / np.log10(k[-1] / k[0])
    print(f"{T:4.0f} °C: V(4 mM) {V4[T]:6.2f} mV, slope {slope_sweep[T]:.4f} "
          f"(hand {slope_hand[T]:.4f}) mV/decade")  # fmt: skip

K_in = cell.ions["K"].c_in
E_K_hand = np.array([[vrest.R * vrest.kelvin(T) / vrest.F * 1e3 * np.log(kk / K_in) for T in temps]
                     for kk in k])  # fmt: skip

# %% tags=["check"]
# 1. The chapter's §6: warming hyperpolarizes (at 4 mM).
assert V4[37.0] < V4[27.0] < V4[17.0], V4
# 2. V is exactly linear in E_K for chord leaks, so the slope from the end points equals the
#    hand formula to rounding (1e-6 mV/decade); 41.7 mV/decade at 37 °C to the stated 0.05.
for T in slope_hand:
    assert abs(slope_sweep[T] - slope_hand[T]) < 1e-6, (T, slope_sweep[T], slope_hand[T])
assert abs(slope_hand[37.0] - 41.7) < 0.05, slope_hand[37.0]
# 3. E_K = Nernst at every point (CODATA R, F: 1e-9 mV is rounding).
assert (abs(ds["E_K"].values - E_K_hand) < 1e-9).all()

# %% tags=["solution"]
ds.vrest.plot()  # vrest's 2-D figure: V over [K]o × T (heat map with contours)
plt.show()

# %% tags=["solution"]
fig, ax = plt.subplots(figsize=(8, 5), layout="constrained")
for T, col in zip((17.0, 27.0, 37.0), ("C0", "C2", "C3")):
    ax.semilogx(k, ds["V"].sel(celsius=T), color=col, lw=2, label=f"V_rest, {T:g} °C")
    ax.semilogx(k, ds["E_K"].sel(celsius=T), color=col, ls="--", lw=1, label=f"E_K, {T:g} °C")
ax.axvline(4.0, color="0.6", ls=":", label="chapter: 4 mM")
ax.set_xticks([2, 3, 4, 6, 10, 20], ["2", "3", "4", "6", "10", "20"])
ax.minorticks_off()
ax.set_xlabel("[K⁺]ₒ (mM, log scale)")
ax.set_ylabel("potential (mV)")
ax.set_title("Warming hyperpolarizes; raised [K]ₒ depolarizes")
ax.legend(fontsize=10.5, ncol=2)
plt.show()
