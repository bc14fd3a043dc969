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
# # Problem 07: Selectivity and the free-energy difference ΔΔG
#
# The chapter explains K⁺ selectivity by the selectivity filter: its carbonyl oxygens replace
# the water around a K⁺ ion (radius 1.38 Å) but not around the smaller Na⁺ (1.02 Å), so Na⁺
# crosses a higher barrier. All parts at T = 310 K, as in the chapter.
#
# 1. Check the radii in vrest's ion table, `radius_K` and `radius_Na` (Å), against the
#    chapter's 1.38 and 1.02 Å.
# 2. The chapter: a barrier difference ΔΔG = ΔG‡_Na − ΔG‡_K = 12 kJ/mol gives
#    P_K/P_Na = e^4.66 ≈ 105. Compute `ratio_12`.
# 3. Hodgkin and Katz's squid-axon ratio P_Na/P_K = 0.04: what barrier difference `ddG_HK`
#    (kJ/mol) does it mean? By hand, RT ln 25 = 2.577 kJ/mol × 3.219 = 8.30 kJ/mol — smaller
#    than the chapter's 12 kJ/mol: a leaky membrane is not a pure K⁺ channel.
# 4. Bi-ionic conditions: 140 mM K⁺ inside only, 140 mM Na⁺ outside only. Compute the reversal
#    potential `E_biionic` of a channel with the chapter's P_K/P_Na = 105.2: by hand
#    (RT/F) ln(P_Na/P_K) = 26.71 mV × (−4.656) = −124.4 mV.
# 5. Inverse: a bi-ionic experiment (same solutions) measures E_rev = −80 mV. Compute the
#    permeability ratio `ratio_measured` = P_Na/P_K and its barrier difference
#    `ddG_measured`: by hand e^(−80/26.71) = 0.0500 and RT ln 20.0 = 7.72 kJ/mol.

# %% [markdown]
# ## Physics
#
# Transition-state (Eyring) theory: the rate of crossing a barrier of height $\Delta G^\ddagger_i$
# is proportional to $\exp(-\Delta G^\ddagger_i/RT)$, so
#
# $$\frac{P_\mathrm{K}}{P_\mathrm{Na}} = \exp\left(\frac{\Delta\Delta G}{RT}\right),\qquad
# \Delta\Delta G = \Delta G^\ddagger_\mathrm{Na} - \Delta G^\ddagger_\mathrm{K}.$$
#
# $RT = 2.577$ kJ/mol at 310 K. In bi-ionic conditions (ion A only inside, ion B only outside,
# both monovalent cations) the GHK voltage equation gives the reversal potential
#
# $$E_\mathrm{rev} = \frac{RT}{F}\ln\frac{P_\mathrm{B}[\mathrm{B}]_\mathrm{out}}
#   {P_\mathrm{A}[\mathrm{A}]_\mathrm{in}}$$
#
# (Hille 2001, ch. 14), so a measured $E_\mathrm{rev}$ gives the permeability ratio — the usual
# way selectivity is measured. $RT/F = 26.71$ mV at 310 K.

# %% tags=["solution"]
import matplotlib.pyplot as plt
import numpy as np

import vrest

plt.rcParams.update({"font.size": 12})
T_C = 36.85  # 310 K, the chapter's temperature
table = vrest.ion_table()
radius_K, radius_Na = table.loc["K", "radius_A"], table.loc["Na", "radius_A"]

ratio_12 = vrest.permeability_ratio_from_ddG(12.0, celsius=T_C)  # P_K/P_Na
ddG_HK = vrest.ddG_from_permeability_ratio(1 / 0.04, celsius=T_C)  # P_K/P_Na = 25
E_biionic = vrest.biionic_reversal_potential(
    1 / ratio_12, c_ref_in=140, c_test_out=140, test="Na", ref="K", celsius=T_C
)
ratio_measured = vrest.permeability_ratio_biionic(
    -80.0, c_ref_in=140, c_test_out=140, test="Na", ref="K", celsius=T_C
)
ddG_measured = vrest.ddG_from_permeability_ratio(1 / ratio_measured, celsius=T_C)
print(f"radii: K⁺ {radius_K} Å, Na⁺ {radius_Na} Å")
print(f"ΔΔG = 12 kJ/mol → P_K/P_Na = {ratio_12:.1f}")
print(f"P_Na/P_K = 0.04 → ΔΔG = {ddG_HK:.2f} kJ/mol")
print(f"bi-ionic E_rev for P_K/P_Na = {ratio_12:.1f}: {E_biionic:.1f} mV")
print(f"E_rev = −80 mV → P_Na/P_K = {ratio_measured:.4f}, ΔΔG = {ddG_measured:.2f} kJ/mol")

# %% tags=["check"]
# 1. the chapter's radii, to the 0.01 Å it gives
assert abs(radius_K - 1.38) < 0.005 and abs(radius_Na - 1.02) < 0.005
# 2. exp(12000/(8.3145 × 310)) = e^4.656 = 105.2; the chapter rounds to 105 (±1)
assert abs(ratio_12 - 105) < 1
# 3. 2.5775 kJ/mol × ln 25 = 8.297 kJ/mol (±0.005: rounding to 8.30)
assert abs(ddG_HK - 8.30) < 0.005
# 4. 26.714 mV × ln(1/105.2) = −124.4 mV (±0.05)
assert abs(E_biionic - (-124.4)) < 0.05
# 5. exp(−80/26.714) = 0.05003; 2.5775 × ln(19.99) = 7.72 kJ/mol
assert abs(ratio_measured - 0.0500) < 0.0005 and abs(ddG_measured - 7.72) < 0.005

# %% tags=["solution"]
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11.5, 4.5))
ddG = np.linspace(0, 20, 201)
ax1.semilogy(ddG, vrest.permeability_ratio_from_ddG(ddG, celsius=T_C), "k", label="310 K")
ax1.semilogy(ddG, vrest.permeability_ratio_from_ddG(ddG, celsius=0), "k--", label="273 K")
ax1.plot(12, ratio_12, "o", color="tab:red", label=f"chapter: 12 kJ/mol → {ratio_12:.0f}")
ax1.plot(ddG_HK, 25, "s", color="tab:blue", label=f"Hodgkin–Katz: 25 → {ddG_HK:.1f} kJ/mol")
ax1.set_xlabel("ΔΔG = ΔG‡_Na − ΔG‡_K (kJ/mol)")
ax1.set_ylabel("P_K / P_Na (log scale)")
ax1.set_title("Transition-state selectivity")
ax1.legend(fontsize=11)
ax1.grid(alpha=0.3, which="both")

ratios = np.logspace(-3, 0, 61)  # P_Na/P_K
E_rev = [
    vrest.biionic_reversal_potential(
        r, c_ref_in=140, c_test_out=140, test="Na", ref="K", celsius=T_C
    )
    for r in ratios
]
ax2.semilogx(ratios, E_rev, "k")
ax2.plot(1 / ratio_12, E_biionic, "o", color="tab:red", label=f"P_K/P_Na = 105: {E_biionic:.0f} mV")
ax2.plot(ratio_measured, -80, "s", color="tab:green", label="measured −80 mV → 0.050")
ax2.set_xlabel("P_Na / P_K (log scale)")
ax2.set_ylabel("bi-ionic E_rev (mV)")
ax2.set_title("140 mM K⁺ inside | 140 mM Na⁺ outside")
ax2.legend(fontsize=11)
ax2.grid(alpha=0.3, which="both")
fig.tight_layout()
plt.show()
