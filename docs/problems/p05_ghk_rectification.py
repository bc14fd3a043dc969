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
# # Problem 05: The GHK equations and rectification
#
# **Part A — the squid axon.** Hodgkin and Katz (J. Physiol. 108, 37 (1949)) described the
# resting squid giant axon by permeability ratios P_K : P_Na : P_Cl = 1 : 0.04 : 0.45. With the
# classic squid concentrations (K⁺ 400/20, Na⁺ 50/440, Cl⁻ 52/560 mM inside/outside) at 20 °C,
# compute the GHK voltage `V_squid`. By hand: (RT/F) ln(61/654) = 25.26 mV × (−2.372) =
# −59.9 mV, close to the −60 mV or so at which isolated squid axons rest — and 16 mV above
# E_K = −75.7 mV.
#
# **Part B — rectification.** A K⁺ channel with P = 1e-6 cm/s, 140 mM K⁺ inside and 4 mM
# outside, 37 °C.
#
# 1. Compute the current density at V = 0, `J0` (µA/cm²). At V = 0 there is no field and the
#    GHK equation reduces to pure diffusion, J = P F (c_in − c_out) = 13.1 µA/cm².
# 2. The GHK channel rectifies although the channel itself has no gate: compute
#    `rect_40` = J(E_K + 40 mV) / |J(E_K − 40 mV)|, which the GHK current equation gives as
#    2.07 (outward current favoured), and the ratio of its slope conductances far from E_K,
#    `g_ratio` = g(+300 mV) / g(−400 mV), which tends to [K]in/[K]out = 35 (each limit carries
#    the concentration on the side the ions come from).

# %% [markdown]
# ## Physics
#
# With a constant field in the membrane and independent ions (Goldman 1943; Hodgkin & Katz
# 1949), the current density of ion $i$ (outward positive, $V = V_\mathrm{in} - V_\mathrm{out}$)
# is
#
# $$J_i = P_i z_i F\,\frac{u}{1 - e^{-u}}\left(c_{i,\mathrm{in}} - c_{i,\mathrm{out}}e^{-u}\right),
# \qquad u = \frac{z_i F V}{RT},$$
#
# with $u/(1 - e^{-u}) \to 1$ at $V = 0$. For $u \gg 1$, $J \approx P z^2F^2 V c_\mathrm{in}/RT$;
# for $u \ll -1$, $J \approx P z^2F^2 V c_\mathrm{out}/RT$: the slope conductance at large
# positive and negative V differs by the factor $c_\mathrm{in}/c_\mathrm{out}$ (Goldman
# rectification).
#
# Setting $\sum_i J_i = 0$ for monovalent ions gives the GHK voltage equation
#
# $$V = \frac{RT}{F}\ln\frac{\sum_\mathrm{cations}P_c[c]_\mathrm{out}
#   + \sum_\mathrm{anions}P_a[a]_\mathrm{in}}{\sum_\mathrm{cations}P_c[c]_\mathrm{in}
#   + \sum_\mathrm{anions}P_a[a]_\mathrm{out}} .$$
#
# At 20 °C, $RT/F = 25.26$ mV. Units: P in cm/s, c in mM (= mol/m³), J in µA/cm².

# %% [markdown] tags=["solution"]
# The squid axon rests 16 mV above E_K because Na⁺ and Cl⁻ also permeate. In the figure the
# GHK V follows E_K only at high [K⁺]ₒ; above about 70 mM it even lies below E_K, because the
# Cl⁻ concentrations are held at 52/560 mM (E_Cl = −60 mV) while E_K rises past it — in a real
# axon Cl⁻ would redistribute.

# %% tags=["solution"]
import matplotlib.pyplot as plt
import numpy as np

import vrest

plt.rcParams.update({"font.size": 12})
P_ratio = {"K": 1.0, "Na": 0.04, "Cl": 0.45}
squid_in = {"K": 400, "Na": 50, "Cl": 52}
squid_out = {"K": 20, "Na": 440, "Cl": 560}
V_squid = vrest.ghk_voltage(P_ratio, squid_in, squid_out, celsius=20)
E_K_squid = vrest.nernst(400, 20, 1, celsius=20)
print(f"squid axon: V_GHK = {V_squid:.2f} mV, E_K = {E_K_squid:.2f} mV")

P = 1e-6  # cm/s
E_K = vrest.nernst(140, 4, 1)
J0 = vrest.ghk_current_density(0.0, 140, 4, 1, P=P)
rect_40 = vrest.ghk_current_density(E_K + 40, 140, 4, 1, P=P) / abs(
    vrest.ghk_current_density(E_K - 40, 140, 4, 1, P=P)
)
g_ratio = vrest.ghk_slope_conductance(300, 140, 4, 1, P=P) / vrest.ghk_slope_conductance(
    -400, 140, 4, 1, P=P
)
print(f"J(0) = {J0:.2f} µA/cm²; J(E+40)/|J(E−40)| = {rect_40:.3f}; g(+300)/g(−400) = {g_ratio:.2f}")

# %% tags=["check"]
import math  # noqa: E402

# A: 25.262 × ln((20 + 0.04 × 440 + 0.45 × 52)/(400 + 0.04 × 50 + 0.45 × 560)) = −59.93 mV;
# the question's −59.9 is rounded to 0.1 mV.
assert abs(V_squid - (-59.9)) < 0.05
# B1: 1e-8 m/s × 96485 C/mol × 136 mol/m³ = 0.1312 A/m² = 13.12 µA/cm² (±0.01: rounding)
assert abs(J0 - 13.12) < 0.01
# B2: the GHK equation evaluated by hand (RT/F = 26.727 mV at 37 °C), independent of vrest
rtf = 8.314462618 * 310.15 / 96485.33212 * 1e3


def j_hand(V):
    u = V / rtf
    return V / rtf / (1 - math.exp(-u)) * (140 - 4 * math.exp(-u))


E_hand = rtf * math.log(4 / 140)
assert abs(rect_40 - 2.07) < 0.005
assert abs(rect_40 - j_hand(E_hand + 40) / abs(j_hand(E_hand - 40))) < 1e-6
# the slope ratio tends to 140/4 = 35; at +300/−400 mV the leftover terms are e^(−11) and
# V e^(−15)-sized: 0.1 % is ample
assert abs(g_ratio - 35) / 35 < 1e-3

# %% tags=["solution"]
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11.5, 4.5))
Vs = np.linspace(-150, 60, 300)
J = vrest.ghk_current_density(Vs, 140, 4, 1, P=P)
g_E = vrest.ghk_slope_conductance(E_K, 140, 4, 1, P=P)  # mS/cm² = µA/(cm² mV)
ax1.plot(Vs, J, "tab:blue", lw=2, label="GHK current, K⁺ 140/4 mM")
ax1.plot(Vs, g_E * (Vs - E_K), "k--", label="ohmic, same slope at E_K")
ax1.axhline(0, color="gray", lw=0.8)
ax1.axvline(E_K, color="tab:blue", lw=0.8, ls=":")
ax1.plot(0, J0, "o", color="tab:red", label=f"V = 0: P F Δc = {J0:.1f} µA/cm²")
ax1.set_xlabel("V (mV)")
ax1.set_ylabel("J (µA/cm², outward +)")
ax1.set_title("Goldman rectification, P = 1e-6 cm/s, 37 °C")
ax1.set_ylim(-8, 20)
ax1.legend(fontsize=11, loc="upper left")
ax1.grid(alpha=0.3)

K_out = np.logspace(0, np.log10(400), 80)
V_of_K = [vrest.ghk_voltage(P_ratio, squid_in, squid_out | {"K": k}, celsius=20) for k in K_out]
ax2.semilogx(K_out, V_of_K, "k", label="GHK, P 1 : 0.04 : 0.45")
ax2.semilogx(K_out, vrest.nernst(400, K_out, 1, celsius=20), "tab:blue", ls="--", label="E_K")
ax2.plot(20, V_squid, "o", color="tab:red", label=f"20 mM: {V_squid:.1f} mV")
ax2.set_xlabel("[K⁺]ₒ (mM, log scale)")
ax2.set_ylabel("V (mV)")
ax2.set_title("Squid axon, 20 °C (Hodgkin & Katz ratios)")
ax2.legend(fontsize=11)
ax2.grid(alpha=0.3, which="both")
fig.tight_layout()
plt.show()
