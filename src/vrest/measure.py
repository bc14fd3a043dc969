"""Comparing a measured resting potential with the model: the liquid junction potential, a
dialysed cell and a leaky seal.

* **LJP** (:mod:`vrest.ljp`): the bath's potential relative to the pipette's; the membrane
  potential is V_m = V_measured − LJP (Neher 1992; Barry & Lynch 1991).
* **Whole-cell dialysis**: after break-in the pipette solution replaces the cytoplasm, so the
  model is solved with each ion's [X]ᵢ set to the pipette's (an ion of the cell that the pipette
  lacks is an error: name it).
* **Seal leak**: a conductance G_seal to 0 mV (the bath) in parallel with the membrane; the
  model is solved with it (a leak of reversal 0 mV), so a measured V pulled toward 0 by a poor
  seal is compared with the model under the same shunt.

A cell file may name its solutions in a ``[solutions]`` table (``pipette = "pipette.toml"``,
``bath = "bath.toml"``, relative to the cell file); :func:`solutions_of` reads it.
Units: mV, mM, nS, °C.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from . import units
from .errors import VrestInputError


@dataclass(frozen=True)
class Comparison:
    """``measured`` (mV, as recorded), ``ljp`` (mV or None), ``corrected`` (V_m = measured −
    LJP), ``model`` (V of the model under the same conditions, mV), ``difference``
    (corrected − model), ``notes`` (what was assumed)."""

    measured: float
    ljp: float | None
    corrected: float
    model: float
    difference: float
    notes: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "measured_mV": self.measured,
            "ljp_mV": self.ljp,
            "corrected_mV": self.corrected,
            "model_mV": self.model,
            "difference_mV": self.difference,
            "notes": list(self.notes),
        }

    def table(self) -> str:
        lines = ["measured vs model"]
        lines.append(f"  measured           {self.measured:+.2f} mV")
        if self.ljp is not None:
            lines.append(f"  liquid junction    {self.ljp:+.2f} mV (bath relative to pipette)")
            lines.append(f"  V_m = meas − LJP   {self.corrected:+.2f} mV")
        lines.append(f"  model              {self.model:+.2f} mV")
        lines.append(f"  difference         {self.difference:+.2f} mV (corrected − model)")
        lines += [f"  - {n}" for n in self.notes]
        return "\n".join(lines)


def _solution(x: Any, field: str) -> dict[str, float] | None:
    from .ljp import load_solution

    if x is None:
        return None
    if isinstance(x, str | os.PathLike):
        return load_solution(x)
    if isinstance(x, dict):
        out = {}
        for k, v in x.items():
            f = f"{field}.{k}"
            out[str(k)] = float(units.scalar(units.concentration(v, f), f, "concentration"))
        return out
    raise VrestInputError(field, x, "a solution file or a dict ion → mM")


def solutions_of(cell_path: str | os.PathLike) -> dict[str, Path]:
    """The ``[solutions]`` table of a cell file: ``pipette`` and/or ``bath`` paths (relative to
    the file), or an empty dict."""
    from ._io import MAX_READ_BYTES, read_bounded

    p = Path(cell_path)
    if not p.is_file():
        return {}
    data = tomllib.loads(read_bounded(p, MAX_READ_BYTES).decode("utf-8"))
    sol = data.get("solutions", {})
    if not isinstance(sol, dict):
        raise VrestInputError(f"{p}: solutions", sol, "a table with pipette and/or bath")
    out = {}
    for k, v in sol.items():
        if k not in ("pipette", "bath") or not isinstance(v, str):
            raise VrestInputError(
                f"{p}: solutions.{k}", v, 'pipette = "FILE.toml" and/or bath = "FILE.toml"'
            )
        out[k] = (p.parent / v).resolve()
    return out


def compare(
    cell: Any,
    measured: Any,
    *,
    pipette: Any = None,
    bath: Any = None,
    method: str = "nernst-planck",
    dialysis: bool = False,
    seal_leak: Any = None,
    model: str | None = None,
) -> Comparison:
    """Compare ``measured`` (mV, as recorded) with ``cell``'s rest: correct it by the LJP
    between ``pipette`` and ``bath`` (files or dicts; at the cell's temperature), solve the
    model with the pipette's concentrations inside (``dialysis``) and/or a ``seal_leak``
    conductance (nS) to 0 mV. See the module docstring."""
    from .channels import Channel
    from .ljp import ljp as _ljp
    from .rest import V_MAX_MV, solve_rest

    v_meas = units.finite_scalar(measured, "measured", "voltage")
    if not abs(v_meas) <= V_MAX_MV:  # a membrane breaks down long before
        raise VrestInputError("measured", measured, f"a recorded V within ±{V_MAX_MV:g} mV")
    pip, bth = _solution(pipette, "pipette"), _solution(bath, "bath")
    notes: list[str] = []
    lj = None
    if pip is not None and bth is not None:
        lj = _ljp(pip, bth, celsius=cell.celsius, method=method).value
        notes.append(f"LJP by {method} at {cell.celsius:g} °C; V_m = V_measured − LJP")
    elif pip is not None or bth is not None:
        raise VrestInputError("bath" if bth is None else "pipette", None,
                              "both solutions for a junction potential")  # fmt: skip
    c = cell
    if dialysis:
        if pip is None:
            raise VrestInputError("dialysis", True, "a pipette solution (the cell's new inside)")
        missing = [i for i in c.ions if i not in pip]
        if missing:
            raise VrestInputError("pipette", sorted(pip), f"every ion of the cell: add {missing}")
        for ion in c.ions:
            c = c.with_ion(ion, c_in=pip[ion])
        notes.append("whole-cell dialysis: [X]i = the pipette's for every ion of the cell")
    if seal_leak is not None:
        g = units.scalar(units.nonnegative(seal_leak, "seal_leak", "conductance"), "seal_leak",
                         "conductance")  # fmt: skip
        c = replace(c, channels=(*c.channels, Channel("leak", g=g, E=0.0, name="seal")))
        notes.append(f"seal leak {g:g} nS to 0 mV in parallel with the membrane")
    v_model = float(solve_rest(c, model=model).V)
    corrected = v_meas - (lj or 0.0)
    return Comparison(v_meas, lj, corrected, v_model, corrected - v_model, tuple(notes))
