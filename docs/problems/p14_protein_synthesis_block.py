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
# # Problem 14: Protein-synthesis block — the pump protein decays
#
# The chapter: when a drug stops protein synthesis, the cell cannot replace the pump proteins
# that are degraded, and V decays over **hours or days** — much more slowly than after an ATP
# cut (minutes to hours, problem 13).
#
# Take the NESS neuron of problem 13 (`load_preset("ness_neuron")`, fixed volume, 37 °C). From
# t = 10 s no new pump protein is made, and the pump density decays exponentially with a
# half-life **t½ = 24 h**. This half-life is an **assumption** of the problem: the chapter gives
# no value (Na⁺/K⁺-ATPase subunits turn over in roughly a day to a few days in cultured cells;
# use the value measured for your cell).
#
# 1. Show that the pump current follows the decay of its protein,
#    I_pump(t) = I_pump(0)·2^(−t/t½) (this model's pump runs at a constant rate per pump).
#    Compute the largest relative deviation `max_dev`.
# 2. Compute the K⁺ half-time (time until [K]ᵢ is halfway from 140 mM to [K]ₒ = 4 mM) after the
#    protein block, `t_half_protein_h`, and after an ATP cut, `t_half_atp_h` (hours); show that
#    the first is in the "hours to days" range and much longer than the second.
# 3. Predict `t_half_protein_h` by hand with a quasi-steady argument (`t_qs_h`) and compare.

# %% [markdown]
# ## Physics
#
# Model as in problem 13 (states V, [X]ᵢ; chord leaks $I_X = g_X(V - E_X)$; fixed volume),
# with the pump's level $p(t) = 2^{-t/t_{1/2}}$: $I_{Na}^{\rm pump} = 3pI_0$,
# $I_K^{\rm pump} = -2pI_0$, $I_0$ the pump current at rest.
#
# **Quasi-steady estimate.** After an ATP cut the gradients relax within about an hour; the pump
# protein decays over a day. So at each moment the cell sits close to the pump–leak steady state
# for the current level p: each ion's leak balances its pump share,
#
# $$g_{Na}(V - E_{Na}) = -3pI_0,\qquad g_K(V - E_K) = 2pI_0,\qquad V = E_{Cl},$$
#
# together with electroneutrality $[K]_i + [Na]_i - [Cl]_i = A$ (A: the impermeant anions'
# charge, fixed at fixed volume). For a given p these give $E_{Na}$, $E_K$ and $E_{Cl}$ as
# functions of V, hence the concentrations, and a single equation for V. The level $p^*$ at
# which the steady $[K]_i$ is 72 mM (halfway) is reached at $t_{qs} = t_{1/2}\log_2(1/p^*)$.
# The real cell lags behind the moving steady state by about its relaxation time after an ATP
# cut (about an hour), so $t_{qs}$ should come out a little early, by about an hour.

# %% tags=["solution"]
import matplotlib.pyplot as plt
import numpy as np
from scipy.optimize import brentq

import vrest
from vrest.dynamics import atp_cut, protein_synthesis_block
from vrest.presets import load_preset

plt.rcParams.update({"font.size": 12})
HALF_LIFE_H = 24.0  # ASSUMPTION (see the question)
cell = load_preset("ness_neuron")
tp = protein_synthesis_block(cell, HALF_LIFE_H, hours=240, at_s=10.0, log_s=600.0)
ta = atp_cut(cell, hours=48, block_at_s=10.0, log_s=10.0)

t_since = tp.t - 10.0
m = t_since > 0
max_dev = float(
    np.max(np.abs(tp.i_pump[m] / tp.i_pump[0] - 2 ** (-t_since[m] / 3600 / HALF_LIFE_H)))
)
t_half_protein_h = tp.half_time("K") / 3600
t_half_atp_h = ta.half_time("K") / 3600
print(f"pump current vs 2^(-t/t½): largest relative deviation {max_dev:.1e}")
print(f"K⁺ half-time: protein block {t_half_protein_h:.1f} h, ATP cut {t_half_atp_h:.2f} h")

# %% tags=["solution"]
# quasi-steady estimate by hand
ions = cell.ions
RT_F = vrest.R * vrest.kelvin(cell.celsius) / vrest.F * 1e3  # mV
I0 = vrest.solve_rest(cell).i_pump  # pA
A = ions["K"].c_in + ions["Na"].c_in - ions["Cl"].c_in  # mM


def steady(p):
    """Steady [K]i, [Na]i, [Cl]i (mM) and V (mV) of the pump–leak cell at pump level p."""

    def conc(V):
        E_Na = V + 3 * p * I0 / ions["Na"].g
        E_K = V - 2 * p * I0 / ions["K"].g
        K = ions["K"].c_out * np.exp(-E_K / RT_F)
        Na = ions["Na"].c_out * np.exp(-E_Na / RT_F)
        Cl = ions["Cl"].c_out * np.exp(V / RT_F)
        return K, Na, Cl

    V = brentq(lambda v: sum(np.array(conc(v)) * (1, 1, -1)) - A, -150.0, 50.0)
    return (*conc(V), V)


K_half = 0.5 * (ions["K"].c_in + ions["K"].c_out)
p_star = brentq(lambda p: steady(p)[0] - K_half, 1e-6, 1.0)
t_qs_h = HALF_LIFE_H * np.log2(1 / p_star)
print(
    f"p* = {p_star:.3f}: quasi-steady K⁺ half-time {t_qs_h:.1f} h "
    f"(simulated {t_half_protein_h:.1f} h)"
)

# %% tags=["check"]
# 1. The pump follows its protein exactly (a constant rate per pump): 1e-9 allows for rounding.
assert max_dev < 1e-9, max_dev
# 2. "Hours to days" (the chapter) for the protein block, and at least 10× slower than the ATP
#    cut's "minutes to hours" (the pump decays over a day, the leaks act in ~30 min).
assert 1 < t_half_protein_h < 10 * 24, t_half_protein_h
assert t_half_protein_h > 10 * t_half_atp_h, (t_half_protein_h, t_half_atp_h)
# 3. Quasi-steady prediction: the real cell lags the moving steady state (so it is later) by
#    about its slowest relaxation time after an ATP cut: V's half-time there (~1 h, problem 13)
#    is about twice the K⁺ half-time. Allow 0 < lag < 3 × the ATP-cut K⁺ half-time (~1.5 h).
lag_h = t_half_protein_h - t_qs_h
assert 0 < lag_h < 3 * t_half_atp_h, (t_half_protein_h, t_qs_h)

# %% tags=["solution"]
fig, (a1, a2) = plt.subplots(1, 2, figsize=(12, 4.5), layout="constrained")
qs_t = np.linspace(0, 240, 121)
qs = np.array([steady(2 ** (-t / HALF_LIFE_H)) for t in qs_t])
a1.plot(ta.t / 3600, ta.V, "C3", label="ATP cut (problem 13)")
a1.plot(tp.t / 3600, tp.V, "k", label=f"protein block, t½ = {HALF_LIFE_H:g} h")
a1.plot(qs_t, qs[:, 3], "k:", label="quasi-steady estimate")
a1.set_xlabel("time (h)")
a1.set_ylabel("V (mV)")
a1.set_title("Run-down of V")
a1.legend(fontsize=11)
a2.plot(ta.t / 3600, ta.c_in["K"], "C3", label="[K]ᵢ, ATP cut")
a2.plot(tp.t / 3600, tp.c_in["K"], "k", label="[K]ᵢ, protein block")
a2.plot(qs_t, qs[:, 0], "k:", label="[K]ᵢ, quasi-steady")
a2.axhline(K_half, color="0.6", lw=1, label=f"halfway, {K_half:g} mM")
a2.set_xlabel("time (h)")
a2.set_ylabel("[K]ᵢ (mM)")
a2.set_title("K⁺ gradient: minutes vs a day")
a2.legend(fontsize=11)
for a in (a1, a2):
    a.set_xlim(0, 120)
plt.show()
