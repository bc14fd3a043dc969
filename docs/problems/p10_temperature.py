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
# # Problem 10: Temperature — the Nernst slope, Q10 of leaks and pump
#
# The chapter (its §6): warming a neuron from 27 °C to 37 °C makes |E_K| and |E_Na| a little
# larger, while the pump current (Q10 = 3.0) grows much faster than the leak conductances
# (Q10 = 1.3), so the cell **hyperpolarizes**.
#
# 1. Compute the Nernst slope (mV per tenfold [K]ₒ) at both temperatures, `slope_27` and
#    `slope_37`: 2.303 RT/F = 59.6 and 61.5 mV/decade; and E_K for 140/4 mM, `E_K_27` and
#    `E_K_37`: −92.0 and −95.0 mV.
# 2. Describe the chapter neuron at 27 °C (K⁺ 140/4, Na⁺ 15/145, Cl⁻ 10/110 mM; g_K, g_Na,
#    g_Cl = 100, 4, 45 nS — sizes assumed) with a pump that exactly balances the Na⁺ leak
#    there. Its V is `V_27`: by hand (problem 03's formula at 27 °C) −80.1 mV, with a pump
#    current `I_pump_27` = 4 nS × (58.68 + 80.12) mV / 3 = 185.1 pA.
# 3. Warm it to 37 °C (`reference_celsius` stays 27 °C: the cell was *measured* there): leaks
#    × 1.3, pump × 3: `I_pump_37` = 555 pA. Compute `V_37`; by hand
#    (1.3 × Σ g_i E_i(37 °C) − 555.2 pA)/(1.3 × 149 nS) = −84.4 mV: 4.3 mV of hyperpolarization.
#    The same cell written directly at 37 °C with `reference_celsius = 27` (as in a cell file)
#    must give the same V, `V_37_ref`.
# 4. Split it: warm the same cell with a pump Q10 of 1.3 (the pump then speeds up only as much
#    as the leaks): `V_37_slow_pump` = −82.7 mV by hand. So about 2.6 mV comes from the
#    Nernst potentials (and the leaks' equal scaling) and 1.6 mV from the pump's higher Q10.
# 5. Is the warmed cell at a steady state? `state_37` — no: the pump now extrudes three times
#    the Na⁺ it balanced, so the concentrations drift (`"drifting"`).

# %% [markdown]
# ## Physics
#
# Nernst: $E_i = (RT/z_iF)\ln(c_\mathrm{out}/c_\mathrm{in})$ is proportional to the absolute
# temperature; the slope per decade is $2.303\,RT/F$ = 59.6 mV at 300.15 K and 61.5 mV at
# 310.15 K.
#
# Rates scale with the temperature coefficient $Q_{10}$:
#
# $$k(T) = k(T_0)\,Q_{10}^{(T - T_0)/10\ \mathrm{K}} .$$
#
# In the chord model $V = (\sum_i g_iE_i - I_\mathrm{pump})/\sum_i g_i$. Scaling every $g_i$ by
# the same factor $q_\mathrm{leak}$ and the pump by $q_\mathrm{pump}$ gives
#
# $$V(T) = \frac{\sum_i g_iE_i(T)}{G} - \frac{q_\mathrm{pump}}{q_\mathrm{leak}}\,
#   \frac{I_\mathrm{pump}(T_0)}{G},$$
#
# so the pump's electrogenic share grows by $q_\mathrm{pump}/q_\mathrm{leak} = 3/1.3 = 2.3$.
# The description of the cell — its $g$, $P$ and pump rate — belongs to the temperature at
# which it was measured (`reference_celsius` in vrest); moving the cell to another temperature
# applies the Q10s from there.

# %% tags=["solution"]
import matplotlib.pyplot as plt
import numpy as np

import vrest

plt.rcParams.update({"font.size": 12})
slope_27 = vrest.nernst(1, 10, 1, celsius=27)  # one decade of concentration
slope_37 = vrest.nernst(1, 10, 1, celsius=37)
E_K_27 = vrest.nernst(140, 4, 1, celsius=27)
E_K_37 = vrest.nernst(140, 4, 1, celsius=37)

ions = {
    "K": {"c_in": 140, "c_out": 4, "g": 100},
    "Na": {"c_in": 15, "c_out": 145, "g": 4},
    "Cl": {"c_in": 10, "c_out": 110, "g": 45},
}
cell_27 = vrest.Cell(
    ions, celsius=27, radius=30, q10_leak=1.3, pump=vrest.Pump(mode="balance", q10=3.0)
)
res_27 = vrest.solve_rest(cell_27)
res_37 = vrest.solve_rest(cell_27.at_celsius(37))
res_37_slow = vrest.solve_rest(cell_27.at_celsius(37, q10_pump=1.3))
V_27, V_37, V_37_slow_pump = res_27.V, res_37.V, res_37_slow.V
state_37 = res_37.state
cell_ref = vrest.Cell(
    ions,
    celsius=37,
    reference_celsius=27,
    radius=30,
    q10_leak=1.3,
    pump=vrest.Pump(mode="balance", q10=3.0),
)
V_37_ref = vrest.solve_rest(cell_ref).V
I_pump_27, I_pump_37 = res_27.i_pump, res_37.i_pump
print(f"Nernst slope {slope_27:.2f} / {slope_37:.2f} mV/decade; E_K {E_K_27:.2f} / {E_K_37:.2f} mV")
print(f"27 °C: V = {V_27:.2f} mV, pump {res_27.i_pump:.1f} pA")
print(f"37 °C: V = {V_37:.2f} mV, pump {res_37.i_pump:.1f} pA, G {res_37.G_total:.1f} nS")
print(f"37 °C with pump Q10 1.3: V = {V_37_slow_pump:.2f} mV; state at 37 °C: {state_37}")

# %% tags=["check"]
# 2.303 RT/F: 59.56 mV at 300.15 K, 61.54 mV at 310.15 K (±0.05: the question's rounding)
assert abs(slope_27 - 59.56) < 0.05 and abs(slope_37 - 61.54) < 0.05
assert abs(E_K_27 - (-92.0)) < 0.05 and abs(E_K_37 - (-95.0)) < 0.05
# hand chord values, rounded to 0.1 mV (pump 185.1 pA at 27 °C, ±0.05 pA)
assert abs(V_27 - (-80.1)) < 0.05 and abs(I_pump_27 - 185.1) < 0.05
assert abs(I_pump_37 - 3 * 185.06) < 0.2  # × Q10^1 = 3 exactly; 185.06 is rounded
assert abs(V_37 - (-84.4)) < 0.05
assert abs(V_37_ref - V_37) < 1e-9  # one cell, two ways of writing it
assert abs(V_37_slow_pump - (-82.7)) < 0.05
assert V_37 < V_37_slow_pump < V_27  # the chapter: warming hyperpolarizes, the pump most
assert state_37 == "drifting"

# %% tags=["solution"]
temps = np.linspace(17, 42, 26)
V_fast = [vrest.solve_rest(cell_27.at_celsius(t)).V for t in temps]
V_slow = [vrest.solve_rest(cell_27.at_celsius(t, q10_pump=1.3)).V for t in temps]
V_none = [vrest.solve_rest(cell_27.at_celsius(t).with_pump(None)).V for t in temps]
fig, ax = plt.subplots(figsize=(7.5, 4.8))
ax.plot(temps, V_fast, "k", lw=2, label="pump Q10 3.0, leaks 1.3 (chapter)")
ax.plot(temps, V_slow, "k--", label="pump Q10 1.3 (as the leaks)")
ax.plot(temps, V_none, ":", color="tab:gray", label="no pump current")
ax.plot([27, 37], [V_27, V_37], "o", color="tab:red", label="27 → 37 °C")
ax.set_xlabel("temperature (°C)  — cell described (balanced) at 27 °C")
ax.set_ylabel("V (mV)")
ax.set_title("Warming hyperpolarizes the chapter neuron")
ax.legend(fontsize=11)
ax.grid(alpha=0.3)
fig.tight_layout()
plt.show()
