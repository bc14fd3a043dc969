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
# # Problem 04: The chord-conductance equation and the Cl⁻ block
#
# The chapter's worked example (its §3): a neuron with E_K = −89 mV, E_Na = +61 mV,
# E_Cl = −64 mV and relative conductances g_K : g_Na : g_Cl = 1 : 0.04 : 0.45, pump current
# neglected.
#
# 1. Compute the resting potential `V_chord` (mV). The chapter gives ≈ −77 mV; the formula gives
#    −77.4 mV.
# 2. Compute each ion's share of V, `share[ion]` = (g_ion/G) E_ion (mV), and check they add up
#    to V: the K⁺ term alone is −59.7 mV, Cl⁻ −19.3 mV and Na⁺ +1.6 mV.
# 3. Is the Cl⁻ current at rest inward or outward? The chapter: V < E_Cl, so Cl⁻ leaves the
#    cell, which is an **inward** (depolarizing) current. Set `I_Cl` = g_Cl (V − E_Cl) in the
#    same relative units (g_K = 1) and `cl_current_direction` to `"inward"` or `"outward"`;
#    keep every ion's current in a dict `currents` and check that they sum to zero.
# 4. Block every Cl⁻ channel (g_Cl → 0) and compute `V_block`: the chapter says the cell
#    hyperpolarizes to about −83 mV (the formula gives −83.2 mV).

# %% [markdown]
# ## Physics
#
# Each population of channels is a conductance $g_i$ in series with a battery $E_i$, so
# $I_i = g_i (V - E_i)$ (outward positive). At rest the currents sum to zero,
# $\sum_i g_i (V - E_i) + I_\mathrm{pump} = 0$, which gives the chord-conductance equation
#
# $$V = \frac{\sum_i g_i E_i - I_\mathrm{pump}}{\sum_i g_i}
#     = \sum_i \frac{g_i}{G}E_i - \frac{I_\mathrm{pump}}{G},\qquad G = \sum_i g_i .$$
#
# V is a conductance-weighted mean of the $E_i$: only ratios of the $g_i$ matter when
# $I_\mathrm{pump} = 0$. A Cl⁻ current $I_\mathrm{Cl} = g_\mathrm{Cl}(V - E_\mathrm{Cl}) < 0$ is
# inward: negative charges leaving the cell. Removing an inward (depolarizing) current
# hyperpolarizes the cell.
#
# The chord equation is exact for ohmic channels with fixed $g_i$; real channels rectify (see
# problem 05), so the $g_i$ are the chord conductances at rest.

# %% tags=["solution"]
import matplotlib.pyplot as plt
import numpy as np

import vrest

plt.rcParams.update({"font.size": 12})
g = {"K": 1.0, "Na": 0.04, "Cl": 0.45}
E = {"K": -89.0, "Na": 61.0, "Cl": -64.0}

V_chord = vrest.chord_voltage(g, E)
G = vrest.total_conductance(g)
share = {ion: g[ion] / G * E[ion] for ion in g}
currents = vrest.chord_currents(g, E, V_chord)
I_Cl = currents["Cl"]
cl_current_direction = "inward" if I_Cl < 0 else "outward"
V_block = vrest.chord_voltage(g | {"Cl": 0.0}, E)
print(f"V = {V_chord:.2f} mV; shares: " + ", ".join(f"{k} {v:+.1f} mV" for k, v in share.items()))
print(f"I_Cl = {I_Cl:+.2f} (g_K = 1 units: mV × g_K) → {cl_current_direction}")
print(f"Cl⁻ blocked: V = {V_block:.2f} mV ({V_block - V_chord:+.2f} mV)")

# %% tags=["check"]
# By hand: (−89 + 0.04 × 61 − 0.45 × 64)/1.49 = −115.36/1.49 = −77.42 mV (question: −77.4,
# rounded to 0.1 mV) and (−89 + 2.44)/1.04 = −83.23 mV (chapter "about −83": ±0.5 mV).
assert abs(V_chord - (-77.4)) < 0.05
assert abs(V_block - (-83)) < 0.5 and V_block < V_chord
# shares: −89/1.49 = −59.73, −28.8/1.49 = −19.33, 2.44/1.49 = +1.64 mV (±0.05: rounding)
assert abs(share["K"] - (-59.7)) < 0.05
assert abs(share["Cl"] - (-19.3)) < 0.05
assert abs(share["Na"] - 1.6) < 0.05
assert abs(sum(share.values()) - V_chord) < 1e-9  # the shares are V, exactly
# 0.45 × (−77.42 + 64) = −6.04: negative, i.e. inward (Cl⁻ leaves)
assert cl_current_direction == "inward" and abs(I_Cl - (-6.04)) < 0.01
assert abs(sum(currents.values())) < 1e-9  # zero net current at rest, to rounding

# %% tags=["solution"]
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11.5, 4.5))
Vs = np.linspace(-100, -50, 200)
colors = {"K": "tab:blue", "Na": "tab:orange", "Cl": "tab:green"}
labels = {"K": "K⁺", "Na": "Na⁺", "Cl": "Cl⁻"}
for ion in g:
    ax1.plot(Vs, g[ion] * (Vs - E[ion]), color=colors[ion], label=f"I_{labels[ion]}")
total = sum(g[ion] * (Vs - E[ion]) for ion in g)
ax1.plot(Vs, total, "k", lw=2, label="total")
ax1.axhline(0, color="gray", lw=0.8)
ax1.plot(V_chord, 0, "ko")
ax1.annotate(
    f"V = {V_chord:.1f} mV", (V_chord, 0), (V_chord + 5, -9), arrowprops={"arrowstyle": "->"}
)
ax1.set_xlabel("V (mV)")
ax1.set_ylabel("current (g_K × mV, outward +)")
ax1.set_title("Chord model I–V, chapter §3")
ax1.set_ylim(-12, 12)
ax1.legend(fontsize=11, loc="upper left")
ax1.grid(alpha=0.3)

ratio = np.linspace(0, 2, 101)
V_of_ratio = [vrest.chord_voltage(g | {"Cl": r}, E) for r in ratio]
ax2.plot(ratio, V_of_ratio, "k", label="V (chord)")
ax2.axhline(E["K"], color="tab:blue", ls="--", label="E_K")
ax2.axhline(E["Cl"], color="tab:green", ls="--", label="E_Cl")
ax2.plot([0.45, 0.0], [V_chord, V_block], "o", color="tab:red", label="chapter: 0.45 and blocked")
ax2.set_xlabel("g_Cl / g_K")
ax2.set_ylabel("V (mV)")
ax2.set_title("The Cl⁻ conductance pulls V toward E_Cl")
ax2.legend(fontsize=11, loc="lower right")
ax2.grid(alpha=0.3)
fig.tight_layout()
plt.show()
