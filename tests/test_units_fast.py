"""The pint-free table of common units (vrest.units.FAST_UNITS) agrees with pint exactly, so
reading a cell file without importing pint gives the same numbers."""

from __future__ import annotations

import pytest

from vrest import units


@pytest.mark.parametrize(
    ("kind", "unit"), [(k, u) for k, table in units.FAST_UNITS.items() for u in table]
)
def test_fast_unit_factor_is_pints(kind: str, unit: str) -> None:
    working = units.WORKING_UNITS[kind][0]
    text = unit.replace("²", "**2").replace("^", "**")
    q = units.ureg().Quantity(1.0, "1" + text if text.startswith("/") else text)  # "/ms" = 1/ms
    # 1e-12 relative: pint's own conversion factors are products of exact decimal prefixes
    assert units.FAST_UNITS[kind][unit] == pytest.approx(q.to(working).magnitude, rel=1e-12, abs=0)


def test_a_cell_file_is_read_without_pint() -> None:
    import subprocess
    import sys

    code = (
        "import sys, vrest; vrest.solve_rest(vrest.load_cell('examples/cells/chapter_neuron.toml'))"
        "; print('pint' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
