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
# # Problem 20: Correcting a recording for the liquid junction potential
#
# In whole-cell recording the pipette solution (K-gluconate) meets the bath (ACSF) at the pipette
# tip. Because their ions diffuse at different speeds, a **liquid junction potential** (LJP)
# forms there; the amplifier is zeroed with it present, so every potential recorded afterwards
# is off by it. For the K-gluconate internal and ACSF of `examples/solutions/` the stationary
# Nernst–Planck calculation of LJPcalc (S. W. Harden's open-source junction-potential
# calculator, its "Patch Clamp (K-glu)" example) gives **+15.73 mV** at 25 °C (bath relative to
# pipette).
#
# 1. Compute the LJP with vrest (`ljp_np`, Nernst–Planck, mV) and compare with +15.73 mV.
# 2. Compute it by hand with the Henderson equation (`ljp_henderson_hand`, mV) from the ions'
#    diffusion coefficients (vrest's mobility table) and compare with vrest's Henderson value
#    (`ljp_henderson`). How much do the two methods differ?
# 3. A neuron recorded with these solutions reads **V_measured = −60.0 mV** (a hypothetical
#    recording; `V_measured`). Compute the true membrane potential `V_m` (mV).
# 4. Show that the LJP scales with the absolute temperature: `ljp_33` at 33 °C is
#    `ljp_np` × 306.15/298.15.

# %% [markdown]
# ## Physics
#
# Each ion i (valence $z_i$, diffusion coefficient $D_i$) diffuses down its gradient across the
# junction; the faster ions run ahead and charge the far side until the current vanishes. The
# **Henderson equation** assumes linear concentration profiles across the junction:
#
# $$V_L = V_{\rm bath} - V_{\rm pip} = -\frac{RT}{F}\,
# \frac{\sum_i z_i D_i\,(c_i^{\rm bath} - c_i^{\rm pip})}{\sum_i z_i^2 D_i\,(c_i^{\rm bath} -
# c_i^{\rm pip})}\;\ln\frac{\sum_i z_i^2 D_i\,c_i^{\rm bath}}{\sum_i z_i^2 D_i\,c_i^{\rm pip}}.$$
#
# The stationary Nernst–Planck (Planck) junction solves the electrodiffusion equations with
# electroneutrality instead; the two differ by a few tenths of a mV for typical solutions.
# Only ratios of D enter, and they are taken as temperature-independent (Walden's rule), so the
# LJP is proportional to T.
#
# **Correction.** With the patch-clampers' sign (bath relative to pipette), the amplifier reads
# $V_{\rm measured} = V_m + V_L$, so
#
# $$V_m = V_{\rm measured} - V_L.$$
#
# A positive LJP means the cell is more negative than it reads.

# %% tags=["solution"]
import matplotlib.pyplot as plt
import numpy as np

import vrest
from vrest.ljp import ljp, load_solution, mobility_table

plt.rcParams.update({"font.size": 12})
pip = load_solution("examples/solutions/k_gluconate_pipette.toml")
bath = load_solution("examples/solutions/acsf.toml")
r_np = ljp(pip, bath, celsius=25.0)
r_h = ljp(pip, bath, celsius=25.0, method="henderson")
ljp_np, ljp_henderson = r_np.value, r_h.value

# Henderson by hand
table = mobility_table()
ions = sorted(set(pip) | set(bath))
z = np.array([table[i].z for i in ions], dtype=float)
D = np.array([table[i].D_1e5_cm2_s for i in ions])
c_p = np.array([pip.get(i, 0.0) for i in ions])
c_b = np.array([bath.get(i, 0.0) for i in ions])
RT_F = vrest.R * vrest.kelvin(25.0) / vrest.F * 1e3  # mV
dc = c_b - c_p
log_term = np.log(np.sum(z**2 * D * c_b) / np.sum(z**2 * D * c_p))
share = -RT_F * log_term * z * D * dc / np.sum(z**2 * D * dc)  # each ion's part, mV
ljp_henderson_hand = float(share.sum())

V_measured = -60.0  # mV, a hypothetical recording
V_m = V_measured - ljp_np
ljp_33 = ljp(pip, bath, celsius=33.0).value
print(f"LJP: Nernst–Planck {ljp_np:+.3f} mV, Henderson {ljp_henderson:+.3f} mV "
      f"(by hand {ljp_henderson_hand:+.3f}); at 33 °C {ljp_33:+.3f} mV")  # fmt: skip
print(f"measured {V_measured:.1f} mV → V_m = {V_m:.2f} mV")

# %% tags=["check"]
# 1. LJPcalc's value is given to 0.01 mV; the mobility tables differ in the 3rd digit for
#    gluconate and HEPES: allow 0.05 mV.
assert abs(ljp_np - 15.73) < 0.05, ljp_np
# 2. Henderson by hand = vrest's Henderson (same equation and D: 1e-9 mV is rounding); the two
#    methods within 1 mV of each other (a few tenths is typical).
assert abs(ljp_henderson_hand - ljp_henderson) < 1e-9, (ljp_henderson_hand, ljp_henderson)
assert abs(ljp_np - ljp_henderson) < 1.0
# 3. The correction: V_m = V_measured − LJP, so the cell is ~15.7 mV more negative than read.
assert abs(V_m - (V_measured - 15.73)) < 0.05, V_m
# 4. LJP ∝ T (Walden's rule): the ratio of absolute temperatures, to 1e-6 (solver tolerance).
assert abs(ljp_33 / ljp_np - 306.15 / 298.15) < 1e-6, ljp_33 / ljp_np

# %% tags=["solution"]
fig, (a1, a2) = plt.subplots(1, 2, figsize=(12, 4.8), layout="constrained",
                             gridspec_kw={"width_ratios": [1.3, 1]})  # fmt: skip
order = np.argsort(share)
cols = ["C3" if s > 0 else "C0" for s in share[order]]
a1.barh([f"{ions[k]} ({pip.get(ions[k], 0):g} | {bath.get(ions[k], 0):g} mM)" for k in order],
        share[order], color=cols)  # fmt: skip
a1.axvline(0, color="k", lw=0.8)
a1.set_ylabel("ion (pipette | bath, mM)")
a1.set_xlabel("share of the LJP (Henderson, mV)")
a1.set_title(f"Henderson: each ion's share, sum {ljp_henderson:+.2f} mV")
a1.tick_params(axis="y", labelsize=11)
T = np.linspace(15, 40, 6)
a2.plot(T, [ljp(pip, bath, celsius=t).value for t in T], "ko-", label="Nernst–Planck")
a2.plot(T, [ljp(pip, bath, celsius=t, method="henderson").value for t in T], "s--",
        color="C1", label="Henderson")  # fmt: skip
a2.plot([25], [15.73], "C3*", ms=14, label="LJPcalc, 25 °C")
a2.set_xlabel("temperature (°C)")
a2.set_ylabel("LJP, bath relative to pipette (mV)")
a2.set_title("K-gluconate pipette | ACSF")
a2.legend(fontsize=11)
plt.show()
