"""Sweeps and ensembles: vary fields of a cell by dotted name and run an analysis at every point,
in this process or on a Dask cluster, resumably (:func:`vrest.sweep.api.sweep`).

The module itself is callable: ``vrest.sweep(cell, {"K.c_out": "1:100:log:50"})``.
"""

from __future__ import annotations

import sys
import types
from typing import Any

from .api import sweep, to_dataset
from .plot import plot_sweep, register_accessor
from .spec import SweepSpec, make_spec

__all__ = ["SweepSpec", "make_spec", "plot_sweep", "sweep", "to_dataset"]

register_accessor()


class _CallableModule(types.ModuleType):
    """``vrest.sweep`` is both this package and its main function."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return sweep(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
