"""Physical constants: the single source of truth for every formula in vrest.

All values are CODATA 2018 (Tiesinga et al., Rev. Mod. Phys. 93, 025010 (2021)). Since the 2019
SI redefinition the Avogadro constant, the elementary charge and the Boltzmann constant are exact,
so the gas constant R = N_A·k and the Faraday constant F = N_A·e are exact too.
"""

from __future__ import annotations

#: Avogadro constant, 1/mol (exact).
N_A: float = 6.02214076e23
#: Elementary charge, C (exact).
E_CHARGE: float = 1.602176634e-19
#: Boltzmann constant, J/K (exact).
K_B: float = 1.380649e-23
#: Molar gas constant R = N_A·k, J/(mol·K) = 8.314462618... (exact).
R: float = N_A * K_B
#: Faraday constant F = N_A·e, C/mol = 96485.33212... (exact).
F: float = N_A * E_CHARGE
#: 0 °C in kelvin (exact).
ZERO_CELSIUS: float = 273.15

#: Default temperature, °C (mammalian body temperature, the chapter's 310 K ≈ 37 °C).
DEFAULT_CELSIUS: float = 37.0


def kelvin(celsius: float) -> float:
    """Absolute temperature T (K) from a temperature in °C: T = celsius + 273.15."""
    return celsius + ZERO_CELSIUS


def rt_over_f(celsius: float = DEFAULT_CELSIUS) -> float:
    """Thermal voltage RT/F in mV at ``celsius`` (°C); 26.727 mV at 37 °C."""
    return 1e3 * R * (celsius + ZERO_CELSIUS) / F
