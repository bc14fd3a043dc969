"""Figures of a sweep Dataset: a line over one varied field (V with each E_i beside it, for a
rest sweep; one line per category), or a heatmap with contours over two. Units on every axis;
a log axis where the values span more than a decade."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import VrestInputError

_WORDS = {"c_out": "[{}]out", "c_in": "[{}]in", "g": "g_{}", "P": "P_{}"}


def _label(ds: Any, name: str) -> str:
    """'K.c_out' → '[K]out = K.c_out (mM)': the physics and the dotted name, with the unit."""
    v = ds[name] if name in ds.variables else None
    unit = v.attrs.get("units", "") if v is not None else ""
    head, _, fld = name.rpartition(".")
    words = _WORDS[fld].format(head) + f" = {name}" if head and fld in _WORDS else name
    return f"{words} ({unit})" if unit else words


def _logscale(values: np.ndarray) -> bool:
    v = np.asarray(values)
    return v.dtype.kind == "f" and bool(np.all(v > 0)) and v.max() / v.min() > 10.0


def plot_sweep(ds: Any, var: str | None = None, path: Any = None) -> Any:
    """Draw ``ds`` (a Dataset from :func:`vrest.sweep`); save to ``path`` if given."""
    from ..plotting import _mpl, figure_format, save_figure

    if path is not None:
        figure_format(path)
    plt = _mpl()
    var = var or ("V" if "V" in ds.data_vars else next(iter(ds.data_vars)))
    if var not in ds.data_vars:
        raise VrestInputError("var", var, f"one of {', '.join(ds.data_vars)}")
    da = ds[var]
    dims = [d for d in da.dims if ds.sizes[d] > 1] or list(da.dims[:1])
    num = [d for d in dims if d in ds.coords and ds[d].dtype.kind == "f"]
    cat = [d for d in dims if d not in num]
    fig, ax = plt.subplots(figsize=(8.5, 5.5), layout="constrained")
    if len(num) == 2 and not cat:
        x, y = num[1], num[0]
        z = da.transpose(y, x).values
        X, Y = np.meshgrid(ds[x].values, ds[y].values)
        m = ax.pcolormesh(X, Y, z, shading="auto", cmap="viridis")
        cs = ax.contour(X, Y, z, colors="w", linewidths=0.8, levels=8, linestyles="solid")
        ax.clabel(cs, fontsize=8, fmt="%.1f")
        fig.colorbar(m, ax=ax, label=_label(ds, var))
        ax.set_xlabel(_label(ds, x))
        ax.set_ylabel(_label(ds, y))
        if _logscale(ds[x].values):
            ax.set_xscale("log")
        if _logscale(ds[y].values):
            ax.set_yscale("log")
        ax.set_title(f"{da.attrs.get('long_name', var)} — {ds.attrs.get('cell', '')}")
    elif len(num) == 1 and len(cat) <= 1:
        x = num[0]
        xs = ds[x].values
        groups = [(None, da)] if not cat else [
            (str(c), da.sel({cat[0]: c})) for c in ds[cat[0]].values
        ]  # fmt: skip
        for k, (label, g) in enumerate(groups):
            name = var if label is None else f"{var} ({label})"
            ax.plot(xs, g.values, lw=2, color=f"C{k}", label=name)
            if var == "V" and ds.attrs.get("analysis") == "rest":
                for j, e in enumerate(v for v in ds.data_vars if v.startswith("E_")):
                    eg = ds[e] if label is None else ds[e].sel({cat[0]: label})
                    cur = ds.get("I_" + e[2:])
                    if cur is not None and not np.any(cur.values):
                        continue  # no conductance for this ion: its E does not act on V
                    if np.all(np.isfinite(eg.values)):
                        ax.plot(xs, eg.values, ls="--", lw=1.2, color=f"C{j + 3}",
                                label=e if k == 0 else None)  # fmt: skip
        if _logscale(xs):
            ax.set_xscale("log")
        ax.set_xlabel(_label(ds, x))
        ax.set_ylabel(_label(ds, var))
        ax.set_title(f"{da.attrs.get('long_name', var)} against {x} — {ds.attrs.get('cell', '')}")
        ax.legend(fontsize=9)
        ax.grid(alpha=0.3)
    else:
        plt.close(fig)
        raise VrestInputError(
            "plot", list(dims),
            "one numeric varied field (a line, optionally one per category) or two (a heatmap)",
        )  # fmt: skip
    if path is not None:
        save_figure(fig, path)
    return fig


def register_accessor() -> None:
    """``ds.vrest.plot()`` on any Dataset (registered when :mod:`vrest.sweep` is imported)."""
    import xarray as xr

    if hasattr(xr.Dataset, "vrest"):
        return

    @xr.register_dataset_accessor("vrest")
    class _Vrest:
        def __init__(self, ds: Any) -> None:
            self._ds = ds

        def plot(self, var: str | None = None, path: Any = None) -> Any:
            return plot_sweep(self._ds, var, path)
