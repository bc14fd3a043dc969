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
# # Problem 25 (combined): A measured V against the model — LJP, uncertainty and "why V is here"
#
# Combines the LJP correction (problem 20), the chord model (§3), the pump's share (§5) and
# error propagation. A whole-cell recording from a neuron like the chapter's (K-gluconate
# pipette, ACSF bath, 37 °C) reads **V_measured = −68.0 mV** (a hypothetical recording; assume
# ±1 mV for the reading itself). The model is the chapter neuron (`load_preset("chapter_neuron")`).
#
# 1. Correct the reading for the LJP at 37 °C (`V_m`, `ljp_37`, mV; the model's V: `V_model`).
#    Problem 20 gave +15.73 mV at 25 °C; the LJP scales with T, so expect
#    15.73 × 310.15/298.15 = **16.36 mV**.
# 2. "Why V is here": split the model's V into each mechanism's share (`shares`, dict mV) and
#    check that they sum to V and that the pump's share is −I_pump/G_total (`pump_share_hand`;
#    chapter §5: −1 to −5 mV in typical neurons).
# 3. Propagate **assumed** input uncertainties (one standard deviation: [K]ₒ 4 ± 0.5 mM, [Cl]ᵢ
#    10 ± 3 mM, each leak conductance ± 20 %) to V, linearly (`sigma_lin`, checked by hand from
#    the sensitivities: `sigma_hand`) and by Monte Carlo (`sigma_mc` ± `se_mc`).
# 4. Is the corrected measurement consistent with the model (`z` = difference / combined σ)?

# %% [markdown]
# ## Physics
#
# **Correction** (problem 20): $V_m = V_{\rm measured} - V_L$, $V_L \propto T$.
#
# **Shares.** At rest (chord leaks, V = V_in − V_out, outward positive)
# $\sum_i g_i(V - E_i) + I_{\rm pump} = 0$, so exactly
#
# $$V = \sum_i \frac{g_i}{G} E_i - \frac{I_{\rm pump}}{G},\qquad G = \sum_i g_i:$$
#
# each leak contributes $g_iE_i/G$ and the pump $-I_{\rm pump}/G$.
#
# **Uncertainty.** For independent inputs θ with standard deviations σ_θ, to first order
#
# $$\sigma_V^2 = \sum_\theta \left(\frac{\partial V}{\partial\theta}\right)^2\sigma_\theta^2,$$
#
# with $\partial V/\partial\theta$ from implicit differentiation of the zero-current condition.
# Monte Carlo draws the inputs and re-solves: it includes the nonlinearity (E_Cl is logarithmic
# in [Cl]ᵢ, and a 30 % spread is not small), so the two σ differ by several percent.
#
# **Consistency.** $z = (V_m - V_{\rm model})/\sqrt{\sigma_V^2 + \sigma_{\rm meas}^2}$; |z| < 2
# means no evidence against the model at about the 5 % level. The uncertainties are
# **assumptions** of this problem (typical spreads), not data.

# %% tags=["solution"]
import matplotlib.pyplot as plt
import numpy as np

from vrest.explain import explain, uncertainty
from vrest.measure import compare
from vrest.presets import load_preset

plt.rcParams.update({"font.size": 12})
cell = load_preset("chapter_neuron")
V_MEASURED, SIGMA_MEAS = -68.0, 1.0  # mV (hypothetical recording)
cmp = compare(cell, V_MEASURED, pipette="examples/solutions/k_gluconate_pipette.toml",
              bath="examples/solutions/acsf.toml")  # fmt: skip
V_m, ljp_37, V_model = cmp.corrected, cmp.ljp, cmp.model
print(cmp.table())

ex = explain(cell, tornado=False)
shares = {s.name: s.share for s in ex.shares}
rest = ex.result
pump_share_hand = -rest.i_pump / rest.G_total  # mV (chapter §5)
print({k: round(v, 3) for k, v in shares.items()}, f"sum {sum(shares.values()):.4f}, V {ex.V:.4f}")

ASSUMED = {"K.c_out": "4 ± 0.5 mM", "Cl.c_in": "10 ± 3 mM", "K.g": "20%", "Na.g": "20%",
           "Cl.g": "20%"}  # fmt: skip
u = uncertainty(cell, ASSUMED, n=1000, seed=25)
sigma_lin, sigma_mc, se_mc = u.sigma_V_linear, u.sigma_V_mc, u.se_sigma_V_mc
dV = {s.path: s.dV for s in ex.sensitivities}
sigma_hand = np.sqrt(sum((dV[path] * sd) ** 2 for path, _, sd, _ in u.inputs))
z = (V_m - V_model) / np.hypot(sigma_lin, SIGMA_MEAS)
print(f"σ_V: linear {sigma_lin:.3f} (by hand {sigma_hand:.3f}), Monte Carlo {sigma_mc:.3f} ± "
      f"{se_mc:.3f} mV; z = {z:+.2f}")  # fmt: skip

# %% tags=["check"]
# 1. LJP ∝ T from problem 20's 15.73 mV at 25 °C (given to 0.01 mV, so ±0.05 as there).
assert abs(ljp_37 - 15.73 * 310.15 / 298.15) < 0.05, ljp_37
assert abs(V_m - (-68.0 - ljp_37)) < 1e-12
# 2. The shares sum to V (an identity; 1e-9 mV) and the pump's share is −I_pump/G (chapter §5),
#    within the chapter's −1 to −5 mV.
assert abs(sum(shares.values()) - V_model) < 1e-9
assert abs(shares["pump"] - pump_share_hand) < 1e-9
assert -5 < shares["pump"] < -1, shares["pump"]
# 3. Linear σ by hand from the sensitivities (same numbers: 1e-9 relative); Monte Carlo within
#    4 of its standard errors plus 15 % for the nonlinearity of a 30 % spread in [Cl]i.
assert abs(sigma_hand / sigma_lin - 1) < 1e-9, (sigma_hand, sigma_lin)
assert abs(sigma_mc - sigma_lin) < 4 * se_mc + 0.15 * sigma_lin, (sigma_mc, sigma_lin)
# 4. The verdict for this recording: consistent (|z| < 2).
assert abs(z) < 2, z

# %% tags=["solution"]
fig, (a1, a2) = plt.subplots(1, 2, figsize=(12, 4.8), layout="constrained")
names = list(shares)
a1.barh(names, [shares[n] for n in names], color=["C0", "C3", "C2", "C7"][: len(names)])
a1.axvline(0, color="k", lw=0.8)
for i, n in enumerate(names):
    a1.text(shares[n], i, f" {shares[n]:+.1f} mV ", va="center",
            ha="right" if shares[n] < 0 else "left", fontsize=11)  # fmt: skip
a1.set_xlim(-80, 15)
a1.set_xlabel("share of V (mV): g_i E_i / G and −I_pump / G")
a1.set_title(f"Why V = {ex.V:.1f} mV")
labels = ["measured", "corrected\n(− LJP)", "model ± σ_V"]
vals = [V_MEASURED, V_m, V_model]
errs = [SIGMA_MEAS, SIGMA_MEAS, sigma_lin]
a2.errorbar(range(3), vals, yerr=errs, fmt="o", ms=9, capsize=6, color="k")
a2.annotate("", xy=(1, V_m), xytext=(0, V_MEASURED),
            arrowprops=dict(arrowstyle="->", color="C1", lw=2))  # fmt: skip
a2.text(0.62, 0.5 * (V_MEASURED + V_m), f"LJP {ljp_37:+.1f} mV", color="C1", fontsize=11,
        ha="left")  # fmt: skip
a2.set_xticks(range(3), labels)
a2.set_xlim(-0.5, 2.5)
a2.set_ylabel("V (mV)")
a2.set_title(f"Measurement vs model: z = {z:+.2f}")
plt.show()
