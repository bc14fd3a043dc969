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
# # Problem 06: Divalent ions in the GHK equations (Ca²⁺)
#
# Free Ca²⁺ is about 100 nM inside a cell and 2 mM outside (textbook values, an assumption:
# the chapter gives none), a 20 000-fold gradient, at 37 °C.
#
# 1. Compute the Ca²⁺ current density of a membrane with P_Ca = 1e-6 cm/s at V = 0,
#    `J0_Ca` (µA/cm²). By hand, J = P z F (c_in − c_out) = 1e-8 m/s × 2 × 96 485 C/mol ×
#    (−2.0 mol/m³) = −0.386 µA/cm².
# 2. How strongly does a Ca²⁺ channel rectify? Compute the ratio of its slope conductances at
#    +300 mV and −300 mV, `g_ratio_Ca`: the GHK limits give [Ca]in/[Ca]out = 5 × 10⁻⁵ — the
#    channel passes essentially no outward Ca²⁺ current below E_Ca = +132 mV.
# 3. A membrane permeable to K⁺ (140/4 mM) and Ca²⁺ with P_Ca/P_K = 0.5. Compute the resting
#    potential `V_KCa` from the GHK equation for mixed valences. Because Ca²⁺ is divalent the
#    zero-current condition is a quadratic in e^(−FV/RT) (see Physics); solving it by hand gives
#    −77.2 mV. Compute also `V_wrong`, what the monovalent GHK voltage formula would give if
#    Ca²⁺ were (wrongly) entered like a monovalent cation: −89.1 mV, 12 mV off.

# %% [markdown]
# ## Physics
#
# The GHK current equation holds for any valence $z$:
#
# $$J = P z F\,\frac{zu}{1 - e^{-zu}}\left(c_\mathrm{in} - c_\mathrm{out}e^{-zu}\right),
# \qquad u = \frac{FV}{RT},$$
#
# so $J(0) = P z F (c_\mathrm{in} - c_\mathrm{out})$ and the limiting slope conductances at
# large $|V|$ are $P z^2F^2c_\mathrm{in}/RT$ (outward) and $P z^2F^2c_\mathrm{out}/RT$ (inward).
#
# Zero total current for K⁺ and Ca²⁺ ($r = P_\mathrm{Ca}/P_\mathrm{K}$, $y = e^{-u}$):
#
# $$\frac{K_i - K_o y}{1-y} + 4r\,\frac{Ca_i - Ca_o y^2}{1-y^2} = 0
# \;\Longrightarrow\;
# (K_o + 4rCa_o)\,y^2 - (K_i - K_o)\,y - (K_i + 4rCa_i) = 0,$$
#
# whose positive root gives $V = -(RT/F)\ln y$ (Spangler 1972; Lewis 1979). The familiar
# logarithmic GHK voltage equation is valid only when every permeant ion has the same $|z|$.
# $RT/F = 26.73$ mV at 37 °C; 1 A/m² = 100 µA/cm².

# %% tags=["solution"]
import matplotlib.pyplot as plt
import numpy as np

import vrest

plt.rcParams.update({"font.size": 12})
ca_in, ca_out = 100e-6, 2.0  # mM
P = 1e-6  # cm/s
J0_Ca = vrest.ghk_current_density(0.0, ca_in, ca_out, 2, P=P)
g_ratio_Ca = vrest.ghk_slope_conductance(300, ca_in, ca_out, 2, P=P) / (
    vrest.ghk_slope_conductance(-300, ca_in, ca_out, 2, P=P)
)
E_Ca = vrest.nernst(ca_in, ca_out, 2)

c_in = {"K": 140, "Ca": ca_in}
c_out = {"K": 4, "Ca": ca_out}
V_KCa = vrest.ghk_voltage({"K": 1.0, "Ca": 0.5}, c_in, c_out)


# the mistake: Ca²⁺ entered as if monovalent in the logarithmic formula. vrest refuses
# z = 1 for "Ca" (VrestInputError), so the mistake needs a made-up monovalent ion "X".
def as_monovalent(ratio):
    return vrest.ghk_voltage(
        {"K": 1.0, "X": ratio}, {"K": 140, "X": ca_in}, {"K": 4, "X": ca_out}, z={"X": 1}
    )


V_wrong = as_monovalent(0.5)
print(f"J_Ca(0) = {J0_Ca:.3f} µA/cm²; g(+300)/g(−300) = {g_ratio_Ca:.2e}; E_Ca = {E_Ca:.1f} mV")
print(f"K⁺ + Ca²⁺ (P_Ca/P_K = 0.5): V = {V_KCa:.2f} mV; as if monovalent: {V_wrong:.2f} mV")

# %% tags=["check"]
import math  # noqa: E402

# 1. −1e-8 × 192970.66 × 1.9999 A/m² = −3.859e-3 A/m² = −0.3859 µA/cm² (±0.001: rounding)
assert abs(J0_Ca - (-0.386)) < 0.001
# 2. limit 1e-4/2 = 5e-5; at ±300 mV the leftover terms are e^(−22)-sized, far below 1 %
assert abs(g_ratio_Ca / 5e-5 - 1) < 0.01
# 3. the quadratic solved by hand (RT/F = 26.727 mV at 310.15 K)
rtf = 8.314462618 * 310.15 / 96485.33212 * 1e3
a, b, c = 4 + 4 * 0.5 * 2.0, 140 - 4, 140 + 4 * 0.5 * 100e-6
y = (b + math.sqrt(b * b + 4 * a * c)) / (2 * a)
assert abs(-rtf * math.log(y) - (-77.2)) < 0.05  # the stated number is the hand root
assert abs(V_KCa - (-77.2)) < 0.05
# monovalent formula by hand: (RT/F) ln((4 + 0.5 × 2)/(140 + 0.5 × 1e-4)) = −89.06 mV
assert abs(V_wrong - (-89.1)) < 0.05

# %% tags=["solution"]
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11.5, 4.5))
Vs = np.linspace(-100, 160, 300)
ax1.plot(
    Vs,
    vrest.ghk_current_density(Vs, ca_in, ca_out, 2, P=P),
    "tab:red",
    lw=2,
    label="GHK, Ca²⁺ 100 nM / 2 mM",
)
ax1.axhline(0, color="gray", lw=0.8)
ax1.axvline(E_Ca, color="tab:red", ls=":", label=f"E_Ca = {E_Ca:.0f} mV")
ax1.plot(0, J0_Ca, "ko", label=f"V = 0: {J0_Ca:.3f} µA/cm²")
ax1.set_xlabel("V (mV)")
ax1.set_ylabel("J_Ca (µA/cm², outward +)")
ax1.set_title("Ca²⁺ current: inward only, P = 1e-6 cm/s")
ax1.legend(fontsize=11, loc="lower right")
ax1.grid(alpha=0.3)

ratios = np.logspace(-3, 1, 60)
V_right = [vrest.ghk_voltage({"K": 1.0, "Ca": r}, c_in, c_out) for r in ratios]
V_mono = [as_monovalent(r) for r in ratios]
ax2.semilogx(ratios, V_right, "k", lw=2, label="GHK with z_Ca = 2 (quadratic)")
ax2.semilogx(ratios, V_mono, "k--", label="monovalent formula (wrong)")
ax2.axhline(vrest.nernst(140, 4, 1), color="tab:blue", ls=":", label="E_K")
ax2.plot(0.5, V_KCa, "o", color="tab:red", label=f"P_Ca/P_K = 0.5: {V_KCa:.1f} mV")
ax2.set_xlabel("P_Ca / P_K (log scale)")
ax2.set_ylabel("V (mV)")
ax2.set_title("K⁺ + Ca²⁺ membrane, 37 °C")
ax2.legend(fontsize=11)
ax2.grid(alpha=0.3, which="both")
fig.tight_layout()
plt.show()
