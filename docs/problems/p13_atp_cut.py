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
# # Problem 13: ATP cut — the cell runs down when the pump stops
#
# Mitochondria are poisoned and ATP runs out: the Na⁺/K⁺ pump stops at once. The chapter says
# that the leaks then run the gradients down and V drifts toward 0 mV — in a real cell toward a
# Donnan potential set by the impermeant anions — over minutes to hours.
#
# Take the NESS neuron (`load_preset("ness_neuron")`: the chapter's concentrations, leaks
# g_K : g_Na : g_Cl = 100 : 4 : 45 nS, a 3 Na⁺ : 2 K⁺ pump, Cl⁻ passively distributed so that
# nothing moves before the pump stops; a sphere of radius 30 µm, fixed volume, 37 °C). Stop the
# pump at t = 10 s and follow V, [K]ᵢ, [Na]ᵢ and [Cl]ᵢ for 48 h.
#
# 1. Right after the block, V jumps within a few membrane time constants by the pump's
#    electrogenic share, **+I_pump/G_total** (chapter §5: ΔV_pump = −I_pump/G_total). Compute the
#    jump `V_step` (mV) and compare with `I_pump` / `G_total` (pA, nS) from the rest analysis.
# 2. Just after the block the K⁺ leak alone moves [K]ᵢ:
#    d[K]ᵢ/dt = −g_K (V − E_K)/(F·vol). Compute it by hand (`dKdt_hand`, mM/s) and from the time
#    course (`dKdt_model`).
# 3. Derive the end point by hand: the Donnan equilibrium of the fixed-volume cell, `V_D` (mV,
#    about −10 mV here, not 0), and show that the run-down ends there (`V_end`).
# 4. How long until V is halfway from its value after the jump to V_D? Report `t_half_V_min`
#    (minutes) and check it against the chapter's "minutes to hours".

# %% [markdown]
# ## Physics
#
# States: V and each [X]ᵢ (volume `vol` and bath fixed):
#
# $$C\frac{dV}{dt} = -\sum_X I_X,\qquad \frac{d[X]_i}{dt} = -\frac{I_X}{z_X F\,\mathrm{vol}},
# \qquad I_X = g_X (V - E_X) + I_X^{\rm pump}$$
#
# with V = V_in − V_out, outward current positive, and the pump's shares
# $I_{Na}^{\rm pump} = 3 I_p$, $I_{K}^{\rm pump} = -2 I_p$ (net $I_{\rm pump} = I_p$). When the pump
# stops, V relaxes within $\tau_m = C/G_{\rm total}$ (under a millisecond here) to the zero-current
# potential without pump, i.e. it rises by $I_{\rm pump}/G_{\rm total}$. Then the concentrations
# run down on the much slower time scale $\mathrm{vol}\,F\,\Delta c / I$ (tens of minutes).
#
# **End point.** With no pump and a fixed volume the cell reaches the Donnan equilibrium: every
# permeant ion at equilibrium, $[K]_i = r[K]_o$, $[Na]_i = r[Na]_o$, $[Cl]_i = [Cl]_o/r$, with
# $V_D = -\frac{RT}{F}\ln r$. The impermeant anions inside carry the fixed charge
# $A = [K]_i^0 + [Na]_i^0 - [Cl]_i^0$ (electroneutrality at the start; the charge on the
# membrane capacitor, $CV/(F\,\mathrm{vol}) \approx 10^{-3}$ mM, is negligible), so
# electroneutrality at the end reads $r S - [Cl]_o / r = A$ with $S = [K]_o + [Na]_o$:
#
# $$r = \frac{A + \sqrt{A^2 + 4 S [Cl]_o}}{2S}.$$
#
# Assumptions: fixed volume (a real cell swells as it gains NaCl, which this model leaves out),
# fixed bath, linear (chord) leaks whose conductances do not change.

# %% tags=["solution"]
import matplotlib.pyplot as plt
import numpy as np

import vrest
from vrest.dynamics import atp_cut
from vrest.presets import load_preset

plt.rcParams.update({"font.size": 12})
cell = load_preset("ness_neuron")
rest = vrest.solve_rest(cell)
V_rest, I_pump, G_total = rest.V, rest.i_pump, rest.G_total
tau_ms = cell.capacitance_pF / G_total  # pF / nS = ms
T_K = vrest.kelvin(cell.celsius)
RT_F = vrest.R * T_K / vrest.F * 1e3  # mV

tc = atp_cut(cell, hours=48, block_at_s=10.0, log_s=10.0)
at_block = tc.value_at(10.0)
after = tc.value_at(10.0 + 10 * tau_ms * 1e-3)  # ten membrane time constants later
V_step = after["V_mV"] - at_block["V_mV"]
print(f"V_rest {V_rest:.2f} mV, I_pump {I_pump:.1f} pA, G_total {G_total:.1f} nS, "
      f"τ_m {tau_ms:.3f} ms")  # fmt: skip
print(f"jump after the block: {V_step:+.3f} mV;  I_pump/G_total = {I_pump / G_total:+.3f} mV")

# %% tags=["solution"]
# 2. the K⁺ leak right after the jump, by hand (chord leak; pA, mV, µm³ → mM/s)
ions = cell.ions
E_K = RT_F * np.log(ions["K"].c_out / ions["K"].c_in)
vol_L = cell.volume_um3 * 1e-15
I_K_pA = ions["K"].g * (after["V_mV"] - E_K)  # nS × mV = pA
dKdt_hand = -I_K_pA * 1e-12 / (vrest.F * vol_L) * 1e3  # mol/L/s → mM/s
dKdt_model = tc.rates(10.0 + 10 * tau_ms * 1e-3)["K_in_mM_s"]
print(f"d[K]i/dt just after the block: hand {dKdt_hand:.5f} mM/s, model {dKdt_model:.5f} mM/s")

# 3. the Donnan end point by hand
A = ions["K"].c_in + ions["Na"].c_in - ions["Cl"].c_in
S = ions["K"].c_out + ions["Na"].c_out
r = (A + np.sqrt(A**2 + 4 * S * ions["Cl"].c_out)) / (2 * S)
V_D = -RT_F * np.log(r)
V_end = float(tc.V[-1])
print(f"Donnan: r = {r:.4f}, V_D = {V_D:.2f} mV, [K]i {r * ions['K'].c_out:.2f} mM, "
      f"[Na]i {r * ions['Na'].c_out:.1f} mM, [Cl]i {ions['Cl'].c_out / r:.1f} mM")  # fmt: skip
print(
    f"model after 48 h: V {V_end:.2f} mV, "
    + ", ".join(f"[{n}]i {c[-1]:.2f} mM" for n, c in tc.c_in.items())
)

# %% tags=["solution"]
# 4. when is V halfway from its value after the jump to V_D?
V_half = 0.5 * (after["V_mV"] + V_D)
t_after = tc.t - 10.0
k = int(np.nonzero((t_after > 0) & (tc.V >= V_half))[0][0])
t_half_s = np.interp(V_half, tc.V[k - 1 : k + 1], t_after[k - 1 : k + 1])
t_half_V_min = t_half_s / 60.0
t_half_K_min = tc.half_time("K") / 60.0
print(f"V halfway ({V_half:.1f} mV) {t_half_V_min:.1f} min after the block; "
      f"K⁺ gradient half gone after {t_half_K_min:.1f} min")  # fmt: skip

# %% tags=["check"]
# 1. The jump is the pump's share I_pump/G_total (chapter §5). Tolerance 0.01 mV: after 10 τ_m
#    the fast relaxation is complete to e^-10 ≈ 5e-5 of 1.3 mV, and the concentrations move by
#    ~1e-4 mM in those 8 ms (a change of E_K of ~1e-5 mV).
assert abs(V_step - I_pump / G_total) < 0.01, (V_step, I_pump / G_total)
assert 0 < V_step < 5  # the pump hyperpolarized by 1–5 mV (chapter §5): stopping it depolarizes
# 2. Hand K⁺ flux vs the model's: the same equation, so agreement to 0.1 % (the model's E_K
#    uses the same CODATA constants; the residual is the solver's dense-output accuracy).
assert abs(dKdt_model / dKdt_hand - 1) < 1e-3, (dKdt_model, dKdt_hand)
# 3. The run-down ends at the Donnan potential derived by hand. Tolerance 0.05 mV: the
#    capacitor's charge (~1e-3 mM of 151 mM) shifts r by < 1e-5, and after 48 h (≈ 100 half-times)
#    the approach is complete.
assert -12 < V_D < -9  # about −10 mV: a Donnan potential, not 0 mV
assert abs(V_end - V_D) < 0.05, (V_end, V_D)
# 4. "Minutes to hours" (the chapter): between 1 min and 24 h.
assert 1 < t_half_V_min < 24 * 60, t_half_V_min

# %% tags=["solution"]
fig, (a1, a2) = plt.subplots(1, 2, figsize=(12, 4.5), layout="constrained")
h = tc.t / 3600
a1.plot(h, tc.V, "k", label="V (model)")
a1.axhline(V_D, color="C3", ls="--", label=f"Donnan V_D = {V_D:.1f} mV (by hand)")
a1.axvline(t_half_s / 3600 + 10 / 3600, color="0.5", ls=":",
           label=f"V halfway: {t_half_V_min:.0f} min")  # fmt: skip
a1.set_xlim(0, 12)
a1.set_xlabel("time (h)")
a1.set_ylabel("V (mV)")
a1.set_title("Pump stopped at t = 10 s")
a1.legend(fontsize=11)
for n, c in tc.c_in.items():
    a2.plot(h, c, label=f"[{n}]ᵢ")
a2.set_xlim(0, 12)
a2.set_xlabel("time (h)")
a2.set_ylabel("concentration inside (mM)")
a2.set_title("Gradients run down (fixed volume; 48 h computed)")
a2.legend(fontsize=11)
plt.show()
