"""vrest: the ionic basis of the resting membrane potential.

Conventions: V = V_in − V_out; outward current positive; CODATA 2018 R and F. Plain floats are in
mV, mM, pA, nS, µm (µm² for areas), cm/s for permeabilities and °C for temperature (``celsius=``);
pint quantities and strings such as ``"140 mM"`` are accepted at the public boundary.
"""

from __future__ import annotations

from . import units
from .cell import Cell, IonSpec, load_cell
from .chord import chord_currents, chord_voltage, total_conductance
from .constants import DEFAULT_CELSIUS, E_CHARGE, K_B, N_A, F, R, kelvin, rt_over_f
from .donnan import (
    DonnanResult,
    DonnanTwoCompartmentResult,
    donnan_equilibrium,
    donnan_two_compartments,
    osmotic_pressure,
)
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
from .errors import CellFileError, SolverError, VrestError, VrestInputError, VrestWarning
from .fields import get_field, set_field, set_fields
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
from .rest import IonRest, RestResult, size_transporter, solve_rest
from .selectivity import (
    biionic_reversal_potential,
    ddG_from_permeability_ratio,
    permeability_ratio_biionic,
    permeability_ratio_from_ddG,
)
from .state import STATES, Drift, EnergyBooks
from .temperature import q10_factor, q10_scale
from .transporters import Transporter

__version__ = "0.1.0"


def __getattr__(name: str):
    """``vrest.noise`` and ``vrest.sweep`` are imported on first use (numba, dask, xarray)."""
    if name in ("noise", "sweep"):
        import importlib

        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'vrest' has no attribute {name!r}")

__all__ = [
    "ATP_ADP_PI_MM",
    "DEFAULT_CELSIUS",
    "DG0_ATP_KJ_PER_MOL",
    "E_CHARGE",
    "ION_TABLE",
    "K_B",
    "N_A",
    "STATES",
    "Cell",
    "CellFileError",
    "DonnanResult",
    "DonnanTwoCompartmentResult",
    "Drift",
    "EnergyBalance",
    "EnergyBooks",
    "F",
    "Ion",
    "IonRest",
    "IonSpec",
    "Pump",
    "R",
    "RestResult",
    "RestingATP",
    "SolverError",
    "Transporter",
    "VoltageStepCost",
    "VrestError",
    "VrestInputError",
    "VrestWarning",
    "atp_free_energy",
    "attwell_laughlin_resting_atp",
    "biionic_reversal_potential",
    "chord_currents",
    "chord_voltage",
    "conductance_dissipation",
    "ddG_from_permeability_ratio",
    "donnan_equilibrium",
    "donnan_two_compartments",
    "driving_force",
    "electrochemical_potential_difference",
    "energy_balance",
    "entropy_production",
    "get_field",
    "get_ion",
    "ghk_chord_conductance",
    "ghk_current",
    "ghk_current_density",
    "ghk_slope_conductance",
    "ghk_voltage",
    "ion_dissipation",
    "ion_table",
    "kelvin",
    "load_cell",
    "min_atp_for_voltage_step",
    "mullins_noda_voltage",
    "nernst",
    "osmotic_pressure",
    "permeability_for_conductance",
    "permeability_ratio_biionic",
    "permeability_ratio_from_ddG",
    "pump_contribution",
    "pump_cycle_rate",
    "pump_efficiency",
    "pump_free_energy_per_cycle",
    "pump_ion_currents",
    "pump_work",
    "q10_factor",
    "q10_scale",
    "resolve_valence",
    "rt_over_f",
    "set_field",
    "set_fields",
    "size_transporter",
    "solve_rest",
    "total_conductance",
    "units",
]
