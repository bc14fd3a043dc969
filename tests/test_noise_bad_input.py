"""Bad input to channel noise: ``vrest.noise(...)`` and ``vrest noise``.

The project's rule (README, tests/test_bad_input.py): bad input raises vrest's own
:class:`VrestInputError` naming the field, the value and the expected unit or wording; the CLI
prints one line and exits with code 2; nothing hangs, nothing is silently wrong, nothing on
disk is harmed. For channel noise that covers the run's arguments (cells, times, dt, seed,
method...), the counted channel populations of the cell (count, gamma, rates), cells whose
rest is not a stable resting state, and runs too long or too big for memory: those are refused
from an estimate before the simulation starts. Every refusal test here runs with the
simulation kernels replaced by a tripwire, so a refusal that stopped happening fails at once
instead of running for hours.

The cells are written here (not read from examples/), so the tests do not follow edits there.
"""

from __future__ import annotations

import math
import os
import stat
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from conftest import Q, assert_names, assert_one_line_error
from conftest import run_cli as run

import vrest
from vrest.cell import load_cell
from vrest.channels import Channel
from vrest.errors import CellFileError, VrestInputError
from vrest.fields import set_fields
from vrest.noise import api as noise_api
from vrest.noise import exact, langevin
from vrest.noise.model import build

NAN = float("nan")
INF = float("inf")

#: 80 two-state K⁺ channels on a 2 µm sphere with Na⁺ and Cl⁻ leaks (the chapter's small cell).
TWO_STATE = """\
name = "noise test cell"
celsius = 37
radius = "2 um"

[ions.K]
c_in = "140 mM"
c_out = "4 mM"
g = "0 nS"

[ions.Na]
c_in = "15 mM"
c_out = "145 mM"
g = "0.016 nS"

[ions.Cl]
c_in = "10 mM"
c_out = "110 mM"
g = "0.18 nS"

[[channel]]
type = "two_state"
name = "K80"
ion = "K"
count = 80
gamma = "10 pS"
alpha = "0.5 /ms"
beta = "0.5 /ms"
"""

#: A Hodgkin–Huxley patch of 1000 µm² made of 60 000 Na⁺ and 18 000 K⁺ channels of 20 pS.
HH = """\
name = "HH test patch"
celsius = 6.3
area = "1000 um^2"

[ions.Na]
c_in = "50 mM"
c_out = "398.7508788 mM"
g = "0 nS"

[ions.K]
c_in = "400 mM"
c_out = "16.3453134 mM"
g = "0 nS"

[[channel]]
type = "hh_na"
count = 60000
gamma = "20 pS"

[[channel]]
type = "hh_k"
count = 18000
gamma = "20 pS"

[[channel]]
type = "leak"
name = "leak"
g = "3 nS"
E = "-54.387 mV"
"""


def sub(old: str, new: str, text: str = TWO_STATE) -> str:
    assert old in text, old
    return text.replace(old, new)


@pytest.fixture(scope="module")
def cells(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    d = tmp_path_factory.mktemp("cells")
    (d / "two_state.toml").write_text(TWO_STATE, encoding="utf-8")
    (d / "hh.toml").write_text(HH, encoding="utf-8")
    return {
        "path": str(d / "two_state.toml"),
        "hh_path": str(d / "hh.toml"),
        "two": load_cell(d / "two_state.toml"),
        "hh": load_cell(d / "hh.toml"),
    }


@pytest.fixture
def no_simulation(monkeypatch: pytest.MonkeyPatch) -> None:
    """Replace the four simulation kernels by a tripwire: a refusal must come first."""

    def tripwire(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the simulation started: the input was not refused")

    for mod in (exact, langevin):
        monkeypatch.setattr(mod, "run", tripwire)
        monkeypatch.setattr(mod, "run_reference", tripwire)


# ---------------------------------------------------------------------------------------------
# vrest.noise(...): each case is (call on the cells fixture, field, value as shown, expected)
# ---------------------------------------------------------------------------------------------
N = {"seed": 1, "duration": 2.0}

API_CASES: dict[str, tuple[Any, ...]] = {
    # choices
    "unknown method": (lambda c: vrest.noise(c["two"], "gillespie", **N), "method", "gillespie",
                       "exact, langevin, lna"),
    "unknown engine": (lambda c: vrest.noise(c["two"], engine="cuda", **N), "engine", "cuda",
                       "numba, numpy"),
    "unknown record": (lambda c: vrest.noise(c["two"], record="all", **N), "record", "all",
                       "trace, summary"),
    # cells
    "cells 0": (lambda c: vrest.noise(c["two"], cells=0, **N), "cells", "0", "whole number"),
    "cells -1": (lambda c: vrest.noise(c["two"], cells=-1, **N), "cells", "-1", "whole number"),
    "cells 1.5": (lambda c: vrest.noise(c["two"], cells=1.5, **N), "cells", "1.5",
                  "whole number"),
    "cells True": (lambda c: vrest.noise(c["two"], cells=True, **N), "cells", "True",
                   "whole number"),
    "cells 1e12": (lambda c: vrest.noise(c["two"], cells=1e12, **N), "cells", "1000000000000.0",
                   "1 … 1e+07"),
    "cells string": (lambda c: vrest.noise(c["two"], cells="2", **N), "cells", "'2'",
                     "whole number"),
    # duration
    "duration NaN": (lambda c: vrest.noise(c["two"], seed=1, duration=NAN), "duration", "nan",
                     "ms"),
    "duration inf": (lambda c: vrest.noise(c["two"], seed=1, duration=INF), "duration", "inf",
                     "ms"),
    "duration negative": (lambda c: vrest.noise(c["two"], seed=1, duration=-1), "duration",
                          "-1", "positive"),
    "duration zero": (lambda c: vrest.noise(c["two"], seed=1, duration=0), "duration", "0",
                      "ms"),
    "duration None": (lambda c: vrest.noise(c["two"], seed=1, duration=None), "duration",
                      "None", "ms"),
    "duration in mV": (lambda c: vrest.noise(c["two"], seed=1, duration="1 mV"), "duration",
                       "1 mV", "ms"),
    "duration quantity in mV": (lambda c: vrest.noise(c["two"], seed=1, duration=Q(5, "mV")),
                                "duration", "5 mV", "ms"),
    "duration string without unit": (lambda c: vrest.noise(c["two"], seed=1, duration="5"),
                                     "duration", "'5'", "ms"),
    "duration unicode minus": (lambda c: vrest.noise(c["two"], seed=1, duration="−5 ms"),
                               "duration", "−5 ms", "positive"),
    "duration list": (lambda c: vrest.noise(c["two"], seed=1, duration=[1, 2]), "duration",
                      "[1, 2]", "a single number in ms"),
    "duration boolean": (lambda c: vrest.noise(c["two"], seed=1, duration=True), "duration",
                         "True", "ms"),
    # the LNA checks the arguments it does not use, too
    "lna negative duration": (lambda c: vrest.noise(c["two"], "lna", duration=-1), "duration",
                              "-1", "ms"),
    "lna dt": (lambda c: vrest.noise(c["two"], "lna", dt=0.001), "dt", "0.001", "no dt"),
    "lna bad seed": (lambda c: vrest.noise(c["two"], "lna", seed="x"), "seed", "'x'",
                     "non-negative integer"),
    # record_dt
    "record_dt zero": (lambda c: vrest.noise(c["two"], record_dt=0, **N), "record_dt", "0",
                       "ms"),
    "record_dt negative": (lambda c: vrest.noise(c["two"], record_dt=-1, **N), "record_dt",
                           "-1", "ms"),
    "record_dt NaN": (lambda c: vrest.noise(c["two"], record_dt=NAN, **N), "record_dt", "nan",
                      "ms"),
    "record_dt beyond duration": (lambda c: vrest.noise(c["two"], record_dt=100, **N),
                                  "record_dt", "100", "at most the duration (2 ms)"),
    "one record only": (lambda c: vrest.noise(c["two"], record_dt=1.0, burn=1.0, **N),
                        "duration", "2.0", "at least 2 records"),
    "one record per cell": (lambda c: vrest.noise(c["two"], cells=5, record_dt=1.5, burn=1.0,
                                                  **N), "duration", "2.0", "at least 2 records"),
    "langevin: dt longer than the run": (
        lambda c: vrest.noise(c["hh"], "langevin", dt=0.004, record_dt=0.001, seed=1,
                              duration=0.005),
        "duration", "0.005", "at least 2 records"),
    "recording too big for memory": (
        lambda c: vrest.noise(c["two"], record_dt=1e-9, seed=1, duration=1e4),
        "record_dt", "1e-09", "record='summary' (--summary)"),
    "record_dt smallest float": (
        lambda c: vrest.noise(c["two"], record_dt=5e-324, seed=1, duration=1e4),
        "record_dt", "5e-324", "coarser record_dt"),
    # burn
    "burn negative": (lambda c: vrest.noise(c["two"], burn=-1, **N), "burn", "-1",
                      "non-negative"),
    "burn NaN": (lambda c: vrest.noise(c["two"], burn=NAN, **N), "burn", "nan", "ms"),
    "burn equals duration": (lambda c: vrest.noise(c["two"], burn=2.0, **N), "burn", "2.0",
                             "less than the duration (2 ms)"),
    "burn beyond duration": (lambda c: vrest.noise(c["two"], burn="1 s", **N), "burn", "1000",
                             "less than the duration"),
    "burn array": (lambda c: vrest.noise(c["two"], burn=np.array([0.0, 1.0]), **N), "burn",
                   "array", "a single number in ms"),
    "burn in mV": (lambda c: vrest.noise(c["two"], burn="1 mV", **N), "burn", "1 mV", "ms"),
    # dt
    "dt for the exact method": (lambda c: vrest.noise(c["two"], dt=0.001, **N), "dt", "0.001",
                                "no dt for the exact method"),
    "dt too coarse": (lambda c: vrest.noise(c["two"], "langevin", dt=1.0, **N), "dt", "1.0",
                      "at most 0.0422 ms"),
    "dt too coarse for HH": (lambda c: vrest.noise(c["hh"], "langevin", dt="0.1 ms", **N), "dt",
                             "0.1", "at most 0.00414 ms"),
    "dt zero": (lambda c: vrest.noise(c["two"], "langevin", dt=0, **N), "dt", "0", "ms"),
    "dt NaN": (lambda c: vrest.noise(c["two"], "langevin", dt=NAN, **N), "dt", "nan", "ms"),
    "dt in mV": (lambda c: vrest.noise(c["two"], "langevin", dt="10 mV", **N), "dt", "10 mV",
                 "ms"),
    "dt absurdly fine": (lambda c: vrest.noise(c["two"], "langevin", dt=1e-300, **N), "dt",
                         "1e-300", "at least"),
    # seed, progress
    "seed -1": (lambda c: vrest.noise(c["two"], seed=-1, duration=2), "seed", "-1",
                "non-negative integer"),
    "seed string": (lambda c: vrest.noise(c["two"], seed="x", duration=2), "seed", "'x'",
                    "non-negative integer"),
    "seed 1.5": (lambda c: vrest.noise(c["two"], seed=1.5, duration=2), "seed", "1.5",
                 "integer"),
    "seed True": (lambda c: vrest.noise(c["two"], seed=True, duration=2), "seed", "True",
                  "integer"),
    "progress not callable": (lambda c: vrest.noise(c["two"], progress=5, **N), "progress",
                              "int", "a function"),
    # the cell
    "cell not a cell": (lambda c: vrest.noise(5, **N), "cell", "int", "vrest.Cell"),
    "cell without radius or area": (
        lambda c: vrest.noise(vrest.Cell(ions=c["two"].ions, channels=c["two"].channels), **N),
        "radius", "None", "µm"),
    "cell without counted channels": (
        lambda c: vrest.noise(vrest.Cell(ions=c["two"].ions, radius=2.0), **N),
        "channel", "[]", "count and gamma"),
    "counted leak": (
        lambda c: vrest.noise(vrest.Cell(ions=c["two"].ions, radius=2.0, channels=[
            Channel("leak", count=10, gamma=0.01, E=-60.0, name="L")]), **N),
        "L.count", "10", "two_state, hh_k, hh_na"),
    "counted ik1": (
        lambda c: vrest.noise(vrest.Cell(ions=c["two"].ions, radius=2.0, channels=[
            Channel("ik1", count=10, gamma=0.01, name="K1")]), **N),
        "K1.count", "10", "two_state, hh_k, hh_na"),
    "zero channels": (lambda c: vrest.noise(c["two"].with_channel("K80", count=0), **N),
                      "K80.count", "0", "at least 1 channel"),
    "zero channels, LNA": (lambda c: vrest.noise(c["two"].with_channel("K80", count=0), "lna"),
                           "K80.count", "0", "at least 1 channel"),
    "no leak": (lambda c: vrest.noise(set_fields(c["two"], ["Na.g=0", "Cl.g=0"]), **N),
                "ions.*.g", "0.0", "G_bg > 0 nS"),
    "HH without leak": (lambda c: vrest.noise(set_fields(c["hh"], "leak.g=0"), "lna"),
                        "ions.*.g", "0.0", "> 0 nS"),
    "unstable rest (LNA)": (lambda c: vrest.noise(set_fields(c["hh"], "leak.E=-10mV"), "lna"),
                            "cell", "rest V* = -58.44 mV", "stable rest"),
    "unstable rest (exact)": (lambda c: vrest.noise(set_fields(c["hh"], "leak.E=-10mV"), **N),
                              "cell", "rest V*", "stable rest"),
    "rates far too slow": (
        lambda c: vrest.noise(c["two"].with_channel("K80", alpha=1e-20, beta=1e-20), "lna"),
        "K80.alpha, K80.beta", "1e-20", "rates (1/ms) within 1e+12"),
    "rates far too fast": (
        lambda c: vrest.noise(c["two"].with_channel("K80", alpha=1e15, beta=1e15), "lna"),
        "K80.alpha, K80.beta", "1e+15", "rates (1/ms) within 1e+12"),
    "membrane far too fast": (lambda c: vrest.noise(set_fields(c["two"], "Na.g=1e14"), "lna"),
                              "tau_m", "5.03e-15 ms", "within 1e+12"),
    # work: refused at once, before the simulation (the tripwire fixture)
    "1e9 channels for 1000 s": (
        lambda c: vrest.noise(c["two"].with_channel("K80", count=10**9), seed=1,
                              duration=1e6),
        "duration", "1000000.0", "limit 10 minutes"),
    "1e9 HH channels for 1 s": (
        lambda c: vrest.noise(c["hh"].with_channel("hh_na", count=10**9), seed=1,
                              duration=1e3, record="summary"),
        "duration", "1000.0", "limit 10 minutes"),
    "HH exact for 100 s": (
        lambda c: vrest.noise(c["hh"], seed=1, duration=1e5, record="summary"),
        "duration", "100000.0", "minutes"),
    "NumPy reference for hours": (
        lambda c: vrest.noise(c["two"], engine="numpy", seed=1, duration=1e7, record="summary"),
        "duration", "10000000.0", "engine='numba'"),
    "Langevin NumPy reference for long": (
        lambda c: vrest.noise(c["hh"], "langevin", engine="numpy", seed=1, duration=1e4,
                              record="summary"),
        "duration", "10000.0", "a larger dt"),
    "summary with a record every fs": (
        lambda c: vrest.noise(c["two"], seed=1, duration=100, record_dt=1e-12,
                              record="summary"),
        "duration", "100", "coarser record_dt"),
    "fastest rate forces an absurd dt": (
        lambda c: vrest.noise(c["two"].with_channel("K80", alpha=1e11, beta=1e11), "langevin",
                              seed=1, duration=1e6),
        "duration", "1000000.0", "steps"),
}  # fmt: skip


@pytest.mark.parametrize("case", list(API_CASES), ids=list(API_CASES))
def test_api_refuses(cells: dict[str, Any], no_simulation: None, case: str) -> None:
    call, *parts = API_CASES[case]
    with pytest.raises(VrestInputError) as info:
        call(cells)
    assert_names(info.value, *parts)


def test_api_refuses_cells_whose_state_does_not_fit(
    cells: dict[str, Any], no_simulation: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Many cells need memory for their states even without records: refused by name."""
    monkeypatch.setattr(noise_api, "MAX_RECORD_BYTES", 2**20)
    with pytest.raises(VrestInputError) as info:
        vrest.noise(cells["hh"], cells=10_000, seed=1, duration=0.01, record_dt=0.005, burn=0,
                    record="summary")  # fmt: skip
    assert_names(info.value, "cells", "10000", "fewer cells", "GiB")


def test_api_missing_cell_file_is_a_cell_file_error(tmp_path: Path) -> None:
    with pytest.raises(CellFileError) as info:
        vrest.noise(str(tmp_path / "nope.toml"), **N)
    assert_names(info.value, "nope.toml", "cell file")


def test_legal_neighbours_still_run(cells: dict[str, Any]) -> None:
    """The boundaries are where they should be: a burn of 0 in any spelling, a huge seed, two
    records, a blocked (count 0) population beside a counted one, units on times."""
    for burn in (0, "0 ms", Q(0, "ms")):
        r = vrest.noise(cells["two"], seed=1, duration=1.0, burn=burn)
        assert r.burn == 0 and r.V.shape == (1, 10)
    r = vrest.noise(cells["two"], seed=2**200, duration="10 us", record_dt="5 us", burn=0)
    assert r.V.shape == (1, 2) and r.seed == 2**200 and math.isfinite(r.sigma_V)
    blocked = vrest.Cell(
        ions=cells["two"].ions, radius=2.0,
        channels=[*cells["two"].channels,
                  Channel("two_state", count=0, gamma=0.01, alpha=1.0, beta=1.0, name="off")],
    )  # fmt: skip
    m = build(blocked)
    assert [p.name for p in m.pops] == ["K80"]
    assert any("off: 0 channels" in a for a in m.assumptions)


# ---------------------------------------------------------------------------------------------
# Counted channel populations: Channel(...), Cell.with_channel, and [[channel]] tables
# ---------------------------------------------------------------------------------------------
def two_state(**kw: Any) -> Channel:
    base = {"count": 80, "gamma": 0.01, "alpha": 0.5, "beta": 0.5, "name": "K80"}
    return Channel("two_state", **(base | kw))


CHANNEL_CASES: dict[str, tuple[Any, ...]] = {
    "count negative": (lambda: two_state(count=-1), "K80.count", "-1", "whole number"),
    "count fractional": (lambda: two_state(count=1.5), "K80.count", "1.5", "whole number"),
    "count string": (lambda: two_state(count="80"), "K80.count", "'80'", "whole number"),
    "count boolean": (lambda: two_state(count=True), "K80.count", "True", "whole number"),
    "count NaN": (lambda: two_state(count=NAN), "K80.count", "nan", "whole number"),
    "count inf": (lambda: two_state(count=INF), "K80.count", "inf", "whole number"),
    "count 1e12": (lambda: two_state(count=1e12), "K80.count", "1000000000000.0", "1e+09"),
    "count 2**70": (lambda: two_state(count=2**70), "K80.count", str(2**70), "1e+09"),
    "count 2**5000": (lambda: two_state(count=2**5000), "K80.count", "digits", "1e+09"),
    "count numpy negative": (lambda: two_state(count=np.int64(-3)), "K80.count", "-3",
                             "whole number"),
    "count quantity": (lambda: two_state(count=Q(80, "dimensionless")), "K80.count", "80",
                       "whole number"),
    "gamma zero": (lambda: two_state(gamma=0), "K80.gamma", "0", "nS"),
    "gamma negative": (lambda: two_state(gamma=-1), "K80.gamma", "-1", "nS"),
    "gamma NaN": (lambda: two_state(gamma=NAN), "K80.gamma", "nan", "nS"),
    "gamma in mV": (lambda: two_state(gamma="10 mV"), "K80.gamma", "10 mV", "nS"),
    "gamma without unit": (lambda: two_state(gamma="10"), "K80.gamma", "'10'", "nS"),
    "count × gamma overflows": (lambda: two_state(count=10**9, gamma=1e300), "K80.gamma",
                                "1e+300", "count × gamma"),
    "gamma without count": (lambda: two_state(count=None), "K80.count", "None",
                            "a channel count with gamma"),
    "count without gamma": (lambda: two_state(gamma=None), "K80.gamma", "None", "10 pS"),
    "g disagrees with count × gamma": (lambda: two_state(g=5.0), "K80.g", "5.0",
                                       "count × gamma = 0.8 nS"),
    "alpha zero": (lambda: two_state(alpha=0), "K80.alpha", "0", "1/ms"),
    "alpha negative": (lambda: two_state(alpha=-1), "K80.alpha", "-1", "1/ms"),
    "beta NaN": (lambda: two_state(beta=NAN), "K80.beta", "nan", "1/ms"),
    "beta inf": (lambda: two_state(beta=INF), "K80.beta", "inf", "1/ms"),
    "alpha in mV": (lambda: two_state(alpha="0.5 mV"), "K80.alpha", "0.5 mV", "1/ms"),
    "beta missing": (lambda: two_state(beta=None), "K80.beta", "None", "1/ms"),
    "rate_q10 zero": (lambda: two_state(rate_q10=0), "K80.rate_q10", "0", "positive"),
    "E and ion": (lambda: two_state(E=-90.0, carries="K"), "K80.E", "-90", "either E or ion"),
    "alpha for hh_k": (lambda: Channel("hh_k", count=10, gamma=0.02, alpha=0.5), "hh_k.alpha",
                       "0.5", "no alpha for hh_k"),
    "ion for hh_na": (lambda: Channel("hh_na", count=10, gamma=0.02, carries="K"), "hh_na.ion",
                      "'K'", "no ion for hh_na"),
    "E for hh_k": (lambda: Channel("hh_k", count=10, gamma=0.02, E=-77.0), "hh_k.E", "-77",
                   "no E for hh_k"),
}  # fmt: skip


@pytest.mark.parametrize("case", list(CHANNEL_CASES), ids=list(CHANNEL_CASES))
def test_channel_refuses(case: str) -> None:
    call, *parts = CHANNEL_CASES[case]
    with pytest.raises(VrestInputError) as info:
        call()
    assert_names(info.value, *parts)


FILE_CASES = {
    "count negative": (sub("count = 80", "count = -5"), ("K80.count", "-5", "whole number")),
    "count fractional": (sub("count = 80", "count = 80.5"), ("K80.count", "80.5")),
    "count as a string": (sub("count = 80", 'count = "80"'), ("K80.count", "'80'")),
    "count boolean": (sub("count = 80", "count = true"), ("K80.count", "True")),
    "gamma without count": (sub("count = 80\n", ""), ("g", "nS")),
    "count and a different g": (sub("count = 80\n", 'count = 80\ng = "5 nS"\n'),
                                ("K80.g", "5 nS", "count × gamma")),
    "alpha zero": (sub('alpha = "0.5 /ms"', 'alpha = "0 /ms"'), ("K80.alpha", "1/ms")),
    "alpha in mV": (sub('alpha = "0.5 /ms"', 'alpha = "0.5 mV"'), ("K80.alpha", "0.5 mV")),
    "E and ion": (sub('ion = "K"', 'ion = "K"\nE = "-90 mV"'), ("K80.E", "either E or ion")),
    "ion not in the cell": (sub('ion = "K"', 'ion = "Ca"'), ("K80", "Ca")),
    "ion not a name": (sub('ion = "K"', "ion = 5"), ("K80.ion", "5")),
    "ion for hh_k": (sub('type = "hh_k"', 'type = "hh_k"\nion = "K"', HH), ("hh_k.ion", "K")),
    "alpha for hh_na": (sub('type = "hh_na"', 'type = "hh_na"\nalpha = "1 /ms"', HH),
                        ("hh_na.alpha", "no alpha")),
}  # fmt: skip


@pytest.mark.parametrize("case", list(FILE_CASES), ids=list(FILE_CASES))
def test_cell_file_refuses(tmp_path: Path, case: str) -> None:
    text, parts = FILE_CASES[case]
    path = tmp_path / "cell.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CellFileError) as info:
        load_cell(path)
    assert_names(info.value, str(path), *parts)


SET_CASES = {
    "count negative": ("K80.count=-5", ("K80.count", "-5", "whole number")),
    "count fractional": ("K80.count=1.5", ("K80.count", "1.5")),
    "count not a number": ("K80.count=abc", ("K80.count", "abc")),
    "count 1e12": ("K80.count=1e12", ("K80.count", "1e+09")),
    "gamma zero": ("K80.gamma=0", ("K80.gamma", "0", "nS")),
    "gamma in mV": ("K80.gamma=10mV", ("K80.gamma", "10mV", "nS")),
    "alpha negative": ("K80.alpha=-1/ms", ("K80.alpha", "-1/ms", "1/ms")),
    "g of a counted population": ("K80.g=5", ("K80.g", "5", "K80.count or K80.gamma")),
    "E beside ion": ("K80.E=-90mV", ("K80.E", "either E or ion")),
    "ion is no --set field": ("K80.ion=Na", ("K80.ion", "a channel field")),
}


@pytest.mark.parametrize("case", list(SET_CASES), ids=list(SET_CASES))
def test_set_fields_refuses(cells: dict[str, Any], case: str) -> None:
    assignment, parts = SET_CASES[case]
    with pytest.raises(VrestInputError) as info:
        set_fields(cells["two"], assignment)
    assert_names(info.value, *parts)


# ---------------------------------------------------------------------------------------------
# vrest noise: exit code 2, one line, no traceback, nothing written
# ---------------------------------------------------------------------------------------------
B = ("--duration", "2", "--seed", "1")
CLI_CASES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "unknown method": (("--method", "gillespie", *B), ("--method", "gillespie")),
    "cells 0": (("--cells", "0", *B), ("cells", "0", "whole number")),
    "cells -1": (("--cells", "-1", *B), ("cells", "-1", "whole number")),
    "cells 1.5": (("--cells", "1.5", *B), ("--cells", "1.5")),
    "cells 1e12": (("--cells", "1000000000000", *B), ("cells", "1000000000000", "1e+07")),
    "duration NaN": (("--duration", "nan"), ("duration", "nan", "ms")),
    "duration 1e400": (("--duration", "1e400"), ("duration", "inf", "ms")),
    "duration negative": (("--duration", "-1"), ("duration", "-1", "positive")),
    "duration unicode minus": (("--duration", "−5"), ("duration", "-5", "positive")),
    "duration in mV": (("--duration", "1mV"), ("--duration", "1mV", "ms")),
    "duration garbage": (("--duration", "x"), ("--duration", "x", "ms")),
    "record-dt zero": (("--record-dt", "0", *B), ("record_dt", "0", "ms")),
    "record-dt beyond duration": (("--record-dt", "100", *B), ("record_dt", "100", "2 ms")),
    "one record only": (("--record-dt", "1", "--burn", "1", *B), ("duration", "2 records")),
    "record too big": (("--record-dt", "1e-9", "--duration", "10s", "--seed", "1"),
                       ("record_dt", "1e-09", "--summary")),
    "burn negative": (("--burn", "-1", *B), ("burn", "-1", "non-negative")),
    "burn equals duration": (("--burn", "2ms", *B), ("burn", "2", "less than the duration")),
    "dt for exact": (("--dt", "10us", *B), ("dt", "0.01", "no dt for the exact method")),
    "dt for lna": (("--method", "lna", "--dt", "10us"), ("dt", "no dt for the lna method")),
    "dt too coarse": (("--method", "langevin", "--dt", "1ms", *B), ("dt", "1", "at most")),
    "lna negative duration": (("--method", "lna", "--duration", "-1"), ("duration", "-1")),
    "seed -1": (("--seed", "-1", "--duration", "2"), ("seed", "-1", "non-negative integer")),
    "seed not a number": (("--seed", "x", "--duration", "2"), ("--seed", "x")),
    "seed 1.5": (("--seed", "1.5", "--duration", "2"), ("--seed", "1.5")),
    "set count negative": (("--set", "K80.count=-5", *B), ("K80.count", "-5", "whole number")),
    "set count fractional": (("--set", "K80.count=1.5", *B), ("K80.count", "1.5")),
    "set count 0": (("--set", "K80.count=0", *B), ("K80.count", "0", "at least 1 channel")),
    "set gamma 0": (("--set", "K80.gamma=0", *B), ("K80.gamma", "0", "nS")),
    "set alpha 0": (("--set", "K80.alpha=0", *B), ("K80.alpha", "0", "1/ms")),
    "set alpha absurdly slow": (("--set", "K80.alpha=1e-20", "--set", "K80.beta=1e-20", *B),
                                ("K80.alpha", "1e-20", "1/ms")),
    "set g of a counted population": (("--set", "K80.g=5", *B), ("K80.g", "5")),
    "set unknown channel": (("--set", "K81.count=5", *B), ("K81.count", "K80")),
    "celsius below 0 K": (("--celsius", "-300", *B), ("--celsius", "-300", "°C")),
    "no leak": (("--set", "Na.g=0", "--set", "Cl.g=0", *B), ("ions.*.g", "nS")),
    "1e9 channels for 1000 s": (("--set", "K80.count=1e9", "--duration", "1000s", "--seed",
                                 "1"), ("duration", "limit 10 minutes")),
    "plot with summary": (("--summary", "--plot", "{tmp}/fig.png", *B),
                          ("--plot", "fig.png", "no --summary")),
    "plot with an unknown extension": (("--plot", "{tmp}/fig.xyz", *B),
                                       ("--plot", "fig.xyz", ".png")),
}  # fmt: skip


@pytest.mark.parametrize("case", list(CLI_CASES), ids=list(CLI_CASES))
def test_cli_refuses(cli, cells: dict[str, Any], no_simulation: None, tmp_path: Path,
                     case: str) -> None:  # fmt: skip
    args, names = CLI_CASES[case]
    args = tuple(a.replace("{tmp}", str(tmp_path)) for a in args)
    out_file = tmp_path / "out" / "report.txt"
    code, out, err = cli("noise", cells["path"], *args, "--out", str(out_file))
    assert code == 2
    assert out == ""
    assert_one_line_error(err, *names)
    assert list(tmp_path.rglob("*")) == []  # no report, no figure, no temporary file


def test_cli_missing_and_incomplete_cell_files(cli, tmp_path: Path) -> None:
    code, out, err = cli("noise", str(tmp_path / "nope.toml"))
    assert code == 2 and out == ""
    assert_one_line_error(err, "nope.toml", "cell file")
    (tmp_path / "c.toml").write_text(sub('radius = "2 um"\n', ""), encoding="utf-8")
    code, out, err = cli("noise", str(tmp_path / "c.toml"), *B)
    assert code == 2 and out == ""
    assert_one_line_error(err, "radius", "µm")


def test_cli_out_to_a_directory_or_read_only_file_harms_nothing(
    cli, cells: dict[str, Any], no_simulation: None, tmp_path: Path
) -> None:
    d = tmp_path / "dir"
    d.mkdir()
    code, _, err = cli("noise", cells["path"], *B, "--out", str(d))
    assert code == 2
    assert_one_line_error(err, "--out", "directory")
    assert d.is_dir() and list(d.iterdir()) == []
    ro = tmp_path / "ro.txt"
    ro.write_text("keep", encoding="utf-8")
    ro.chmod(0o444)
    code, _, err = cli("noise", cells["path"], *B, "--out", str(ro),
                       "--plot", str(tmp_path / "fig.png"))  # fmt: skip
    assert code == 2
    assert_one_line_error(err, "--out", "read-only")
    assert ro.read_text(encoding="utf-8") == "keep" and stat.S_IMODE(ro.stat().st_mode) == 0o444
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dir", "ro.txt"]


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_cli_out_to_a_full_device(cli, cells: dict[str, Any], tmp_path: Path) -> None:
    """A write that fails (ENOSPC) is one line, exit 2, and the device stays a device."""
    code, out, err = cli("noise", cells["path"], "--method", "lna", "--out", "/dev/full")
    assert code == 2 and out == ""
    assert_one_line_error(err, "--out", "/dev/full", "No space left")
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


def test_cli_end_to_end_bad_count_and_a_run_too_long(tmp_path: Path) -> None:
    """The real program: one line, exit 2, no traceback, nothing written; and a run of hours
    (1e9 HH channels for 1 s, exact) is refused at once rather than started."""
    (tmp_path / "hh.toml").write_text(HH, encoding="utf-8")
    proc = run("noise", "hh.toml", "--set", "hh_k.count=1.5", "--out", "r.txt", cwd=tmp_path)
    assert proc.returncode == 2 and proc.stdout == ""
    assert_one_line_error(proc.stderr, "hh_k.count", "1.5", "whole number")
    proc = run("noise", "hh.toml", "--set", "hh_na.count=1e9", "--duration", "1s", "--summary",
               "--out", "r.txt", cwd=tmp_path)  # fmt: skip
    assert proc.returncode == 2 and proc.stdout == ""
    assert_one_line_error(proc.stderr, "duration", "minutes", "limit 10 minutes")
    assert [p.name for p in tmp_path.iterdir()] == ["hh.toml"]
