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
# # Problem 21: Fitting permeability ratios to V_rest against [K]ₒ (Hodgkin & Katz)
#
# Hodgkin & Katz (1949, J Physiol 108:37) explained the squid axon's resting potential with the
# GHK voltage equation and permeability ratios **P_K : P_Na : P_Cl = 1 : 0.04 : 0.45**. The
# classic way to get such ratios is to change [K]ₒ (replacing Na⁺ by K⁺ so that their sum stays
# the same) and fit the GHK equation to V_rest.
#
# We have no measured data set here, so we make one — **clearly synthetic**: V_rest of the
# squid axon (`load_preset("squid_axon")` without its pump: [K]ᵢ 400, [Na]ᵢ 50, [Cl]ᵢ 52 mM;
# [K]ₒ 20, [Na]ₒ 440, [Cl]ₒ 560 mM; 18.5 °C) from the published ratios at nine [K]ₒ from 2.5
# to 450 mM, plus Gaussian noise of **σ = 1 mV** (seed 1949).
#
# 1. Fit P_Na and P_Cl (P_K fixed, so the fit determines the ratios) with `vrest.fit.fit_rest`
#    and give the ratios with their 95 % intervals (`ratio_Na`, `ratio_Cl`: dicts with
#    "value", "lower", "upper").
# 2. Check that the fit recovers the published **0.04** and **0.45** within their intervals and
#    that χ² is consistent with σ = 1 mV (`p_chi2`, the χ² p-value).
# 3. Identifiability: show that if Cl⁻ were passively distributed (E_Cl = V, as in many cells)
#    V would not depend on P_Cl at all (`dV_passive`, mV), so K⁺ substitution could not
#    determine it.

# %% [markdown]
# ## Physics
#
# GHK voltage equation (V = V_in − V_out):
#
# $$V = \frac{RT}{F}\ln\frac{P_K[K]_o + P_{Na}[Na]_o + P_{Cl}[Cl]_i}
# {P_K[K]_i + P_{Na}[Na]_i + P_{Cl}[Cl]_o}.$$
#
# Only ratios of P enter, so with P_K fixed the fit is a fit of $P_{Na}/P_K$ and $P_{Cl}/P_K$.
# At low [K]ₒ the Na⁺ term pulls V away from E_K; at high [K]ₒ V follows E_K (slope
# 2.303RT/F = 57.8 mV/decade at 18.5 °C). The Cl⁻ term matters only while [Cl]ᵢ is held away
# from equilibrium: here [Cl]ᵢ = 52 mM is fixed, E_Cl ≈ −60 mV, and the Cl⁻ current grows as V
# moves away from −60 mV.
#
# **Weighted least squares** minimizes $\chi^2 = \sum_j (V_{\rm model}(K_j) - V_j)^2/\sigma^2$;
# the 95 % profile-likelihood interval of a parameter is where $\chi^2$ (minimized over the other
# parameter) stays within 3.84 of its minimum. With correct σ, $\chi^2_{\min}$ follows a
# χ² distribution with n − p = 7 degrees of freedom.
#
# **Passive Cl⁻.** If [Cl]ᵢ relaxes until E_Cl = V, the Cl⁻ current is zero at rest whatever
# P_Cl: V is then set by K⁺ and Na⁺ alone, and P_Cl drops out of the data.

# %% [markdown] tags=["solution"]
# **Discussion.** The squid's own [Cl]ᵢ (52 mM) is almost exactly the passive value for its
# resting V (52.4 mM: E_Cl ≈ V ≈ −60 mV), so at the normal [K]ₒ of 20 mM the Cl⁻ current is
# nearly zero and a single resting V says nothing about P_Cl. The K⁺-substitution series
# determines P_Cl only because [Cl]ᵢ stays at 52 mM while V moves tens of mV away from E_Cl (at
# high [K]ₒ): the Cl⁻ current then pulls V back toward −60 mV, in proportion to P_Cl. If the
# solutions are changed slowly enough for Cl⁻ to redistribute (E_Cl following V), P_Cl drops
# out entirely — part 3 — and only an upper bound could be given (vrest's fit reports such a
# parameter as "upper bound only").

# %% tags=["solution"]
import matplotlib.pyplot as plt
import numpy as np
from scipy import stats

import vrest
from vrest.fields import set_fields
from vrest.fit import fit_rest
from vrest.presets import load_preset

plt.rcParams.update({"font.size": 12})
TRUE = {"Na": 0.04, "Cl": 0.45}  # Hodgkin & Katz 1949
SIGMA = 1.0  # mV, the synthetic noise
KEEP = {"Na.c_out": "K.c_out"}  # K⁺ replaces Na⁺ at constant sum
cell = set_fields(load_preset("squid_axon"), ["pump=none"])
assert abs(cell.ions["Na"].P / cell.ions["K"].P - TRUE["Na"]) < 1e-12  # the published ratios
assert abs(cell.ions["Cl"].P / cell.ions["K"].P - TRUE["Cl"]) < 1e-12

k_out = np.array([2.5, 5, 10, 20, 50, 100, 200, 300, 450])
V_true = vrest.sweep(cell, {"K.c_out": list(k_out)}, points="list", keep_sum=KEEP)["V"].values
V_data = V_true + np.random.default_rng(1949).normal(0.0, SIGMA, k_out.size)  # SYNTHETIC

start = set_fields(cell, ["Na.P=1.6e-8", "Cl.P=3.2e-6"])  # start far from the truth
fit = fit_rest(start, {"K.c_out": k_out, "V": V_data}, vary=["Na.P", "Cl.P"], keep_sum=KEEP,
               sigma=SIGMA)  # fmt: skip
print(fit.table())
ratio = {ion: fit.params[f"{ion}.P"].to_dict()["ratio"] for ion in ("Na", "Cl")}
ratio_Na, ratio_Cl = ratio["Na"], ratio["Cl"]
p_chi2 = stats.chi2.sf(fit.chi2, fit.dof)

# %% tags=["solution"]
# identifiability: Cl⁻ passively distributed at the rest set by K⁺ and Na⁺
T = cell.celsius
P = {"K": 1.0, "Na": 0.04, "Cl": 0.45}
cin = {"K": 400.0, "Na": 50.0, "Cl": 52.0}
cout = {"K": 20.0, "Na": 440.0, "Cl": 560.0}
V0 = vrest.ghk_voltage({"K": 1.0, "Na": 0.04}, cin, cout, celsius=T)
cl_passive = cout["Cl"] * np.exp(V0 / (vrest.R * vrest.kelvin(T) / vrest.F * 1e3))
cin_p = dict(cin, Cl=cl_passive)
V_cl = [vrest.ghk_voltage(dict(P, Cl=pc), cin_p, cout, celsius=T) for pc in (0.0, 0.45, 5.0)]
dV_passive = max(V_cl) - min(V_cl)
print(f"passive Cl⁻ ([Cl]i = {cl_passive:.1f} mM): V = {V_cl[1]:.3f} mV for P_Cl/P_K = 0, "
      f"0.45 and 5; spread {dV_passive:.1e} mV")  # fmt: skip

# %% tags=["check"]
# 1.–2. The published ratios inside the 95 % profile intervals (a fixed seed: this draw is
#    reproducible; over many seeds the truth would fall outside 5 % of the time).
for r, truth in ((ratio_Na, 0.04), (ratio_Cl, 0.45)):
    assert r["lower"] is not None and r["upper"] is not None, f"not identifiable: {r}"
    assert r["lower"] <= truth <= r["upper"], (r, truth)
# χ² consistent with the noise we added: not in either 1 % tail of χ²(7).
assert 0.01 < p_chi2 < 0.99, p_chi2
# 3. With Cl⁻ passive, P_Cl has no effect at all (1e-9 mV: the root solver's tolerance).
assert dV_passive < 1e-9, dV_passive

# %% tags=["solution"]
fit.plot()  # vrest's figure: data and fit, residuals, profiles
plt.show()
