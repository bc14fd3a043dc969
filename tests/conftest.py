"""Shared test settings: hypothesis profile sized for a 2-core CI machine."""

from __future__ import annotations

import math

from hypothesis import HealthCheck, settings

settings.register_profile(
    "vrest", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("vrest")

# Independent reference values for the tests: CODATA 2018 exact constants, typed in here rather
# than imported from vrest, so that the tests check vrest's constants too.
# R = N_A k and F = N_A e with the exact SI (2019) values of N_A, k and e.
R_CODATA = 6.02214076e23 * 1.380649e-23  # 8.31446261815324 J/(mol K)
F_CODATA = 6.02214076e23 * 1.602176634e-19  # 96485.33212331 C/mol
ZERO_CELSIUS = 273.15  # K, exact


def rtf_mV(celsius: float) -> float:
    """RT/F in mV from the CODATA values above."""
    return 1e3 * R_CODATA * (celsius + ZERO_CELSIUS) / F_CODATA


#: A valid two-ion cell file, the base that the bad-input tests break one field at a time.
GOOD_TOML = """\
name = "test cell"
celsius = 37
radius = "30 um"

[ions.K]
c_in = "140 mM"
c_out = "4 mM"
g = "100 nS"

[ions.Na]
c_in = "15 mM"
c_out = "145 mM"
g = "4 nS"

[pump]
mode = "balance"
"""


def _sub(old: str, new: str) -> str:
    """GOOD_TOML with one piece of text replaced (which must be there)."""
    assert old in GOOD_TOML
    return GOOD_TOML.replace(old, new, 1)


__all__ = ["F_CODATA", "GOOD_TOML", "R_CODATA", "ZERO_CELSIUS", "_sub", "math", "rtf_mV"]
