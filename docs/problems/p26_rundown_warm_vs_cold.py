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
# # Problem 26 (combined): When the pump stops in a warm and in a cold cell
#
# Combines the ATP cut (problem 13) with temperature (§6). The chapter gives the temperature
# coefficients: leak conductances Q10 ≈ 1.2–1.5, the pump Q10 ≈ 2–3.
#
# Take the NESS neuron (`load_preset("ness_neuron")`, described at 37 °C, leak Q10 1.3, pump
# Q10 3.0) at 37 °C and moved to 27 °C (`cell.at_celsius(27)`), and stop its pump right at the
# start of each run (t = 1 ms).
#
# 1. The immediate jump of V is the pump's share I_pump/G_total. Show that the jump in the cold
#    cell is **1.3/3.0 = 0.433** times the warm one (`jump_ratio`): the pump slows by 3, the
#    leaks by 1.3.
# 2. After that, only the leaks act. Show that the K⁺ and Na⁺ half-times scale by
#    **Q10_leak × T_warm/T_cold = 1.3 × 310.15/300.15 = 1.343** (`ratio_K`, `ratio_Na`): cooling
#    by 10 °C slows the run-down by a third — and the pump's Q10 plays no part in it.

# %% [markdown]
# ## Physics
#
# Chord leaks, fixed volume (problem 13): $C\,dV/dt = -\sum_X I_X$,
# $d[X]_i/dt = -I_X/(z_XF\,\mathrm{vol})$, $I_X = g_X(V - E_X)$ once the pump has stopped.
#
# **The jump.** Within τ_m = C/G (a millisecond) V loses the pump's share,
# $\Delta V = I_{\rm pump}/G$. Moving the cell by ΔT = −10 °C divides I_pump by
# $3.0$ and G by $1.3$, so $\Delta V_{\rm cold}/\Delta V_{\rm warm} = 1.3/3.0$.
#
# **The run-down.** After the jump V follows the zero-current potential
# $V = \sum_X g_X E_X / G$. All g scale by the same factor ℓ = 1.3^(ΔT/10), so the weights
# $g_X/G$ do not change, and every $E_X = \frac{RT}{z_XF}\ln\frac{[X]_o}{[X]_i}$ is ∝ T at given
# concentrations: V and every driving force $V - E_X$ are ∝ T. Hence
#
# $$\frac{d[X]_i}{dt} = -\frac{g_X (V - E_X)}{z_X F\,\mathrm{vol}} \;\propto\; \ell\,T :$$
#
# the cold cell runs through **the same concentrations**, only slower by
# $\ell^{-1}\,T_{\rm warm}/T_{\rm cold} = 1.3 \times 310.15/300.15$. (The fast phase τ_m and the
# 1 ms before the block are not scaled; they change the half-times by < 10⁻⁶.)
#
# Assumptions: both cells start from the same concentrations (the 37 °C NESS; the cold one is
# briefly "drifting" because its pump no longer matches its leaks — irrelevant after the block),
# fixed volume, linear leaks.

# %% tags=["solution"]
import matplotlib.pyplot as plt

import vrest
from vrest.dynamics import atp_cut
from vrest.presets import load_preset

plt.rcParams.update({"font.size": 12})
warm = load_preset("ness_neuron")
cold = warm.at_celsius(27.0)
runs, jumps = {}, {}
for name, cell in (("37 °C", warm), ("27 °C", cold)):
    rest = vrest.solve_rest(cell)
    jumps[name] = rest.i_pump / rest.G_total  # mV
    runs[name] = atp_cut(cell, hours=6, block_at_s=1e-3, log_s=10.0)
    print(f"{name}: V {rest.V:.2f} mV, I_pump {rest.i_pump:.1f} pA, G {rest.G_total:.1f} nS, "
          f"jump {jumps[name]:+.3f} mV")  # fmt: skip
jump_ratio = jumps["27 °C"] / jumps["37 °C"]
half = {n: {x: tc.half_time(x) / 60 for x in ("K", "Na")} for n, tc in runs.items()}
ratio_K = half["27 °C"]["K"] / half["37 °C"]["K"]
ratio_Na = half["27 °C"]["Na"] / half["37 °C"]["Na"]
print(f"half-times (min): {half}")
print(f"jump ratio {jump_ratio:.4f}; run-down slower by {ratio_K:.5f} (K⁺), {ratio_Na:.5f} (Na⁺)")

# %% tags=["check"]
# 1. Jump ratio = Q10_leak/Q10_pump (exact algebra; 1e-9).
assert abs(jump_ratio - 1.3 / 3.0) < 1e-9, jump_ratio
# 2. Run-down ratio = 1.3 × T_warm/T_cold. Tolerance 1e-5: the unscaled fast phase and the
#    1 ms pre-block interval, and the solver's accuracy on the half-times.
expected = 1.3 * 310.15 / 300.15
assert abs(ratio_K - expected) < 1e-5 and abs(ratio_Na - expected) < 1e-5, (ratio_K, ratio_Na)

# %% tags=["solution"]
fig, (a1, a2) = plt.subplots(1, 2, figsize=(12, 4.6), layout="constrained")
for (name, tc), col in zip(runs.items(), ("C3", "C0")):
    a1.plot(tc.t / 60, tc.V, color=col, label=f"{name}")
    a2.plot(tc.t / 60, tc.c_in["K"], color=col, label=f"[K]ᵢ, {name}")
    a2.plot(tc.t / 60, tc.c_in["Na"], color=col, ls="--", label=f"[Na]ᵢ, {name}")
    a2.axvline(half[name]["K"], color=col, ls=":", lw=1)
a1.set_xlabel("time after the pump stops (min)")
a1.set_ylabel("V (mV)")
a1.set_title("Run-down of V: the cold cell is 1.34× slower")
a1.legend(fontsize=11)
a2.set_xlabel("time after the pump stops (min)")
a2.set_ylabel("concentration inside (mM)")
a2.set_title("Same path, stretched in time (dotted: K⁺ half-times)")
a2.legend(fontsize=10.5)
for a in (a1, a2):
    a.set_xlim(0, 360)
plt.show()
