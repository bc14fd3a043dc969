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
# # Problem 17: The GABA shift — NKCC1 versus KCC2
#
# GABA opens Cl⁻ (and HCO₃⁻) channels. In immature neurons, which express the Cl⁻ importer
# NKCC1 and little of the exporter KCC2, [Cl]ᵢ is high (about **25–30 mM**, Ben-Ari 2002, Nat
# Rev Neurosci 3:728) and GABA **depolarizes**; in mature neurons KCC2 holds [Cl]ᵢ low (about
# **5–7 mM**, Kaila et al. 2014, Nat Rev Neurosci 15:637) and GABA **hyperpolarizes**.
#
# Use the scenario `gaba-shift` (cells `immature_neuron` and `mature_neuron`: the same membrane,
# NKCC1 and KCC2 in different amounts, at their true steady state (NESS), 37 °C).
#
# 1. For each stage report [Cl]ᵢ, V_rest, E_Cl and E_GABA (dicts `Cl_in`, `V_rest`, `E_Cl`,
#    `E_GABA`, keyed by stage, mM and mV) and check [Cl]ᵢ against the ranges above.
# 2. Compute by hand E_Cl (Nernst) and E_GABA from the GHK equation with
#    **P_HCO3/P_Cl = 0.2** (Bormann, Hamill & Sakmann 1987, J Physiol 385:243), [HCO₃⁻]ₒ = 26 mM,
#    pHᵢ 7.2, pHₒ 7.4 (dicts `E_Cl_hand`, `E_GABA_hand`).
# 3. Show that each [Cl]ᵢ lies between the transporters' thermodynamic set points: KCC2 stops
#    at E_Cl = E_K, NKCC1 at E_Cl = (E_Na + E_K)/2 (dicts `E_K`, `E_Na` by stage, mV).
# 4. Show that GABA depolarizes the immature and hyperpolarizes the mature neuron
#    (the sign of E_GABA − V_rest).

# %% [markdown]
# ## Physics
#
# Nernst for an anion (z = −1): $E_{Cl} = -\frac{RT}{F}\ln\frac{[Cl]_o}{[Cl]_i}$. The GABA_A
# channel passes Cl⁻ and HCO₃⁻; its reversal potential from the GHK voltage equation for two
# anions is
#
# $$E_{GABA} = \frac{RT}{F}\ln\frac{P_{Cl}[Cl]_i + P_{HCO_3}[HCO_3]_i}
# {P_{Cl}[Cl]_o + P_{HCO_3}[HCO_3]_o}.$$
#
# With CO₂ equilibrated across the membrane (equal pCO₂), $[HCO_3]_i = [HCO_3]_o\,10^{pH_i -
# pH_o}$, so $E_{HCO_3} = \frac{RT}{F}\ln 10\,(pH_i - pH_o) \approx -12$ mV.
#
# **Transporters.** A cotransporter runs at a rate proportional to its free-energy drive and
# stops where the drive vanishes: KCC2 (1 K⁺ + 1 Cl⁻ out) at $E_{Cl} = E_K$; NKCC1 (1 Na⁺,
# 1 K⁺, 2 Cl⁻ in) at $2E_{Cl} = E_{Na} + E_K$. With both present and a Cl⁻ leak that pulls
# E_Cl toward V, the steady [Cl]ᵢ lies between the two set points. GABA depolarizes when
# $E_{GABA} > V_{rest}$ (V = V_in − V_out, outward current positive).
#
# Assumptions: the scenario's cells (transporter strengths chosen for the two stages), equal
# pCO₂ inside and out, HCO₃⁻ permeability ratio 0.2.

# %% tags=["solution"]
import matplotlib.pyplot as plt
import numpy as np

import vrest
from vrest.scenarios import run

plt.rcParams.update({"font.size": 12})
STAGES = ("immature", "mature")
RT_F = vrest.R * vrest.kelvin(37.0) / vrest.F * 1e3  # mV
P_RATIO, HCO3_OUT, PH_IN, PH_OUT = 0.2, 26.0, 7.2, 7.4  # the question's values

res = {s: run("gaba-shift", stage=s) for s in STAGES}
num = {s: {k: v for k, (v, _) in r.numbers.items()} for s, r in res.items()}
Cl_in = {s: num[s]["Cl_in"] for s in STAGES}
V_rest = {s: num[s]["V_rest"] for s in STAGES}
E_Cl = {s: num[s]["E_Cl"] for s in STAGES}
E_GABA = {s: num[s]["E_GABA"] for s in STAGES}
E_K = {s: num[s]["E_K"] for s in STAGES}
E_Na = {s: num[s]["E_Na"] for s in STAGES}

cl_out = vrest.load_cell("examples/cells/mature_neuron.toml").ions["Cl"].c_out
hco3_in = HCO3_OUT * 10 ** (PH_IN - PH_OUT)
E_Cl_hand = {s: -RT_F * np.log(cl_out / Cl_in[s]) for s in STAGES}
E_GABA_hand = {
    s: RT_F * np.log((Cl_in[s] + P_RATIO * hco3_in) / (cl_out + P_RATIO * HCO3_OUT)) for s in STAGES
}
for s in STAGES:
    print(f"{s:9s}: [Cl]i {Cl_in[s]:5.1f} mM, V_rest {V_rest[s]:6.1f} mV, E_Cl {E_Cl[s]:6.1f} "
          f"(hand {E_Cl_hand[s]:6.1f}), E_GABA {E_GABA[s]:6.1f} (hand {E_GABA_hand[s]:6.1f}) mV, "
          f"E_GABA − V {E_GABA[s] - V_rest[s]:+5.1f} mV")  # fmt: skip

# %% tags=["check"]
# 1. Literature ranges of [Cl]i (the papers' rounded ranges, taken as they stand).
assert 25 <= Cl_in["immature"] <= 30, Cl_in
assert 5 <= Cl_in["mature"] <= 7, Cl_in
for s in ("immature", "mature"):
    # 2. Same equations by hand (CODATA R, F at 310.15 K): 1e-6 mV is rounding.
    assert abs(E_Cl[s] - E_Cl_hand[s]) < 1e-6, (s, E_Cl[s], E_Cl_hand[s])
    assert abs(E_GABA[s] - E_GABA_hand[s]) < 1e-6, (s, E_GABA[s], E_GABA_hand[s])
    # 3. Between the set points: E_K (KCC2) ≤ E_Cl ≤ (E_Na + E_K)/2 (NKCC1).
    nkcc1_set_point = (E_Na[s] + E_K[s]) / 2
    assert E_K[s] < E_Cl[s] < nkcc1_set_point, (s, E_K[s], E_Cl[s], nkcc1_set_point)
# 4. The shift: GABA depolarizes the immature neuron and hyperpolarizes the mature one.
assert E_GABA["immature"] > V_rest["immature"]
assert E_GABA["mature"] < V_rest["mature"]

# %% tags=["solution"]
fig, (a1, a2) = plt.subplots(1, 2, figsize=(12, 4.8), layout="constrained")
x = np.arange(2)
for key, d, mk, col in (("V_rest", V_rest, "s", "k"), ("E_Cl", E_Cl, "v", "C0"),
                        ("E_GABA", E_GABA, "o", "C3")):  # fmt: skip
    a1.plot(x, [d[s] for s in STAGES], mk, color=col, ms=11, label=key)
for s, xi in zip(STAGES, x):
    arrow = "depolarizes" if E_GABA[s] > V_rest[s] else "hyperpolarizes"
    a1.annotate("", xy=(xi + 0.12, E_GABA[s]), xytext=(xi + 0.12, V_rest[s]),
                arrowprops=dict(arrowstyle="->", color="C3", lw=2))  # fmt: skip
    a1.text(xi + 0.17, 0.5 * (E_GABA[s] + V_rest[s]), f"GABA\n{arrow}", fontsize=11, va="center")
a1.set_xticks(x, [f"{s}\n[Cl]ᵢ = {Cl_in[s]:.0f} mM" for s in STAGES])
a1.set_xlim(-0.4, 1.8)
a1.set_ylabel("potential (mV)")
a1.set_title("Immature vs mature neuron")
a1.legend(fontsize=11, loc="lower left")
sweep = res["mature"].tables["kcc2_sweep"]
kcc2 = [r["kcc2_rel_mature"] for r in sweep]
a2.semilogx(kcc2, [r["E_GABA_ghk"] for r in sweep], "C3", label="E_GABA (GHK, P ratio 0.2)")
a2.semilogx(kcc2, [r["E_Cl"] for r in sweep], "C0", label="E_Cl")
a2.semilogx(kcc2, [r["V"] for r in sweep], "k", label="V_rest")
a2.set_xlabel("KCC2 strength (× the mature neuron's)")
a2.set_ylabel("potential (mV)")
a2.set_title("Raising KCC2 lowers E_GABA below V_rest")
a2.legend(fontsize=11)
plt.show()
