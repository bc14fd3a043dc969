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
# # Problem 19: Acidophiles — an inside-positive potential and the proton-motive force
#
# *Acidithiobacillus (Thiobacillus) ferrooxidans* lives at pH 2 and keeps its cytoplasm at
# pH 6.5. Cox, Nicholls & Ingledew (1979, Biochem J 178:195) measured, at pH 2, a ΔpH of
# **4.5 units** and an **inside-positive** potential of **+10 mV**, together a proton
# electrochemical gradient of **256 mV**.
#
# 1. Show by hand that 4.5 pH units and +10 mV make 256 mV (`dp_cox`, mV, taking
#    Z = 2.303RT/F at 25 °C) — and say which way the gradient drives H⁺.
# 2. Use the scenario `acidophile` (cell `acidophile`: K⁺ and H⁺ leaks, an ATP-driven K⁺ uptake
#    and an ATP-driven H⁺ extrusion, built so that Δψ = +10 mV at pH 2 / 6.5; 30 °C). Report Δψ
#    (`dpsi`) and Δp (`dp_model`) and check Δp against the formula at 30 °C (`dp_hand`).
# 3. Stop the K⁺ uptake: predict Δψ by hand from the remaining currents (`dpsi_no_uptake_hand`)
#    and compare with the model (`dpsi_no_uptake`): the uptake is what makes Δψ positive.
# 4. Valinomycin (a K⁺ ionophore) raises P_K enormously: show that Δψ then approaches E_K
#    (`dpsi_valino` at 10⁴ × P_K, `E_K`, mV).

# %% [markdown]
# ## Physics
#
# Conventions: Δψ = ψ_in − ψ_out (= V), ΔpH = pH_in − pH_out. The free energy to bring one mole
# of H⁺ into the cell is $F\,\Delta p$ with the proton-motive force
#
# $$\Delta p = \Delta\psi - Z\,\Delta pH,\qquad Z = \frac{RT\ln 10}{F}
# \;(59.2\ \text{mV at 25 °C},\ 60.2\ \text{mV at 30 °C}).$$
#
# Δp < 0 drives H⁺ **into** the cell. A neutrophile makes Δp mostly from a negative Δψ; an
# acidophile has a huge ΔpH (E_H = Z ΔpH ≈ +270 mV) and must *limit* the H⁺ influx: an
# inside-positive Δψ opposes it.
#
# **Currents** (chord; outward positive): leaks $g_K(V-E_K)$, $g_H(V-E_H)$; the H⁺ pump (1 H⁺
# out per ATP) carries $g_{p}(V - E_H + A)$ with $A = |\Delta G_{ATP}|/F$; the K⁺ uptake (1 K⁺ in
# per ATP) carries $-g_{up}(E_K - V + A)$. Without the uptake, zero net current gives
#
# $$\Delta\psi = \frac{g_K E_K + g_H E_H + g_p (E_H - A)}{g_K + g_H + g_p}.$$
#
# With $P_K \to \infty$ the K⁺ leak dominates every other conductance and Δψ → E_K.
# Assumptions: the scenario's stand-in cell (every rate constant assumed; only Δψ = +10 mV,
# pHᵢ and pHₒ come from Cox et al.), ΔG_ATP of vrest's default (erythrocyte) nucleotides.

# %% tags=["solution"]
import matplotlib.pyplot as plt
import numpy as np

import vrest
from vrest.presets import load_preset
from vrest.scenarios import run

plt.rcParams.update({"font.size": 12})
PH_OUT, PH_IN = 2.0, 6.5
dpH = PH_IN - PH_OUT
Z25 = vrest.R * vrest.kelvin(25.0) / vrest.F * np.log(10) * 1e3  # mV
dp_cox = 10.0 - Z25 * dpH
print(f"Cox et al.: Δp = +10 − {Z25:.2f} × {dpH} = {dp_cox:.1f} mV (H⁺ driven in)")

res = run("acidophile")
n = {k: v for k, (v, _) in res.numbers.items()}
dpsi, dp_model = n["dpsi"], n["dp"]
cell = load_preset("acidophile")
RT_F = vrest.R * vrest.kelvin(cell.celsius) / vrest.F * 1e3
dp_hand = dpsi - RT_F * np.log(10) * dpH
print(f"model (30 °C): Δψ {dpsi:+.2f} mV, Δp {dp_model:.2f} mV (hand {dp_hand:.2f})")

# %% tags=["solution"]
E_K = RT_F * np.log(cell.ions["K"].c_out / cell.ions["K"].c_in)
E_H = RT_F * np.log(cell.ions["H"].c_out / cell.ions["H"].c_in)
A = -vrest.atp_free_energy(celsius=cell.celsius) * 1e6 / vrest.F  # kJ/mol → mV
g_K, g_H, g_p = cell.ions["K"].g, cell.ions["H"].g, cell.transporter("HATPase").g
dpsi_no_uptake_hand = (g_K * E_K + g_H * E_H + g_p * (E_H - A)) / (g_K + g_H + g_p)
dpsi_no_uptake = run("acidophile", k_uptake="off").numbers["dpsi"][0]
dpsi_valino = run("acidophile", pk_scale=1e4).numbers["dpsi"][0]
print(f"E_K {E_K:.2f}, E_H {E_H:.1f}, |ΔG_ATP|/F {A:.0f} mV")
print(f"no K⁺ uptake: Δψ {dpsi_no_uptake:.3f} mV (hand {dpsi_no_uptake_hand:.3f})")
print(f"valinomycin (P_K × 10⁴): Δψ {dpsi_valino:.2f} mV → E_K {E_K:.2f} mV")

# %% tags=["check"]
# 1. Cox et al.'s 256 mV from their ΔpH and Δψ (given to 1 mV): |Δp| within 0.5 mV of 256.
assert abs(abs(dp_cox) - 256) < 0.5 and dp_cox < 0, dp_cox
# 2. The model's Δψ is Cox's +10 mV (the cell was built for it: 0.01 mV checks the build), and
#    its Δp is the formula's (1e-6 mV: rounding).
assert abs(dpsi - 10.0) < 0.01, dpsi
assert abs(dp_model - dp_hand) < 1e-6, (dp_model, dp_hand)
# 3. Without the uptake: the linear circuit by hand (1e-6 mV: the chord model is exactly it),
#    and Δψ negative.
assert abs(dpsi_no_uptake - dpsi_no_uptake_hand) < 1e-6, (dpsi_no_uptake, dpsi_no_uptake_hand)
assert dpsi_no_uptake < 0
# 4. P_K × 10⁴: the other conductances (≈ 0.02 nS) against 100 nS of K⁺ leave V within
#    ≈ 2e-4 × (E_H − E_K ≈ 350 mV) ≈ 0.07 mV of E_K: allow 0.1 mV.
assert abs(dpsi_valino - E_K) < 0.1, (dpsi_valino, E_K)

# %% tags=["solution"]
fig, (a1, a2) = plt.subplots(1, 2, figsize=(12, 4.6), layout="constrained")
ph_out = np.linspace(1, 6.5, 56)
for T, col in ((25.0, "C0"), (30.0, "C3")):
    Z = vrest.R * vrest.kelvin(T) / vrest.F * np.log(10) * 1e3
    a1.plot(ph_out, 10.0 - Z * (PH_IN - ph_out), col, label=f"Δp with Δψ = +10 mV, {T:g} °C")
a1.plot([PH_OUT], [-256], "ko", ms=8, label="Cox et al. 1979: −256 mV at pH 2")
a1.set_xlabel("pH outside (pH inside 6.5)")
a1.set_ylabel("proton-motive force Δp (mV)")
a1.set_title("Δp = Δψ − Z·ΔpH (< 0: H⁺ driven in)")
a1.legend(fontsize=11)
tab = res.tables["dpsi_vs_pk_scale"]
a2.semilogx([r["pk_scale"] for r in tab], [r["V_mV"] for r in tab], "k", label="Δψ (model)")
a2.axhline(E_K, color="C0", ls="--", label=f"E_K = {E_K:.1f} mV")
a2.axhline(0, color="0.6", lw=0.8)
a2.set_xlabel("P_K × (valinomycin-like factor)")
a2.set_ylabel("Δψ (mV)")
a2.set_title("More K⁺ permeability: Δψ → E_K")
a2.legend(fontsize=11)
plt.show()
