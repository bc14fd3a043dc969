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
# # Problem 01: The Nernst equation and the chapter's ion tables
#
# A typical mammalian neuron at body temperature (37 °C) holds, according to the chapter,
# 140 mM K⁺ inside and 4 mM outside, 15 mM Na⁺ inside and 145 mM outside, 10 mM Cl⁻ inside and
# 110 mM outside.
#
# 1. Compute the equilibrium (Nernst) potentials `E_K`, `E_Na`, `E_Cl` in mV. The chapter
#    states E_K ≈ −95 mV, E_Na ≈ +60 mV and E_Cl ≈ −65 mV (its summary of the exercise says
#    "−64 to −65 mV").
# 2. The chapter does not give Ca²⁺ concentrations. Take the textbook values 100 nM free Ca²⁺
#    inside and 2 mM outside (an assumption) and compute `E_Ca`: show that it is about
#    +132 mV, more positive than E_Na because of a 20 000-fold gradient, even though z = 2
#    halves the slope.
# 3. The chapter's conductance example (its §3) uses a second table: E_K ≈ −89 mV and
#    E_Na ≈ +61 mV. Keeping the inside concentrations (140 mM K⁺, 15 mM Na⁺), find the outside
#    concentrations `K_out_89` and `Na_out_61` (mM) that give those potentials. Show that
#    `K_out_89` ≈ 5 mM — the §3 table describes a neuron in a 5 mM K⁺ bath — and that
#    `Na_out_61` ≈ 147 mM, essentially the same Na⁺ gradient.
# 4. Compute the Nernst slope `slope_K`, the change of E_K per tenfold change of [K]ₒ at 37 °C,
#    in mV per decade: physics says 2.303 RT/F = 61.5 mV.

# %% [markdown]
# ## Physics
#
# The electrochemical potential of one mole of ion $i$ (valence $z_i$) in a compartment at
# electric potential $V$ is
#
# $$\tilde\mu_i = \mu_i^0 + RT\ln c_i + z_i F V .$$
#
# At equilibrium across the membrane $\tilde\mu_{i,\mathrm{in}} = \tilde\mu_{i,\mathrm{out}}$,
# which fixes the membrane potential $V = V_\mathrm{in} - V_\mathrm{out}$ at the Nernst potential
#
# $$E_i = \frac{RT}{z_i F}\ln\frac{c_{i,\mathrm{out}}}{c_{i,\mathrm{in}}}
#       = \frac{2.303\,RT}{z_i F}\log_{10}\frac{c_{i,\mathrm{out}}}{c_{i,\mathrm{in}}} .$$
#
# $R = 8.314\,462\,618\ \mathrm{J\,mol^{-1}\,K^{-1}}$ and $F = 96\,485.332\ \mathrm{C\,mol^{-1}}$
# (CODATA 2018), $T = 310.15$ K at 37 °C, so $RT/F = 26.73$ mV. Concentrations stand in for
# activities (the activity coefficients inside and outside are taken equal). Inverting,
# $c_\mathrm{out} = c_\mathrm{in}\,\exp(z F E / RT)$.
#
# The chapter rounds T to 310 K and R, F to four figures; that changes $RT/F$ by 0.05 %, far
# below the rounding of its answers.

# %% tags=["solution"]
import matplotlib.pyplot as plt
import numpy as np

import vrest

celsius = 37.0
E_K = vrest.nernst(140, 4, 1, celsius=celsius)
E_Na = vrest.nernst(15, 145, 1, celsius=celsius)
E_Cl = vrest.nernst(10, 110, -1, celsius=celsius)
E_Ca = vrest.nernst(100e-6, 2.0, 2, celsius=celsius)  # 100 nM = 1e-4 mM inside

# invert the Nernst equation: c_out = c_in exp(zE/(RT/F))
rtf = vrest.rt_over_f(celsius)  # RT/F in mV
K_out_89 = 140 * np.exp(-89 / rtf)
Na_out_61 = 15 * np.exp(61 / rtf)
slope_K = vrest.nernst(140, 40, 1, celsius=celsius) - vrest.nernst(140, 4, 1, celsius=celsius)

for name, value in [("E_K", E_K), ("E_Na", E_Na), ("E_Cl", E_Cl), ("E_Ca", E_Ca)]:
    print(f"{name:5s} = {value:+7.1f} mV")
print(f"[K]o for E_K = -89 mV: {K_out_89:.2f} mM;  [Na]o for E_Na = +61 mV: {Na_out_61:.1f} mM")
print(f"Nernst slope for K+: {slope_K:.2f} mV per decade")

# %% tags=["check"]
# Chapter values are rounded to the nearest mV (E_Cl: the chapter itself says "−64 to −65"),
# so ±1 mV covers its rounding; E_Ca and the slope are closed forms evaluated by hand:
# (RT/2F) ln(2 mM / 100 nM) = 13.36 mV × 9.90 = 132.3 mV and 2.303 × 26.73 mV = 61.55 mV.
assert abs(E_K - (-95)) < 1.0
assert abs(E_Na - 60) < 1.0
assert -65.5 < E_Cl < -63.5
assert abs(E_Ca - 132.3) < 0.5
assert E_Ca > E_Na
# the §3 table: [K]o = 140 exp(−89/26.73) = 5.0 mM; its ±0.5 mV rounding is ±2 % of [K]o
assert abs(K_out_89 - 5.0) < 0.15
assert abs(Na_out_61 - 147) < 3  # ±0.5 mV of rounding in +61 mV is ±2 % of [Na]o
assert abs(slope_K - 61.55) < 0.05

# %% tags=["solution"]
K_out = np.logspace(0, 2.3, 100)  # 1 to 200 mM
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4.2))
names = ["K⁺", "Na⁺", "Cl⁻", "Ca²⁺"]
values = [E_K, E_Na, E_Cl, E_Ca]
colors = ["tab:blue", "tab:orange", "tab:green", "tab:red"]
ax1.bar(names, values, color=colors)
for i, v in enumerate(values):
    ax1.annotate(f"{v:+.1f}", (i, v), ha="center", va="bottom" if v > 0 else "top", fontsize=11)
ax1.axhline(0, color="k", lw=0.8)
ax1.set_ylim(-130, 170)
ax1.set_ylabel("Nernst potential (mV)", fontsize=12)
ax1.set_title("Chapter neuron, 37 °C", fontsize=12)
ax1.tick_params(labelsize=11)

ax2.semilogx(K_out, vrest.nernst(140, K_out, 1, celsius=37), label="E_K, 37 °C")
ax2.semilogx(K_out, vrest.nernst(140, K_out, 1, celsius=20), "--", label="E_K, 20 °C")
ax2.plot([4, K_out_89], [E_K, -89], "o", color="k", label="chapter: 4 mM (§1), 5 mM (§3)")
ax2.set_xlabel("[K⁺]ₒ (mM, log scale)", fontsize=12)
ax2.set_ylabel("E_K (mV)", fontsize=12)
ax2.set_title(f"Slope {slope_K:.1f} mV per decade at 37 °C", fontsize=12)
ax2.grid(True, which="both", alpha=0.3)
ax2.legend(fontsize=11)
ax2.tick_params(labelsize=11)
fig.tight_layout()
plt.show()
