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
# # Problem 03: Equilibrium, NESS, and the honest drift of the chapter neuron
#
# The chapter calls the resting state a non-equilibrium steady state (NESS): ions flow, the
# currents sum to zero, and the pump keeps the gradients. Test that claim on three cells at
# 37 °C.
#
# 1. A membrane permeable only to K⁺ (140/4 mM). Show it settles at `V_K_only` = E_K =
#    −95.0 mV, is at thermodynamic equilibrium (`state_K_only == "equilibrium"`) and
#    dissipates nothing (`P_K_only` = 0 W).
# 2. The chapter neuron: its concentrations (K⁺ 140/4, Na⁺ 15/145, Cl⁻ 10/110 mM), its
#    conductance ratios g_K : g_Na : g_Cl = 1 : 0.04 : 0.45 and a 3 Na⁺ : 2 K⁺ pump that exactly
#    returns the Na⁺ that leaks in. Sizes are assumptions the chapter does not give: g_K =
#    100 nS and a sphere of radius 30 µm (the preset `chapter_neuron`).
#    * Derive `V_rest` by hand (see Physics): −82.8 mV, and check that vrest's rest analysis
#      gives the same, `V_chapter`.
#    * Show that V < E_Cl = −64.1 mV, so Cl⁻ leaks **out**: `I_Cl` = 45 nS × (−18.7 mV) =
#      −841 pA (an inward, depolarizing current).
#    * Show that `[Cl]in` and `[K]in` both fall at `rate_Cl` = `rate_K` = −4.63 mM/min
#      (I / (F · volume) by hand), so this cell is **not** a NESS: V is steady but its
#      concentrations drift (`state_chapter == "drifting"`).
# 3. The same neuron with Cl⁻ passively distributed (E_Cl = V, the preset `ness_neuron`). Show
#    that then `V_ness` = −91.0 mV, `Cl_in_ness` = 3.66 mM, every ion's net flux
#    (`net_flux_ness`, a dict of mol/s) vanishes and the state is a true NESS
#    (`state_ness == "NESS"`).

# %% [markdown]
# ## Physics
#
# Chord model, outward current positive: $I_i = g_i (V - E_i)$. A pump that extrudes exactly
# the passive Na⁺ influx runs $r = -I_\mathrm{Na}/(3e)$ cycles per second and carries a net
# outward current $I_\mathrm{pump} = re = -I_\mathrm{Na}/3 = g_\mathrm{Na}(E_\mathrm{Na} - V)/3$.
# Zero total current, $\sum_i g_i (V - E_i) + I_\mathrm{pump} = 0$, then gives
#
# $$V = \frac{g_\mathrm{K}E_\mathrm{K} + \tfrac23 g_\mathrm{Na}E_\mathrm{Na}
#            + g_\mathrm{Cl}E_\mathrm{Cl}}{g_\mathrm{K} + \tfrac23 g_\mathrm{Na} + g_\mathrm{Cl}}.$$
#
# The state: **equilibrium** — every flux zero ($V = E_i$ for each permeant ion); **NESS** —
# $V$ steady *and* every ion's net flux (passive + pumped) zero; **drifting** — the currents sum
# to zero but some ion amounts change; **not steady** — the net current is not zero.
#
# An ion's concentration inside changes as $d[X]_\mathrm{in}/dt = -I_X^\mathrm{net}/(z F
# \,\mathrm{vol})$, with vol $= \tfrac43\pi r^3 = 1.131\times10^{-13}$ L for $r = 30$ µm.
#
# Without any Cl⁻ transporter, Cl⁻ can only be steady at $E_\mathrm{Cl} = V$. Then the Na⁺ and
# K⁺ leaks must run in the pump's 3 : 2 ratio, which gives (Mullins–Noda, chord form)
# $V = (g_\mathrm{K}E_\mathrm{K} + \tfrac23 g_\mathrm{Na}E_\mathrm{Na})/(g_\mathrm{K}
# + \tfrac23 g_\mathrm{Na})$ and $[\mathrm{Cl}]_\mathrm{in} = [\mathrm{Cl}]_\mathrm{out}
# \,e^{FV/RT}$.

# %% [markdown] tags=["solution"]
# The chapter's sentence "the pump keeps the gradients" holds for Na⁺ and K⁺ only if nothing
# else moves K⁺. Here Cl⁻ leaks out (V is 19 mV below E_Cl) and, since the currents sum to zero,
# an equal extra K⁺ efflux goes with it: the cell loses KCl. Only an inward Cl⁻ transporter
# (NKCC1) could hold 10 mM Cl⁻; without one, [Cl]in relaxes toward E_Cl = V.

# %% tags=["solution"]
import matplotlib.pyplot as plt
import numpy as np

import vrest
from vrest.dynamics import simulate
from vrest.presets import load_preset

plt.rcParams.update({"font.size": 12})

# 1. K⁺ only
k_only = vrest.Cell({"K": {"c_in": 140, "c_out": 4, "g": 100}}, celsius=37, radius=30)
res_k = vrest.solve_rest(k_only)
state_K_only = res_k.state
V_K_only, P_K_only = res_k.V, res_k.dissipation
print(f"K⁺ only: V = {res_k.V:.2f} mV, {res_k.state_label}, dissipation {res_k.dissipation} W")

# 2. the chapter neuron
neuron = load_preset("chapter_neuron")
E = {
    i: vrest.nernst(*c, celsius=37)
    for i, c in {"K": (140, 4, 1), "Na": (15, 145, 1), "Cl": (10, 110, -1)}.items()
}
g = {"K": 100.0, "Na": 4.0, "Cl": 45.0}
V_rest = (g["K"] * E["K"] + 2 / 3 * g["Na"] * E["Na"] + g["Cl"] * E["Cl"]) / (
    g["K"] + 2 / 3 * g["Na"] + g["Cl"]
)
res = vrest.solve_rest(neuron)
I_Cl = res.ion("Cl").current
drift = {d.ion: d for d in res.drifts}
rate_K, rate_Cl = drift["K"].rate, drift["Cl"].rate  # mM/min
state_chapter = res.state
V_chapter = res.V
print(f"chapter neuron: V by hand {V_rest:.2f} mV, vrest {res.V:.2f} mV; I_Cl = {I_Cl:.0f} pA")
print(f"  [K]in {rate_K:+.2f} mM/min, [Cl]in {rate_Cl:+.2f} mM/min → {res.state_label}")

# 3. the NESS neuron
ness = load_preset("ness_neuron")
res_n = vrest.solve_rest(ness)
Cl_in_ness = ness.ions["Cl"].c_in
state_ness = res_n.state
V_ness = res_n.V
net_flux_ness = {i.name: i.net_flux for i in res_n.ions}
print(f"NESS neuron: V = {res_n.V:.2f} mV, [Cl]in = {Cl_in_ness:.3f} mM, {res_n.state_label}")

# %% tags=["check"]
# 1. E_K = (RT/F) ln(4/140) = −95.02 mV; an equilibrium dissipates exactly nothing.
assert state_K_only == "equilibrium" and abs(V_K_only - (-95.0)) < 0.05
assert P_K_only == 0.0
# 2. the hand formula gives −82.78 mV: the question's −82.8 is rounded to 0.1 mV.
assert abs(V_rest - (-82.8)) < 0.05 and abs(V_chapter - V_rest) < 1e-6
# I_Cl = 45 nS × (V − E_Cl) = 45 × (−82.78 + 64.09) = −841 pA (rounding: ±1 pA)
assert abs(I_Cl - (-841)) < 1
# rate = 841 pA / (F × 1.131e-13 L) = 0.0771 mM/s = 4.63 mM/min, for Cl⁻ and for K⁺ (±0.005)
assert abs(rate_Cl - (-4.63)) < 0.005 and abs(rate_K - (-4.63)) < 0.005
assert state_chapter == "drifting"
# 3. V = (100 × −95.02 + 2.667 × 60.63)/102.67 = −90.98 mV; [Cl]in = 110 e^(−90.98/26.727)
assert abs(V_ness - (-91.0)) < 0.05 and abs(Cl_in_ness - 3.66) < 0.005
assert state_ness == "NESS"
# "zero" net flux: below 1e-9 of the K⁺ leak flux (1.3e-14 mol/s), i.e. rounding only
assert all(abs(f) < 1e-23 for f in net_flux_ness.values())

# %% tags=["solution"]
tc_chapter = simulate(neuron, t_end_s=600, log_s=5)  # pump held at its rate; fixed volume
tc_ness = simulate(ness, t_end_s=600, log_s=5)
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4.3))
t_min = np.asarray(tc_chapter.t) / 60
ax1.plot(t_min, tc_chapter.c_in["Cl"], color="tab:green", label="[Cl⁻]in, chapter neuron")
ax1.plot(t_min, tc_chapter.c_in["K"] - 130, color="tab:blue", label="[K⁺]in − 130, chapter")
ax1.plot(
    np.asarray(tc_ness.t) / 60,
    tc_ness.c_in["Cl"],
    "--",
    color="tab:green",
    label="[Cl⁻]in, NESS neuron",
)
ax1.set_xlabel("time (min)")
ax1.set_ylabel("concentration (mM)")
ax1.set_title("Concentrations (pump rate held)")
ax1.legend(fontsize=11)
ax1.grid(alpha=0.3)
ax2.plot(t_min, tc_chapter.V, color="k", label="chapter neuron (drifting)")
ax2.plot(np.asarray(tc_ness.t) / 60, tc_ness.V, "--", color="tab:purple", label="NESS neuron")
ax2.set_xlabel("time (min)")
ax2.set_ylabel("V (mV)")
ax2.set_title("Membrane potential")
ax2.legend(fontsize=11)
ax2.grid(alpha=0.3)
fig.tight_layout()
plt.show()
