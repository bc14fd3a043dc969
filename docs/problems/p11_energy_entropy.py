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
# # Problem 11: The energy cost of rest and its entropy production
#
# The chapter (its §7) computes the power dissipated by the leaks, P = Σ g_i (V − E_i)², and
# the entropy production Ṡ = P/T, "about 3.46 × 10⁻¹³ J K⁻¹ s⁻¹ for a typical resting neuron"
# (its exercise's parameters are not given).
#
# Use the chapter neuron (preset `chapter_neuron`: K⁺ 140/4, Na⁺ 15/145, Cl⁻ 10/110 mM; g_K,
# g_Na, g_Cl = 100, 4, 45 nS — the absolute size is an assumption; a 3 Na⁺ : 2 K⁺ pump that
# balances the Na⁺ leak; V = −82.78 mV from problem 03), 37 °C.
#
# 1. Compute the passive dissipation `P_passive` (W): by hand
#    100 nS × (12.24 mV)² + 4 nS × (143.42 mV)² + 45 nS × (18.70 mV)² = 1.130 × 10⁻¹⁰ W, and
#    the entropy production `S_dot` = P/T = 3.64 × 10⁻¹³ J K⁻¹ s⁻¹ — within 6 % of the
#    chapter's number.
# 2. Compute the pump's ATP consumption `atp_rate` (ATP/s): one ATP per cycle and one net
#    charge per cycle, so 191.2 pA / e = 1.19 × 10⁹ ATP/s.
# 3. Compute the pump's work on the ions `W_pump` (W): I_pump × [3(E_Na − V) + 2(V − E_K)] =
#    191.2 pA × 454.7 mV = 8.70 × 10⁻¹¹ W, and its thermodynamic efficiency `efficiency` =
#    work / free energy of the ATP spent = 43.9 / 52.7 = 0.833 (ΔG_ATP = −52.7 kJ/mol from
#    Lehninger's cytosolic concentrations, see problem 02).
# 4. The energy books. At a true NESS every joule the pump stores is dissipated by the leaks:
#    P_passive = W_pump. Show that the chapter neuron does **not** balance its books,
#    `residual` = P_passive − W_pump = 2.6 × 10⁻¹¹ W (its Cl⁻ and K⁺ are running down, problem
#    03), while the NESS neuron (preset `ness_neuron`) does: `residual_ness` = 0 (to the
#    rounding of its dissipation `P_passive_ness`, 9.4 × 10⁻¹¹ W).

# %% [markdown]
# ## Physics
#
# A channel current $I_i$ flowing down an electrochemical difference $V - E_i$ dissipates
# $I_i(V - E_i) = g_i(V - E_i)^2 \ge 0$ (chord model; nS × mV² = 10⁻¹⁵ W). At constant
# temperature the heat leaves at $T$, so the entropy production is
# $\dot S = P/T$ (de Groot & Mazur 1962).
#
# The pump cycles $r = I_\mathrm{pump}/e$ times per second (3 − 2 = 1 net charge per cycle) and
# raises the ions' free energy by $F[3(E_\mathrm{Na} - V) + 2(V - E_\mathrm{K})]$ per mole of
# cycles, so its power into the gradients is
# $W = I_\mathrm{pump}[3(E_\mathrm{Na} - V) + 2(V - E_\mathrm{K})]$. It spends
# $|\Delta G_\mathrm{ATP}|$ per mole of ATP; the ratio is its efficiency, and the rest is heat.
#
# At a pump–leak NESS each ion's leak is returned by the pump, $I_i^\mathrm{leak} =
# -I_i^\mathrm{pump}$, and any unpumped ion is at equilibrium, so
# $\sum_i I_i^\mathrm{leak}(V - E_i) = \sum_i I_i^\mathrm{pump}(E_i - V) = W$
# (Attwell & Laughlin 2001). A nonzero residual means the gradients are changing.
# $T = 310.15$ K, $e = 1.602\,177 \times 10^{-19}$ C.

# %% tags=["solution"]
import matplotlib.pyplot as plt
import numpy as np

import vrest
from vrest.presets import load_preset

plt.rcParams.update({"font.size": 12})
res = vrest.solve_rest(load_preset("chapter_neuron"))
g = {i.name: i.g for i in res.ions}
E = {i.name: i.E for i in res.ions}
P_passive = vrest.conductance_dissipation(g, E, res.V)
S_dot = vrest.entropy_production(P_passive, celsius=37)
atp_rate = vrest.pump_cycle_rate(res.i_pump)
W_pump = vrest.pump_work(res.i_pump, res.V, E["Na"], E["K"])
efficiency = res.energy.efficiency
residual = P_passive - W_pump
print(f"P_passive = {P_passive:.4g} W, S_dot = {S_dot:.3g} J/(K·s)")
print(f"ATP: {atp_rate:.3g} /s; pump work {W_pump:.3g} W; efficiency {efficiency:.3f}")
print(f"residual (passive − work) = {residual:.3g} W")

res_ness = vrest.solve_rest(load_preset("ness_neuron"))
P_passive_ness = res_ness.energy.passive
residual_ness = P_passive_ness - res_ness.energy.transporters
print(
    f"NESS neuron: passive {res_ness.energy.passive:.4g} W, work "
    f"{res_ness.energy.transporters:.4g} W, residual {residual_ness:.2g} W"
)

# %% tags=["check"]
# 1. hand sum 1.498e-11 + 8.228e-11 + 1.573e-11 = 1.1299e-10 W (±0.001e-10: rounding);
#    /310.15 K = 3.643e-13 J/(K s). The chapter's 3.46e-13 comes from parameters it does not
#    give: agreement within 10 % is what "a typical neuron" can promise.
assert abs(P_passive - 1.130e-10) < 0.001e-10
assert abs(S_dot - 3.64e-13) < 0.005e-13
assert abs(S_dot / 3.46e-13 - 1) < 0.10
# 2. 191.2e-12 A / 1.602177e-19 C = 1.193e9 /s (±0.5 %)
assert abs(atp_rate / 1.19e9 - 1) < 0.005
# 3. 191.2 pA × 0.4547 V = 8.695e-11 W; 43.88/52.69 = 0.833 (±0.001: rounding)
assert abs(W_pump - 8.70e-11) < 0.01e-11
assert abs(efficiency - 0.833) < 0.001
# 4. books: 1.130e-10 − 0.870e-10 = 2.6e-11 W; NESS: zero to rounding (1e-9 relative)
assert abs(residual - 2.6e-11) < 0.05e-11
assert abs(residual_ness) < 1e-9 * P_passive_ness

# %% tags=["solution"]
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11.5, 4.5))
ions = ["K", "Na", "Cl"]
x = np.arange(len(ions))
d_chap = [res.ion(i).dissipation * 1e12 for i in ions]
d_ness = [res_ness.ion(i).dissipation * 1e12 for i in ions]
ax1.bar(x - 0.2, d_chap, 0.4, label="chapter neuron (drifting)")
ax1.bar(x + 0.2, d_ness, 0.4, label="NESS neuron")
ax1.set_xticks(x, ["K⁺", "Na⁺", "Cl⁻"])
ax1.set_ylabel("dissipation g(V − E)² (pW)")
ax1.set_title("Where the energy goes: Na⁺ leak dominates")
ax1.set_ylim(0, 118)
ax1.legend(fontsize=11, loc="upper left")
ax1.grid(alpha=0.3, axis="y")

books = ["passive\ndissipation", "pump work\non ions", "ATP free\nenergy"]
chap = [res.energy.passive, res.energy.transporters, res.energy.atp]
ness_books = [res_ness.energy.passive, res_ness.energy.transporters, res_ness.energy.atp]
xb = np.arange(3)
ax2.bar(xb - 0.2, np.array(chap) * 1e12, 0.4, label="chapter neuron")
ax2.bar(xb + 0.2, np.array(ness_books) * 1e12, 0.4, label="NESS neuron")
ax2.set_xticks(xb, books)
ax2.set_ylabel("power (pW)")
ax2.set_title("Energy books, 37 °C")
ax2.set_ylim(0, 145)
ax2.legend(fontsize=11, loc="upper center", ncol=2)
ax2.grid(alpha=0.3, axis="y")
fig.tight_layout()
plt.show()
