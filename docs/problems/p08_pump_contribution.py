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
# # Problem 08: The pump's electrogenic contribution
#
# The Na⁺/K⁺ pump moves 3 Na⁺ out and 2 K⁺ in per cycle: one net positive charge out, an
# outward current I_pump. The chapter (its §5): V_with pump = V_no pump − I_pump/G_total, a
# contribution ΔV_pump = −I_pump/G_total that is always negative and typically −1 to −5 mV in
# neurons.
#
# Use the chapter neuron (preset `chapter_neuron`: K⁺ 140/4, Na⁺ 15/145, Cl⁻ 10/110 mM;
# g_K, g_Na, g_Cl = 100, 4, 45 nS — the absolute size is an assumption — and a pump that
# returns exactly the Na⁺ that leaks in), 37 °C.
#
# 1. Compute the pump current `I_pump` (pA). By hand (problem 03: V = −82.78 mV), the pump
#    carries one third of the Na⁺ leak current: 4 nS × (60.63 + 82.78) mV / 3 = 191.2 pA.
# 2. Compute `V_no_pump`, the chord-conductance V with the same concentrations and no pump
#    current: by hand (100 × −95.02 + 4 × 60.63 + 45 × −64.09)/149 = −81.50 mV.
# 3. Compute `dV_pump` = −I_pump/G_total: −191.2 pA / 149 nS = −1.28 mV, inside the chapter's
#    −1 to −5 mV, and check it equals `V_rest` − V_no_pump, where `V_rest` is the cell's V with
#    its pump (−82.78 mV).
# 4. What pump current `I_for_5mV` (pA) would give the chapter's upper value, −5 mV, with the
#    same membrane? 5 mV × 149 nS = 745 pA.

# %% [markdown]
# ## Physics
#
# Chord model with an outward pump current (outward positive):
#
# $$\sum_i g_i (V - E_i) + I_\mathrm{pump} = 0 \;\Rightarrow\;
#   V = \underbrace{\frac{\sum_i g_iE_i}{G}}_{V_\mathrm{no\,pump}} - \frac{I_\mathrm{pump}}{G},
#   \qquad G = \sum_i g_i .$$
#
# A pump of 3 Na⁺ : 2 K⁺ cycling $r$ times per second carries $I_\mathrm{pump} = r e$; if it
# exports exactly the Na⁺ leak, $3re = -I_\mathrm{Na} = g_\mathrm{Na}(E_\mathrm{Na} - V)$, so
# $I_\mathrm{pump} = g_\mathrm{Na}(E_\mathrm{Na} - V)/3$ and
#
# $$\Delta V_\mathrm{pump} = -\frac{g_\mathrm{Na}(E_\mathrm{Na} - V)}{3G}:$$
#
# the leakier the membrane to Na⁺, the harder the pump works and the larger its direct
# contribution. (The pump's main effect — keeping $E_\mathrm{K}$ and $E_\mathrm{Na}$ where they
# are — is much larger: see problems 13 and 14.) Units: nS × mV = pA.

# %% tags=["solution"]
import matplotlib.pyplot as plt
import numpy as np

import vrest
from vrest.presets import load_preset

plt.rcParams.update({"font.size": 12})
neuron = load_preset("chapter_neuron")
res = vrest.solve_rest(neuron)
I_pump = res.i_pump
V_no_pump = res.V_no_pump
dV_pump = res.pump_contribution
V_rest = res.V
G = res.G_total
dV_target = -5.0  # mV
I_for_5mV = -dV_target * G  # from ΔV = −I/G
print(f"I_pump = {I_pump:.1f} pA, G = {G:.0f} nS, ΔV_pump = {dV_pump:.2f} mV")
print(f"V = {res.V:.2f} mV, V without pump current = {V_no_pump:.2f} mV")
print(f"−5 mV would need {I_for_5mV:.0f} pA")

# sweep the Na⁺ leak: the balance pump follows it
ratios = np.linspace(0.005, 0.2, 40)
dV_sweep = [vrest.solve_rest(neuron.with_ion("Na", g=100 * r)).pump_contribution for r in ratios]

# %% tags=["check"]
# hand values from the chord formula with E_K −95.02, E_Na +60.63, E_Cl −64.09 mV
# (rounded to the digits the question gives)
assert abs(I_pump - 191.2) < 0.05
assert abs(V_no_pump - (-81.50)) < 0.005
assert abs(dV_pump - (-1.28)) < 0.005
assert -5 <= dV_pump <= -1  # the chapter's typical range
assert abs(dV_pump - (V_rest - V_no_pump)) < 1e-9  # the same thing, two ways
assert abs(I_for_5mV - 745) < 0.5

# %% tags=["solution"]
fig, ax = plt.subplots(figsize=(7.5, 4.5))
ax.axhspan(-5, -1, color="tab:green", alpha=0.15, label="chapter: −1 to −5 mV")
ax.plot(ratios, dV_sweep, "k", lw=2, label="ΔV_pump = −I_pump/G (balance pump)")
ax.plot(0.04, dV_pump, "o", color="tab:red", label=f"chapter neuron: {dV_pump:.2f} mV")
ax.set_xlabel("g_Na / g_K  (g_K = 100 nS, g_Cl = 45 nS)")
ax.set_ylabel("ΔV_pump (mV)")
ax.set_title("The pump's direct electrogenic share, 37 °C")
ax.legend(fontsize=11, loc="lower left")
ax.grid(alpha=0.3)
fig.tight_layout()
plt.show()

# %% tags=["solution"]
# vrest's own figure of the rest analysis: E_i and V on a voltage axis, and the I–V curves
res.plot()
plt.show()
