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
# # Problem 02: Electrochemical potential and driving forces
#
# Take the chapter's mammalian neuron at 37 °C (K⁺ 140/4 mM, Na⁺ 15/145 mM, Cl⁻ 10/110 mM
# inside/outside) and add Ca²⁺ at 100 nM inside and 2 mM outside (an assumption: the chapter
# gives no Ca²⁺). Suppose a microelectrode records V = −70 mV (a typical resting potential,
# also an assumption).
#
# 1. Compute, for each ion, the driving force `driving[ion]` = V − E_ion (mV) and the
#    electrochemical potential difference `dmu[ion]` = μ̃_in − μ̃_out (kJ/mol). By hand:
#    Δμ̃_K = F × 25.0 mV = +2.41 kJ/mol, Δμ̃_Na = F × (−130.6 mV) = −12.6 kJ/mol,
#    Δμ̃_Cl = −F × (−5.9 mV) = +0.57 kJ/mol, Δμ̃_Ca = 2F × (−202.3 mV) = −39.0 kJ/mol.
# 2. Say which way each ion moves passively, `direction[ion]` = `"out"` or `"in"`: K⁺ out,
#    Na⁺ in, Cl⁻ out (so the Cl⁻ current is inward, depolarizing), Ca²⁺ in.
# 3. The Na⁺/K⁺ pump moves 3 Na⁺ out and 2 K⁺ in per cycle. Compute the free energy one mole of
#    cycles stores in the gradients, `cycle_cost` (kJ/mol): by hand 3 × 12.6 + 2 × 2.41 =
#    42.6 kJ/mol. Compare it with the free energy of ATP hydrolysis in the cytosol, `dG_atp`:
#    ΔG°′ = −30.5 kJ/mol at 2.25 mM ATP, 0.25 mM ADP and 1.65 mM Pᵢ (Lehninger's cytosolic
#    values) gives −52.7 kJ/mol, so one ATP per cycle is enough, with about 10 kJ/mol to spare.

# %% [markdown]
# ## Physics
#
# For one mole of ion $i$ (valence $z_i$), with $V = V_\mathrm{in} - V_\mathrm{out}$,
#
# $$\Delta\tilde\mu_i = \tilde\mu_{i,\mathrm{in}} - \tilde\mu_{i,\mathrm{out}}
#   = RT\ln\frac{c_{i,\mathrm{in}}}{c_{i,\mathrm{out}}} + z_i F V = z_i F\,(V - E_i).$$
#
# A positive $\Delta\tilde\mu_i$ means the ion's free energy is higher inside: it flows out
# through an open channel. The current it carries, $I_i = g_i(V - E_i)$, is outward when
# $V > E_i$ — for a cation that is an efflux, for an anion an influx. An anion flowing *out*
# is therefore an *inward* (depolarizing) current.
#
# The pump stores, per mole of cycles, $\Delta G_\mathrm{cycle} = -3\Delta\tilde\mu_\mathrm{Na}
# + 2\Delta\tilde\mu_\mathrm{K} = F[3(E_\mathrm{Na} - V) + 2(V - E_\mathrm{K})]$, which ATP must
# pay: $|\Delta G_\mathrm{ATP}| = |\Delta G^{\circ\prime} + RT\ln([\mathrm{ADP}][\mathrm{P_i}]
# /[\mathrm{ATP}])| \ge \Delta G_\mathrm{cycle}$, concentrations in M.
#
# $F = 96\,485.33$ C/mol, $RT = 2.579$ kJ/mol at 310.15 K.

# %% tags=["solution"]
import matplotlib.pyplot as plt
import numpy as np

import vrest

plt.rcParams.update({"font.size": 12})
V = -70.0
conc = {"K": (140, 4, 1), "Na": (15, 145, 1), "Cl": (10, 110, -1), "Ca": (100e-6, 2.0, 2)}
E, driving, dmu, direction = {}, {}, {}, {}
for ion, (c_in, c_out, z) in conc.items():
    E[ion] = vrest.nernst(c_in, c_out, z)
    driving[ion] = vrest.driving_force(V, E[ion])
    dmu[ion] = vrest.electrochemical_potential_difference(c_in, c_out, z, V)
    direction[ion] = "out" if dmu[ion] > 0 else "in"
    print(
        f"{ion:2s}: E = {E[ion]:+7.1f} mV, V − E = {driving[ion]:+7.1f} mV, "
        f"Δμ̃ = {dmu[ion]:+6.2f} kJ/mol → moves {direction[ion]}"
    )

cycle_cost = vrest.pump_free_energy_per_cycle(V, E["Na"], E["K"])
dG_atp = vrest.atp_free_energy()  # Lehninger's cytosolic ATP, ADP, Pi; ΔG°′ = −30.5 kJ/mol
print(f"one pump cycle stores {cycle_cost:.1f} kJ/mol; ATP provides {-dG_atp:.1f} kJ/mol")

# %% tags=["check"]
# Hand values from Δμ̃ = zF(V − E) with F = 96.485 kJ/(mol·V): E_K −95.02, E_Na +60.63,
# E_Cl −64.09, E_Ca +132.3 mV. The question rounds to the digits shown; tolerances are half a
# unit of the last digit given.
assert abs(dmu["K"] - 2.41) < 0.005
assert abs(dmu["Na"] - (-12.6)) < 0.05
assert abs(dmu["Cl"] - 0.57) < 0.005
assert abs(dmu["Ca"] - (-39.0)) < 0.05
assert abs(driving["K"] - 25.0) < 0.05 and abs(driving["Na"] - (-130.6)) < 0.05
assert direction == {"K": "out", "Na": "in", "Cl": "out", "Ca": "in"}
assert abs(cycle_cost - 42.6) < 0.05
# ΔG_ATP = −30.5 + 2.579 ln(0.25e-3 × 1.65e-3 / 2.25e-3) = −30.5 − 22.2 = −52.7 kJ/mol
assert abs(dG_atp - (-52.7)) < 0.05
assert cycle_cost < -dG_atp

# %% tags=["solution"]
Vs = np.linspace(-150, 170, 321)
fig, ax = plt.subplots(figsize=(8, 5))
colors = {"K": "tab:blue", "Na": "tab:orange", "Cl": "tab:green", "Ca": "tab:red"}
labels = {"K": "K⁺", "Na": "Na⁺", "Cl": "Cl⁻", "Ca": "Ca²⁺"}
for ion, (c_in, c_out, z) in conc.items():
    curve = vrest.electrochemical_potential_difference(c_in, c_out, z, Vs)
    ax.plot(Vs, curve, color=colors[ion], label=f"{labels[ion]}  (E = {E[ion]:+.0f} mV)")
    ax.plot(V, dmu[ion], "o", color=colors[ion])
ax.axhline(0, color="k", lw=0.8)
ax.axvline(V, color="gray", ls="--", lw=1)
ax.text(V + 3, -57, "V = −70 mV", color="gray")
ax.text(-146, 50, "Δμ̃ > 0: the ion leaves the cell", fontsize=11)
ax.text(15, -50, "Δμ̃ < 0: the ion enters the cell", fontsize=11)
ax.set_xlabel("membrane potential V (mV)")
ax.set_ylabel("Δμ̃ = μ̃_in − μ̃_out (kJ/mol)")
ax.set_title("Electrochemical potential difference, 37 °C")
ax.set_ylim(-60, 60)
ax.legend(loc="upper center", bbox_to_anchor=(0.62, 1.0), fontsize=11)
ax.grid(alpha=0.3)
fig.tight_layout()
plt.show()
