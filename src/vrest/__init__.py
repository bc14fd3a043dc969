"""vrest: the ionic basis of the resting membrane potential.

Conventions: V = V_in − V_out; outward current positive; CODATA 2018 R and F. Plain floats are in
mV, mM, pA, nS, µm (µm² for areas), cm/s for permeabilities and °C for temperature (``celsius=``);
pint quantities and strings such as ``"140 mM"`` are accepted at the public boundary.
"""

from __future__ import annotations

from . import units
from .cell import Cell, IonSpec, load_cell
from .chord import chord_currents, chord_voltage, total_conductance
from .constants import DEFAULT_CELSIUS, E_CHARGE, F, K_B, N_A, R, kelvin, rt_over_f
from .errors import CellFileError, SolverError, VrestError, VrestInputError, VrestWarning
from .energetics import (
    ATP_ADP_PI_MM,
    DG0_ATP_KJ_PER_MOL,
    EnergyBalance,
    RestingATP,
    VoltageStepCost,
    atp_free_energy,
    attwell_laughlin_resting_atp,
    conductance_dissipation,
    energy_balance,
    entropy_production,
    ion_dissipation,
    min_atp_for_voltage_step,
    pump_efficiency,
    pump_free_energy_per_cycle,
    pump_work,
)
from .ghk import (
    ghk_chord_conductance,
    ghk_current,
    ghk_current_density,
    ghk_slope_conductance,
    ghk_voltage,
    permeability_for_conductance,
)
from .ions import ION_TABLE, Ion, get_ion, ion_table, resolve_valence
from .nernst import driving_force, electrochemical_potential_difference, nernst
from .pump import Pump, mullins_noda_voltage, pump_contribution, pump_cycle_rate, pump_ion_currents
from .rest import IonRest, RestResult, solve_rest
from .temperature import q10_factor, q10_scale

__version__ = "0.1.0"

__all__ = [
    "ATP_ADP_PI_MM",
    "DG0_ATP_KJ_PER_MOL",
    "Cell",
    "EnergyBalance",
    "IonRest",
    "IonSpec",
    "RestResult",
    "RestingATP",
    "VoltageStepCost",
    "atp_free_energy",
    "attwell_laughlin_resting_atp",
    "conductance_dissipation",
    "energy_balance",
    "entropy_production",
    "ion_dissipation",
    "load_cell",
    "min_atp_for_voltage_step",
    "pump_efficiency",
    "pump_free_energy_per_cycle",
    "pump_work",
    "solve_rest",
    "units",
    "DEFAULT_CELSIUS",
    "E_CHARGE",
    "F",
    "ION_TABLE",
    "K_B",
    "N_A",
    "R",
    "CellFileError",
    "Ion",
    "Pump",
    "SolverError",
    "VrestError",
    "VrestInputError",
    "VrestWarning",
    "chord_currents",
    "chord_voltage",
    "driving_force",
    "electrochemical_potential_difference",
    "get_ion",
    "ghk_chord_conductance",
    "ghk_current",
    "ghk_current_density",
    "ghk_slope_conductance",
    "ghk_voltage",
    "ion_table",
    "kelvin",
    "mullins_noda_voltage",
    "nernst",
    "permeability_for_conductance",
    "pump_contribution",
    "pump_cycle_rate",
    "pump_ion_currents",
    "q10_factor",
    "q10_scale",
    "resolve_valence",
    "rt_over_f",
    "total_conductance",
]
