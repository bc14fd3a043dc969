"""Preset cells by name: the example and application cells (``chapter_neuron``,
``ness_neuron``, ``squid_axon``, ``frog_muscle``, ``hh_stochastic``, …) wherever a cell is chosen
(scenarios, the CLI, the explorer). A preset is a cell file of ``examples/cells`` (or of the
package's own ``data`` folder); a name that is not a preset is read as a path."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

_DIRS = (
    Path(__file__).resolve().parent / "data",
    Path(__file__).resolve().parents[2] / "examples" / "cells",
)
#: Data tables of the package's ``data`` folder that are not cells.
_NOT_CELLS = frozenset({"mobilities"})


def preset_names() -> list[str]:
    """Every preset cell's name (sorted)."""
    names = {p.stem for d in _DIRS if d.is_dir() for p in d.glob("*.toml")}
    return sorted(names - _NOT_CELLS)


def preset_path(name: str) -> Path | None:
    """The file of preset ``name`` (None if there is none)."""
    if name in _NOT_CELLS:
        return None
    for d in reversed(_DIRS):  # the examples' files first: they carry their sources
        p = d / f"{name}.toml"
        if p.is_file():
            return p
    return None


def load_preset(name_or_path: str | os.PathLike) -> Any:
    """A :class:`vrest.Cell` from a preset name or a cell-file path."""
    from .cell import load_cell

    is_name = isinstance(name_or_path, str) and name_or_path.isidentifier()
    if is_name and not Path(name_or_path).exists():
        p = preset_path(name_or_path)
        if p is None:
            from .errors import VrestInputError

            raise VrestInputError(
                "cell", name_or_path, f"a cell file or a preset: {', '.join(preset_names())}"
            )
        return load_cell(p)
    return load_cell(name_or_path)
