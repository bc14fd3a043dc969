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
# # Problem 22 (combined): The energy cost of a cell as its [K]ₒ rises
#
# Combines the chord-conductance equation (§3), the pump (§5) and the energy books (§7). The
# chapter estimates that 20–40 % of the brain's energy goes to the Na⁺/K⁺ pump, and gives the
# entropy production of a typical resting neuron as about **3.46 × 10⁻¹³ J K⁻¹ s⁻¹** (without
# its parameters).
#
# Take the chapter neuron (`load_preset("chapter_neuron")`: chord leaks g_K : g_Na : g_Cl =
# 100 : 4 : 45 nS, a 3 Na⁺ : 2 K⁺ pump that balances the Na⁺ leak, 37 °C) and raise [K]ₒ from
# 2 to 20 mM with `vrest.sweep` (an acute change: the concentrations inside are held).
#
# 1. At each [K]ₒ compute the ATP rate of the pump `atp_rate` (ATP/s), the passive dissipation
#    `P_passive` (W) and the ATP power `P_atp` (W), from the sweep's currents and potentials
#    (keep the sweep's Dataset as `ds`).
# 2. Check by hand that the pump balances the Na⁺ leak at every point (I_pump = −I_Na/3), and
#    that the ATP rate falls with [K]ₒ exactly as the Na⁺ driving force E_Na − V does.
# 3. At the chapter's [K]ₒ = 4 mM compute `P4` (passive dissipation, W), `atp4` (ATP power,
#    W) and the entropy production `S_dot` = P4/T; compare `S_dot` with the chapter's
#    3.46 × 10⁻¹³ J K⁻¹ s⁻¹ and `P4`, `atp4` with vrest's energy books
#    (`rest4 = vrest.solve_rest(cell)`, `rest4.energy`).

# %% [markdown]
# ## Physics
#
# Chord leaks, V = V_in − V_out, outward current positive: $I_i = g_i(V - E_i)$ and
# $V = (\sum_i g_i E_i - I_{\rm pump})/\sum_i g_i$. Each pump cycle hydrolyses one ATP, moves
# 3 Na⁺ out and 2 K⁺ in: one net charge e out, so
#
# $$\dot n_{ATP} = \frac{I_{\rm pump}}{e},\qquad
# I_{\rm pump} = -\frac{I_{Na}}{3} = \frac{g_{Na}(E_{Na} - V)}{3}$$
#
# for a pump that balances the Na⁺ leak. Raising [K]ₒ depolarizes V, shrinks $E_{Na} - V$ and
# so the Na⁺ influx: the pump has less to do.
#
# Energy: the leaks dissipate $P_{\rm passive} = \sum_i I_i (V - E_i) = \sum_i g_i (V - E_i)^2$
# (W; pA × mV = 10⁻¹⁵ W) and produce entropy $\dot S = P_{\rm passive}/T$. The ATP supplies
# $P_{ATP} = \dot n_{ATP}\,|\Delta G_{ATP}|/N_A$, with $\Delta G_{ATP} = \Delta G^{\circ\prime} +
# RT\ln([ADP][Pi]/[ATP])$ from vrest's default nucleotide levels (an assumption).
#
# Assumptions: the concentrations inside are held (minutes after the change; in the long run
# they drift, problem 13); the chapter neuron is not a NESS (its Cl⁻ drifts), so passive
# dissipation and the pump's work need not balance here.

# %% [markdown] tags=["solution"]
# **Discussion.** The ATP rate falls only by about a quarter from 2 to 20 mM (it follows
# E_Na − V, which changes from ~156 to ~114 mV), but the passive dissipation falls by a factor
# 3: it is quadratic in the driving forces, and the K⁺ and Cl⁻ terms shrink as V approaches
# E_K and E_Cl. At low [K]ₒ the leaks dissipate *more* than the ATP supplies — possible only
# because this cell is not at a NESS: its K⁺ and Cl⁻ gradients run down and pay the difference
# (vrest's books call it the residual, the rate at which the gradients lose free energy).

# %% tags=["solution"]
import matplotlib.pyplot as plt

import vrest
from vrest.presets import load_preset

plt.rcParams.update({"font.size": 12})
cell = load_preset("chapter_neuron")
ds = vrest.sweep(cell, {"K.c_out": "2:20:log:25"})
k = ds["K.c_out"].values
V, i_pump = ds["V"].values, ds["i_pump"].values
atp_rate = i_pump * 1e-12 / vrest.E_CHARGE  # ATP/s
P_passive = sum(ds[f"I_{x}"].values * (V - ds[f"E_{x}"].values) for x in ("K", "Na", "Cl")) * 1e-15

# mM: vrest's default set (erythrocyte; ≈ −52.7 kJ/mol at 37 °C); a neuron's gives ≈ −49
nucl = vrest.ATP_ADP_PI_MM["erythrocyte"]
dG = vrest.atp_free_energy(nucl["atp"], nucl["adp"], nucl["pi"], celsius=cell.celsius)  # kJ/mol
P_atp = atp_rate * abs(dG) * 1e3 / vrest.N_A  # W

T_K = vrest.kelvin(cell.celsius)
rest4 = vrest.solve_rest(cell)  # the cell at its own [K]o = 4 mM, with vrest's energy books
d4 = vrest.sweep(cell, {"K.c_out": [4.0]}, points="list")
P4 = float(sum(d4[f"I_{x}"] * (d4["V"] - d4[f"E_{x}"]) for x in ("K", "Na", "Cl"))[0]) * 1e-15
S_dot = P4 / T_K
atp4 = float(d4["i_pump"][0]) * 1e-12 / vrest.E_CHARGE * abs(dG) * 1e3 / vrest.N_A
print(
    f"[K]o 2 → 20 mM: V {V[0]:.1f} → {V[-1]:.1f} mV, ATP rate {atp_rate[0]:.3g} → "
    f"{atp_rate[-1]:.3g} /s, passive dissipation {P_passive[0]:.3g} → {P_passive[-1]:.3g} W"
)
print(
    f"at 4 mM: P_passive {P4:.4g} W (books {rest4.energy.passive:.4g}), "
    f"S_dot {S_dot:.3g} J/K/s, P_atp {atp4:.4g} W (books {rest4.energy.atp:.4g})"
)

# %% tags=["check"]
# 2. The balance pump carries a third of the Na⁺ leak at every [K]o (the definition of the
#    balance; 1e-9 relative is rounding), and the ATP rate scales as E_Na − V (exact for chord
#    leaks with fixed g_Na: 1e-9 relative).
i_p, i_na = ds["i_pump"].values, ds["I_Na"].values
assert (abs(i_p + i_na / 3) <= 1e-9 * abs(i_p)).all()
drive = ds["E_Na"].values - ds["V"].values
assert (abs(atp_rate / atp_rate[0] - drive / drive[0]) <= 1e-9).all()
assert (atp_rate[1:] < atp_rate[:-1]).all()  # the pump works less as [K]o rises
# 3. Hand books from the sweep = vrest's energy books at 4 mM (same formulas: 1e-9 relative).
assert abs(P4 / rest4.energy.passive - 1) < 1e-9, (P4, rest4.energy.passive)
assert abs(atp4 / rest4.energy.atp - 1) < 1e-9, (atp4, rest4.energy.atp)
# The chapter's 3.46e-13 J/K/s is for a "typical neuron" whose parameters it does not give:
# the same order of magnitude is all that can be asked (within a factor 2).
assert 0.5 < S_dot / 3.46e-13 < 2, S_dot

# %% tags=["solution"]
fig, (a1, a2) = plt.subplots(1, 2, figsize=(12, 4.6), layout="constrained")
a1.semilogx(k, V, "k", label="V_rest")
a1.semilogx(k, ds["E_K"].values, "C0--", label="E_K")
a1.axvline(4.0, color="0.6", ls=":", label="chapter: 4 mM")
a1.set_xlabel("[K⁺]ₒ (mM, log scale)")
a1.set_ylabel("potential (mV)")
a1.set_title("The chapter neuron depolarizes")
a1.legend(fontsize=11)
a2.semilogx(k, P_atp * 1e12, "C3", label="ATP power |ΔG_ATP|·rate")
a2.semilogx(k, P_passive * 1e12, "k", label="passive dissipation Σ g (V − E)²")
a2.axvline(4.0, color="0.6", ls=":")
a2.set_xlabel("[K⁺]ₒ (mM, log scale)")
a2.set_ylabel("power (pW)")
a2.set_title(f"Energy cost (ATP: {atp_rate[0]:.2g} → {atp_rate[-1]:.2g} /s)")
a2.set_ylim(bottom=0)
a2.legend(fontsize=11)
for a in (a1, a2):
    a.set_xticks([2, 3, 4, 6, 10, 20], ["2", "3", "4", "6", "10", "20"])
    a.minorticks_off()
plt.show()
