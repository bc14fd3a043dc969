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
# # Problem 16: Hyperkalemia — the cardiac myocyte depolarizes
#
# A raised plasma K⁺ (hyperkalemia, above about 5.5 mM) depolarizes heart muscle. Use the ten
# Tusscher–Panfilov 2006 human ventricular myocyte (TTP06; scenario `hyperkalemia`, every gate at
# its steady state, concentrations held at the model's initial values, 37 °C) and vary [K]ₒ from
# 2 to 12 mM.
#
# 1. At the model's own [K]ₒ = 5.4 mM, V_rest (`V_54`, mV) must be the published resting value of
#    the model, **−85.23 mV** (ten Tusscher & Panfilov 2006, Am J Physiol Heart Circ Physiol
#    291:H1088).
# 2. At high [K]ₒ the cell follows E_K: the slope dV_rest/dlog₁₀[K]ₒ (`slope_high`, mV/decade,
#    between 10 and 12 mM) approaches the Nernst slope **2.303 RT/F = 61.5 mV/decade** at 310 K
#    (physics; compute it, `nernst_slope`). At low [K]ₒ (`slope_low`, 2–2.4 mM) V departs from
#    E_K: the slope is clearly smaller.
# 3. Show that V_rest lies above E_K at every [K]ₒ (`V_minus_EK`, mV), and explain why.
# 4. Find the [K]ₒ at which the cell is most excitable (`k_most_excitable`, mM) and explain why
#    excitability first rises and then falls (Na⁺-channel availability h∞ j∞).

# %% [markdown]
# ## Physics
#
# $$E_K = \frac{RT}{F}\ln\frac{[K]_o}{[K]_i},\qquad
# \frac{dE_K}{d\log_{10}[K]_o} = \frac{RT\ln 10}{F} = 61.5\ \text{mV/decade at 310 K.}$$
#
# The rest of a quiescent myocyte is where the sum of its currents vanishes (V = V_in − V_out,
# outward positive): $I_{K1} + I_{NaK} + I_{NaCa} + I_{bNa} + I_{bCa} + I_{pK} + \ldots = 0$.
# The inward rectifier dominates: $I_{K1} = g_{K1}\sqrt{[K]_o/5.4}\;x_{K1,\infty}(V-E_K)\,(V-E_K)$.
# Because $g_{K1}$ grows as √[K]ₒ, the K⁺ conductance outweighs the inward background currents
# more and more at high [K]ₒ, and V → E_K; at low [K]ₒ $g_{K1}$ is small and the background
# currents (I_bNa, I_bCa, I_NaCa) pull V above E_K (a sub-Nernstian slope).
#
# **Excitability.** A depolarized rest brings V closer to threshold (more excitable), but
# it also inactivates Na⁺ channels: availability $h_\infty(V) j_\infty(V)$ falls steeply above
# about −85 mV, so severe hyperkalemia makes the cell inexcitable.
#
# Assumptions: the TTP06 model's, at rest; concentrations inside fixed (no slow drift of
# [Na]ᵢ, [K]ᵢ); the threshold is a fast–slow estimate (m and x_K1 instantaneous, other gates
# frozen at rest), not a simulated upstroke.

# %% tags=["solution"]
import matplotlib.pyplot as plt
import numpy as np

import vrest
from vrest.scenarios import run

plt.rcParams.update({"font.size": 12})
res = run("hyperkalemia", k_out_min=2.0, k_out_max=12.0, points=41)
rows = res.tables["rest"]
k = np.array([r["k_out_mM"] for r in rows])
V = np.array([r["V_rest_mV"] for r in rows])
E_K = np.array([r["E_K_mV"] for r in rows])
avail = np.array([r["h_inf_j_inf"] for r in rows])
dV_thr = np.array([r["threshold_depolarization_mV"] for r in rows])

hi = run("hyperkalemia", k_out_min=10.0, k_out_max=12.0, points=2).tables["rest"]
lo = run("hyperkalemia", k_out_min=2.0, k_out_max=2.4, points=2).tables["rest"]
at54 = run("hyperkalemia", k_out_min=5.4, k_out_max=6.0, points=2).tables["rest"][0]


def slope(pair):
    a, b = pair
    return (b["V_rest_mV"] - a["V_rest_mV"]) / np.log10(b["k_out_mM"] / a["k_out_mM"])


V_54 = at54["V_rest_mV"]
slope_high, slope_low = slope(hi), slope(lo)
nernst_slope = vrest.R * 310.0 / vrest.F * np.log(10) * 1e3  # mV/decade
V_minus_EK = V - E_K
k_most_excitable = float(k[np.nanargmin(dV_thr)])
print(f"V_rest at 5.4 mM: {V_54:.3f} mV (E_K {at54['E_K_mV']:.2f} mV)")
print(
    f"slope: high [K]o {slope_high:.1f}, low [K]o {slope_low:.1f}, "
    f"Nernst {nernst_slope:.1f} mV/decade"
)
print(f"V − E_K from {V_minus_EK.min():.2f} to {V_minus_EK.max():.2f} mV")
print(f"most excitable at [K]o ≈ {k_most_excitable:.1f} mM "
      f"(threshold depolarization {np.nanmin(dV_thr):.1f} mV, h∞j∞ there "
      f"{avail[np.nanargmin(dV_thr)]:.3f} vs {at54['h_inf_j_inf']:.3f} at 5.4 mM)")  # fmt: skip

# %% tags=["check"]
# 1. The published resting V of TTP06 is given to 0.01 mV; allow 0.01 mV.
assert abs(V_54 - (-85.23)) < 0.01, V_54
# 2. Nernst slope at 310 K from CODATA constants: 61.5 mV/decade (rounded to 0.1 mV).
assert abs(nernst_slope - 61.5) < 0.05, nernst_slope
# At 10–12 mM I_K1 dominates: within 2 mV/decade (3 %) of Nernst, and below it (the background
# currents still pull V up a little). At 2–2.4 mM clearly sub-Nernstian: at least 5 mV/decade less.
assert nernst_slope - 2 < slope_high < nernst_slope, slope_high
assert slope_low < nernst_slope - 5, slope_low
# 3. V_rest above E_K everywhere (the net inward background currents need an outward I_K1).
assert all(d > 0 for d in V_minus_EK), min(V_minus_EK)
# 4. Biphasic excitability: most excitable in mild hyperkalemia, above the normal 5.4 mM
#    (clinically, mild hyperkalemia is 5.5–6.5 mM and severe above 7; the model's optimum need
#    only lie between normal and the top of the sweep).
assert 5.4 < k_most_excitable < 12.0, k_most_excitable

# %% tags=["solution"]
res.plot()  # vrest's figure: V_rest vs [K]o with E_K, I_K1 I–V curves, availability, threshold
plt.show()
