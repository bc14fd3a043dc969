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
# # Problem 12: The Donnan equilibrium
#
# The chapter says that without the pump the leaks run the gradients down. Where do they end?
# Not at 0 mV: a cell is full of charged macromolecules that cannot cross the membrane, and the
# permeant ions settle into a Donnan equilibrium around them — a true thermodynamic
# equilibrium (every permeant ion at V = E_i) that nonetheless has a membrane potential and an
# osmotic imbalance. All parts at 37 °C, ideal solutions, an infinite bath and a rigid cell.
#
# 1. The textbook case: a bath of 100 mM KCl; inside, 150 mM of an impermeant monovalent anion
#    A⁻, and K⁺ and Cl⁻ permeant. Compute `K_in` and `Cl_in` (mM), the Donnan potential `V_D`
#    (mV) and the osmotic excess `d_osm` (mOsm) with its pressure `Pi_kPa`. By hand:
#    [K]in[Cl]in = 100², [K]in = [Cl]in + 150 → [K]in = 200 mM, [Cl]in = 50 mM;
#    V_D = (RT/F) ln(100/200) = −18.5 mV; excess = (200 + 50 + 150) − 200 = 200 mOsm, and
#    Π = Δc RT = 516 kPa (about 5 atmospheres).
# 2. A neuron whose pump has stopped for good, every small ion permeant: bath Na⁺ 145, K⁺ 4 and
#    Cl⁻ 149 mM (the chapter's Na⁺ and K⁺, Cl⁻ raised to make the bath neutral — an
#    assumption), 130 mM impermeant monovalent anions inside (an assumption). Compute the end
#    state's `V_end`, `excess_end` and inside concentrations `c_in_end` (a dict, mM). By hand
#    the Donnan ratio r = e^(−FV/RT) solves
#    149 r² − 130 r − 149 = 0: r = 1.527, V = −11.3 mV (not 0 mV, and far from the −83 mV of the
#    living cell), with 157 mOsm of osmotic excess — which would make a real cell swell and
#    burst unless the pump keeps Na⁺ out. Check the Gibbs–Donnan rule
#    [K]in[Cl]in = [K]out[Cl]out = 4 × 149 mM².

# %% [markdown]
# ## Physics
#
# At equilibrium every permeant ion satisfies $V = E_i$, i.e.
# $c_{i,\mathrm{in}} = c_{i,\mathrm{out}}\,r^{z_i}$ with the Donnan ratio $r = e^{-FV/RT}$.
# Electroneutrality inside fixes $r$:
#
# $$\sum_i z_i c_{i,\mathrm{out}} r^{z_i} + z_A A = 0 .$$
#
# With monovalent ions only — cations of total bath concentration $C$, anions $C_a$, and an
# impermeant anion $A$ (valence −1) — this is $C r^2 - A r - C_a = 0$. For the KCl case,
# $[\mathrm{K}]_\mathrm{in}[\mathrm{Cl}]_\mathrm{in} = c^2$ (the Gibbs–Donnan rule), so
# $[\mathrm{K}]_\mathrm{in} = A/2 + \sqrt{A^2/4 + c^2}$ (Donnan 1911; Keener & Sneyd 2009).
#
# The inside always holds more particles than the bath: the van 't Hoff osmotic pressure
# $\Pi = \Delta c\,RT$ (1 mOsm = 1 mol/m³; $RT = 2.579$ kPa per mOsm at 310.15 K) drives water
# in. Animal cells escape this "Donnan problem" only by pumping Na⁺ out (the pump–leak model,
# Tosteson & Hoffman 1960), which makes Na⁺ effectively impermeant.

# %% tags=["solution"]
import matplotlib.pyplot as plt
import numpy as np

import vrest

plt.rcParams.update({"font.size": 12})
don = vrest.donnan_equilibrium({"K": 100, "Cl": 100}, {"A": (150, -1)})
K_in, Cl_in = don.c_in["K"], don.c_in["Cl"]
V_D = don.V
d_osm = don.osmotic_excess
Pi_kPa = don.osmotic_pressure_kPa
print(f"KCl case: [K]in = {K_in:.1f}, [Cl]in = {Cl_in:.1f} mM, V_D = {V_D:.2f} mV")
print(f"  osmotic excess {d_osm:.0f} mOsm → Π = {Pi_kPa:.0f} kPa")

end = vrest.donnan_equilibrium({"Na": 145, "K": 4, "Cl": 149}, {"A": (130, -1)})
V_end, excess_end, c_in_end = end.V, end.osmotic_excess, end.c_in
print(f"pump-less neuron: r = {end.r:.4f}, V = {V_end:.2f} mV, excess {excess_end:.1f} mOsm")
print("  inside (mM): " + ", ".join(f"{k} {v:.1f}" for k, v in end.c_in.items()))

# %% tags=["check"]
import math  # noqa: E402

# 1. the closed form: K_in = 75 + √(75² + 100²) = 200 mM exactly, Cl_in = 50 mM
assert abs(K_in - 200) < 1e-9 and abs(Cl_in - 50) < 1e-9
assert abs(V_D - (-18.5)) < 0.05  # 26.727 mV × ln(1/2) = −18.53 mV
assert abs(d_osm - 200) < 1e-9
assert abs(Pi_kPa - 516) < 0.5  # 200 mol/m³ × 8.3145 × 310.15 J/mol = 515.7 kPa
# 2. the quadratic by hand
r = (130 + math.sqrt(130**2 + 4 * 149 * 149)) / (2 * 149)
assert abs(r - 1.527) < 0.0005
assert abs(V_end - (-11.3)) < 0.05  # −26.727 mV × ln 1.5273 = −11.32 mV
assert abs(excess_end - 157) < 0.5  # 149 r + 149/r + 130 − 298 = 157.1 mOsm
assert abs(c_in_end["K"] * c_in_end["Cl"] - 4 * 149) < 1e-6 * 4 * 149  # Gibbs–Donnan rule

# %% tags=["solution"]
A = np.linspace(2, 300, 60)  # mM; vrest asks for a positive amount
results = [vrest.donnan_equilibrium({"K": 100, "Cl": 100}, {"A": (a, -1)}) for a in A]
fig, ax1 = plt.subplots(figsize=(7.5, 4.6))
ax1.plot(A, [r.V for r in results], "k", lw=2, label="Donnan potential V_D")
ax1.set_xlabel("impermeant anion inside, A⁻ (mM)   — bath 100 mM KCl, 37 °C")
ax1.set_ylabel("V_D (mV)")
ax2 = ax1.twinx()
ax2.plot(
    A, [r.osmotic_excess for r in results], color="tab:red", ls="--", label="osmotic excess inside"
)
ax2.set_ylabel("osmotic excess (mOsm)", color="tab:red")
ax2.tick_params(axis="y", colors="tab:red")
ax1.plot(150, V_D, "o", color="k")
ax2.plot(150, d_osm, "o", color="tab:red")
lines = ax1.get_lines()[:1] + ax2.get_lines()[:1]
ax1.legend(lines, [ln.get_label() for ln in lines], fontsize=11, loc="upper center")
ax1.set_title("Donnan equilibrium: a potential and a swelling force")
ax1.grid(alpha=0.3)
fig.tight_layout()
plt.show()
