"""Example 07: what the resting potential costs.

Run:  python examples/07_energetics.py

1. The Attwell & Laughlin (2001) resting budget of a rat cortical neuron: only Na⁺ and K⁺ leaks
   and a 3 Na⁺ : 2 K⁺ pump at steady state, R_in = 200 MΩ, V = −70 mV, E_Na = +50 mV,
   E_K = −100 mV (J. Cereb. Blood Flow Metab. 21, 1133 (2001); parameters as restated by
   D. Attwell on PubMed Commons, 2017). They report 3.42 × 10⁸ ATP/s.
2. The heat this cell dissipates in its leaks, which equals the pump's work on the ions, and
   the entropy it produces, Ṡ = P/T at 37 °C.
3. ΔG of ATP hydrolysis in the cytosol (Lehninger's erythrocyte values, ≈ −52 kJ/mol) and the
   pump's thermodynamic efficiency: free energy stored per cycle / |ΔG_ATP|.
4. The minimum ATP cost of a 100 mV depolarization of a 1000 µm² membrane at 1 µF/cm²
   (Q = C ΔV, Na⁺ = Q/e, ATP = Na⁺/3).
"""

from __future__ import annotations

from vrest.energetics import (
    atp_free_energy,
    attwell_laughlin_resting_atp,
    energy_balance,
    entropy_production,
    min_atp_for_voltage_step,
    pump_efficiency,
    pump_free_energy_per_cycle,
    pump_work,
)

#: Attwell & Laughlin's cell (MΩ, mV).
R_IN, V_REST, E_NA, E_K = 200.0, -70.0, 50.0, -100.0
#: Membrane for the voltage step: area (µm²), specific capacitance (µF/cm²), step (mV).
AREA, CM, STEP = 1000.0, 1.0, 100.0


def main() -> dict:
    """Compute the budget and return it as a dict of plain floats (SI or stated units)."""
    cell = attwell_laughlin_resting_atp(R_IN, V_REST, E_NA, E_K, full=True)
    work = pump_work(cell.i_pump, V_REST, E_NA, E_K)
    balance = energy_balance(cell.dissipation_W, work)
    dg_atp = atp_free_energy(celsius=37.0)
    step = min_atp_for_voltage_step(area=AREA, cm=CM, dV=STEP)
    return {
        "resting_atp_per_s": cell.atp_per_s,
        "g_na_nS": cell.g_na,
        "g_k_nS": cell.g_k,
        "i_na_pA": cell.i_na,
        "i_pump_pA": cell.i_pump,
        "dissipation_W": cell.dissipation_W,
        "pump_work_W": work,
        "energy_balance_relative_residual": balance.relative_residual,
        "entropy_production_W_per_K": entropy_production(cell.dissipation_W, celsius=37.0),
        "dG_atp_kJ_per_mol": dg_atp,
        "pump_work_per_cycle_kJ_per_mol": pump_free_energy_per_cycle(V_REST, E_NA, E_K),
        "pump_efficiency": pump_efficiency(V_REST, E_NA, E_K, dg_atp),
        "step_charge_C": step.charge_C,
        "step_na_ions": step.ions,
        "step_atp": step.atp,
    }


if __name__ == "__main__":
    r = main()
    print(
        "Attwell & Laughlin (2001) resting neuron: R_in = 200 MΩ, V = −70, E_Na = +50, "
        "E_K = −100 mV"
    )
    print(
        f"  g_Na = {r['g_na_nS']:.3f} nS, g_K = {r['g_k_nS']:.3f} nS, "
        f"I_Na = {r['i_na_pA']:.1f} pA, I_pump = {r['i_pump_pA']:.1f} pA"
    )
    print(f"  resting ATP use       {r['resting_atp_per_s']:.3e} ATP/s  (paper: 3.42e8)")
    print(
        f"  leak dissipation      {r['dissipation_W']:.3e} W  = pump work "
        f"{r['pump_work_W']:.3e} W (rel. residual {r['energy_balance_relative_residual']:.1e})"
    )
    print(f"  entropy production    {r['entropy_production_W_per_K']:.3e} J/K/s at 37 °C")
    print(f"ΔG_ATP (cytosol, 37 °C) {r['dG_atp_kJ_per_mol']:.1f} kJ/mol")
    print(
        f"pump work per cycle     {r['pump_work_per_cycle_kJ_per_mol']:.1f} kJ/mol -> "
        f"efficiency {r['pump_efficiency']:.2f}"
    )
    print(
        f"100 mV step, {AREA:g} µm² at {CM:g} µF/cm²: Q = {r['step_charge_C']:.2e} C, "
        f"{r['step_na_ions']:.3e} Na⁺, {r['step_atp']:.3e} ATP"
    )
