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
# # Problem 09: The Mullins–Noda equation — a pump in the GHK voltage equation
#
# At a true steady state of a K⁺/Na⁺ membrane with a 3 Na⁺ : 2 K⁺ pump, the pump exports the
# Na⁺ that leaks in and imports the K⁺ that leaks out, so the passive Na⁺ influx and K⁺ efflux
# must stand in the ratio 3 : 2. Mullins and Noda (J. Gen. Physiol. 47, 117 (1963)) turned
# that condition into a voltage equation.
#
# Take the chapter's concentrations (K⁺ 140/4, Na⁺ 15/145 mM), P_Na/P_K = 0.04 (the
# Hodgkin–Katz ratio, an assumption for this neuron) and 37 °C; Cl⁻ is passively distributed
# and drops out.
#
# 1. Compute the Mullins–Noda potential `V_MN` with the coupling ratio r = 3/2. By hand:
#    (RT/F) ln((1.5 × 4 + 0.04 × 145)/(1.5 × 140 + 0.04 × 15)) = 26.73 mV × ln(11.8/210.6) =
#    −77.0 mV.
# 2. Compute the GHK potential without the pump's ratio (r = 1), `V_GHK`: by hand
#    26.73 mV × ln(9.8/140.6) = −71.2 mV. The pump's share is `dV_MN` = V_MN − V_GHK = −5.8 mV.
# 3. Verify the premise: at V_MN the GHK currents of Na⁺ and K⁺ stand in the pump's ratio,
#    `leak_ratio` = −I_Na/I_K = 1.5 (Na⁺ in : K⁺ out = 3 : 2).
# 4. How does V depend on the coupling ratio? Compute `V_r3` for a hypothetical pump with
#    r = 3 (3 Na⁺ : 1 K⁺): by hand 26.73 mV × ln(17.8/420.6) = −84.5 mV.

# %% [markdown]
# ## Physics
#
# GHK currents (outward positive), per unit area, $u = FV/RT$:
# $I_\mathrm{K} = P_\mathrm{K}F u\,(K_i - K_o e^{-u})/(1 - e^{-u})$ and the same for Na⁺. The
# pump moves $r$ Na⁺ out per K⁺ in, so at steady state the leaks satisfy
# $I_\mathrm{Na} = -r\,I_\mathrm{K}$. The common factor $Fu/(1 - e^{-u})$ cancels:
#
# $$P_\mathrm{Na}(Na_i - Na_o e^{-u}) = -r P_\mathrm{K}(K_i - K_o e^{-u})
# \;\Rightarrow\;
# V = \frac{RT}{F}\ln\frac{rP_\mathrm{K}K_o + P_\mathrm{Na}Na_o}{rP_\mathrm{K}K_i
#     + P_\mathrm{Na}Na_i}.$$
#
# With $r = 1$ this is the GHK voltage equation (no net pump current); the pump's electrogenic
# effect enters as if $P_\mathrm{K}$ were multiplied by $r$. $RT/F = 26.73$ mV at 37 °C.

# %% tags=["solution"]
import matplotlib.pyplot as plt
import numpy as np

import vrest

plt.rcParams.update({"font.size": 12})
P = {"K": 1.0, "Na": 0.04}
c_in = {"K": 140, "Na": 15}
c_out = {"K": 4, "Na": 145}
V_MN = vrest.mullins_noda_voltage(P, c_in, c_out, r=1.5)
V_GHK = vrest.ghk_voltage(P, c_in, c_out)
dV_MN = V_MN - V_GHK
J_K = vrest.ghk_current_density(V_MN, 140, 4, 1, P=P["K"])
J_Na = vrest.ghk_current_density(V_MN, 15, 145, 1, P=P["Na"])
leak_ratio = -J_Na / J_K
V_r3 = vrest.mullins_noda_voltage(P, c_in, c_out, r=3.0)
print(f"V_MN = {V_MN:.2f} mV, V_GHK = {V_GHK:.2f} mV, pump share {dV_MN:.2f} mV")
print(f"at V_MN: −I_Na/I_K = {leak_ratio:.6f}; with r = 3: {V_r3:.2f} mV")

# %% tags=["check"]
# hand values (RT/F = 26.727 mV), rounded to 0.1 mV in the question
assert abs(V_MN - (-77.0)) < 0.05
assert abs(V_GHK - (-71.2)) < 0.05
assert abs(dV_MN - (-5.8)) < 0.06  # difference of two numbers each rounded to ±0.05 mV
# the premise holds exactly (to the solver's floating-point rounding)
assert abs(leak_ratio - 1.5) < 1e-9
assert abs(V_r3 - (-84.5)) < 0.05

# %% tags=["solution"]
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11.5, 4.5))
K_out = np.logspace(0, 2, 60)
for r, style in ((1.0, "--"), (1.5, "-"), (3.0, ":")):
    V = [vrest.mullins_noda_voltage(P, c_in, c_out | {"K": k}, r=r) for k in K_out]
    ax1.semilogx(K_out, V, "k", ls=style, label=f"r = {r:g}" + (" (GHK)" if r == 1 else ""))
ax1.semilogx(K_out, vrest.nernst(140, K_out, 1), color="tab:blue", label="E_K")
ax1.set_xlabel("[K⁺]ₒ (mM, log scale)")
ax1.set_ylabel("V (mV)")
ax1.set_title("Mullins–Noda, P_Na/P_K = 0.04, 37 °C")
ax1.legend(fontsize=11)
ax1.grid(alpha=0.3, which="both")

r_values = np.linspace(1, 4, 61)
ax2.plot(r_values, [vrest.mullins_noda_voltage(P, c_in, c_out, r=r) for r in r_values], "k")
ax2.axhline(vrest.nernst(140, 4, 1), color="tab:blue", ls="--", label="E_K")
ax2.plot(1.5, V_MN, "o", color="tab:red", label=f"3 : 2 pump: {V_MN:.1f} mV")
ax2.plot(1.0, V_GHK, "s", color="tab:gray", label=f"no net pump current: {V_GHK:.1f} mV")
ax2.set_xlabel("coupling ratio r (Na⁺ out per K⁺ in)")
ax2.set_ylabel("V (mV)")
ax2.set_title("A more electrogenic pump pulls V toward E_K")
ax2.legend(fontsize=11)
ax2.grid(alpha=0.3)
fig.tight_layout()
plt.show()
