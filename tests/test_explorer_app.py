"""The explorer's logic with Streamlit's AppTest (no server, no browser) and ``vrest explore``.

The explorer is a thin layer: every readout must equal the library's own value for the cell the
inputs describe. Expected cells are built here with ``vrest.set_fields`` (the grammar the app
uses) and solved with ``vrest.solve_rest``; a readout is compared with the library's number to
half a unit in its last shown digit (the rounding of the display, nothing else).
"""

from __future__ import annotations

import math
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import warnings
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import vrest
from vrest import cli, cli_explore
from vrest.explain import explain
from vrest.explorer import readouts, state
from vrest.explorer.tabs import TABS
from vrest.presets import load_preset

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "src" / "vrest" / "explorer" / "app.py"


def _app(query: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=120)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, at.exception
    return at


def _solve(cell: vrest.Cell) -> vrest.RestResult:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", vrest.VrestWarning)
        return vrest.solve_rest(cell)


def _half_ulp(text: str) -> float:
    """Half a unit in the last digit shown by ``text`` (e.g. "−82.78 mV" → 0.005)."""
    num = text.replace(readouts.MINUS, "-").split()[0]
    if "×10" in num:
        mant, _ = num.split("×10")
        exp = math.floor(math.log10(abs(readouts.parse_sci(num)))) if float(mant) else 0
        dec = len(mant.split(".")[1]) if "." in mant else 0
        return 0.5 * 10.0 ** (exp - dec)
    m = re.fullmatch(r"[+-]?(\d*)\.?(\d*)(?:e([+-]?\d+))?", num)
    assert m, text
    dec, exp = len(m.group(2)), int(m.group(3) or 0)
    return 0.5 * 10.0 ** (exp - dec)


def _close(text: str, value: float) -> None:
    """The readout ``text`` shows the library's ``value`` (to its rounding)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        assert text == "—", text
        return
    shown = readouts.parse_sci(text)
    assert abs(shown - value) <= _half_ulp(text) * (1 + 1e-9), (text, value)


def _query(at: AppTest) -> dict[str, str]:
    """The page's query parameters (AppTest keeps lists for some, strings for others)."""
    return {k: v if isinstance(v, str) else v[-1] for k, v in at.query_params.items()}


def _metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _check_readouts(at: AppTest, cell: vrest.Cell) -> None:
    """Every number on the "At rest" page equals the library's for ``cell``."""
    r = _solve(cell)
    m = _metrics(at)
    prim = r.model
    _close(m["V rest, chord" + (" (primary)" if prim == "chord" else "")], r.V_chord)
    _close(m["V rest, GHK" + (" (primary)" if prim == "ghk" else "")], r.V_ghk)
    _close(m["pump's contribution"], r.pump_contribution)
    _close(m["ATP use (per second)"], r.atp_rate)
    # the state, in the library's own words
    boxes = [*at.success, *at.info, *at.warning]
    assert any(r.state_label in b.value and r.reason in b.value for b in boxes)
    tables = [t.value for t in at.table]
    ions, energy, why, sens = tables[:4]
    for i in r.ions:
        row = ions.loc[i.symbol]
        _close(row["[X]in (mM)"], i.c_in)
        _close(row["[X]out (mM)"], i.c_out)
        _close(row["E (mV)"], i.E)
        _close(row["g (nS)"], i.g)
        if cell.area_um2 is not None:
            _close(row["P (cm/s)"], i.P)
        _close(row["V − E (mV)"], i.driving_force)
        unit = next(c for c in ions.columns if c.startswith("I ("))
        fac = {"I (pA)": 1.0, "I (nA)": 1e-3, "I (µA)": 1e-6}[unit]
        _close(row[unit], i.current * fac)
        _close(row["flux (fmol/s)"], i.flux * 1e15)
        _close(row["net flux (fmol/s)"], i.net_flux * 1e15)
        _close(row["dissipation (W)"], i.dissipation)
        word = "out (efflux)" if i.flux > 0 else "in (influx)"
        assert row["passive flux"] in (word, "none (at E)")
    e = r.energy
    for label, value in (
        ("passive dissipation Σ I_i (V − E_i)", e.passive),
        ("pump's work on the ions", e.transporters),
        ("free energy of the ATP spent", e.atp),
        ("pump efficiency (work / ATP)", e.efficiency),
        ("entropy production, channels (passive / T)", e.entropy_channels),
        ("entropy production, total", e.entropy_total),
        ("ATP consumption", r.atp_rate),
        ("ΔG of ATP hydrolysis", r.dG_atp),
    ):
        _close(energy.loc[label, "value"], value)
    ex = explain(cell, tornado=False)
    for s in ex.shares:
        _close(why.loc[s.name, "share of V (mV)"], s.share)
        _close(why.loc[s.name, "current (pA)"], s.current)
    _close(why.loc["sum = V", "share of V (mV)"], r.V)
    for s in ex.sensitivities[: len(sens)]:
        _close(sens.loc[s.path, "dV/dθ (mV per unit)"], s.dV)
    # the models and assumptions, as the result states them
    text = "\n".join(x.value for x in at.markdown)
    for note in r.notes:
        assert note in text
    for d in r.drifts:
        assert d.text() in text
    # three Vega-Lite charts, each fed with data (the browser test checks their pixels)
    charts_ = at.get("vega_lite_chart")
    assert len(charts_) == 3
    for c in charts_:
        assert c.proto.datasets and all(len(d.data.data) > 100 for d in c.proto.datasets)


def test_chapter_neuron_readouts_equal_the_library():
    at = _app()
    _check_readouts(at, load_preset("chapter_neuron"))
    assert [t.label for t in at.tabs] == ["At rest", *(t for t, _ in TABS)]


@pytest.mark.parametrize("name", ["squid_axon", "immature_neuron"])
def test_other_presets_readouts_equal_the_library(name):
    at = _app()
    at.selectbox(key="w:preset").set_value(name).run()
    assert not at.exception
    _check_readouts(at, load_preset(name))
    assert at.title[0].value == f"{load_preset(name).name} at rest"
    assert _query(at)["cell"] == name


def test_one_input_of_each_kind_gives_the_library_value():
    base = load_preset("chapter_neuron")
    at = _app()
    steps: list[str] = []

    def check(*assigned: str) -> vrest.Cell:
        steps.extend(assigned)
        assert not at.exception
        assert not at.error, [e.value for e in at.error]
        cell = vrest.set_fields(base, steps)
        r = _solve(cell)
        m = _metrics(at)
        _close(m["V rest, chord (primary)"], r.V_chord)
        _close(m["V rest, GHK"], r.V_ghk)
        _close(m["pump's contribution"], r.pump_contribution)
        return cell

    at.number_input(key="w:K.c_out").set_value(8.0).run()  # a concentration
    check("K.c_out=8")
    opts = state.log_options(base.ions["Cl"].g, zero=True)
    g_new = opts[opts.index(base.ions["Cl"].g) - 3]  # three tenths of a decade down
    at.select_slider(key="w:Cl.g").set_value(g_new).run()  # a log-scale conductance
    check(f"Cl.g={g_new!r}")
    at.select_slider(key="w:Cl.g").set_value(0.0).run()  # blocked
    check("Cl.g=0")
    at.slider(key="w:celsius").set_value(27.0).run()  # temperature (moved with its Q10s)
    check("celsius=27")
    at.radio(key="w:pump_mode").set_value("current").run()  # the pump, as a current
    at.number_input(key="w:pump_current").set_value(150.0).run()
    check("pump.mode=fixed", "pump.i_pump=150")
    ropts = state.log_options(base.radius)
    r_new = ropts[ropts.index(base.radius) - 10]  # the radius, a decade down
    at.select_slider(key="w:radius").set_value(r_new).run()
    cell = check(f"radius={r_new!r}")
    caption = " ".join(c.value for c in at.caption)
    assert f"C {readouts.fmt(cell.capacitance_pF, '.4g', 'pF')}" in caption
    # the pump as a density: current = density × the membrane capacitance (pF)
    at.radio(key="w:pump_mode").set_value("density").run()
    at.number_input(key="w:pump_density").set_value(2.0).run()
    steps.remove("pump.i_pump=150")
    check(f"pump.i_pump={2.0 * cell.capacitance_pF!r}")
    at.radio(key="w:pump_mode").set_value("off").run()
    steps[:] = [a for a in steps if not a.startswith("pump.")]
    check("pump=none")
    # the shared link holds exactly these changes, in the dotted-name grammar
    q = _query(at)
    assert q["cell"] == "chapter_neuron"
    assert float(q["K.c_out"]) == 8.0 and float(q["celsius"]) == 27.0
    assert q["Cl.g"] == "0.0" and q["pump"] == "none"
    assert float(q["radius"]) == r_new


def test_a_p_slider_of_a_ghk_cell():
    base = load_preset("squid_axon")
    at = _app({"cell": "squid_axon"})
    opts = state.log_options(base.ions["Na"].P, zero=True)
    p_new = opts[opts.index(base.ions["Na"].P) + 5]
    at.select_slider(key="w:Na.P").set_value(p_new).run()
    r = _solve(vrest.set_fields(base, [f"Na.P={p_new!r}"]))
    _close(_metrics(at)["V rest, GHK (primary)"], r.V_ghk)


@pytest.mark.parametrize(
    ("key", "value", "assignment"),
    [
        ("w:K.c_out", 0.0, "K.c_out=0.0"),
        ("w:Na.c_in", -5.0, "Na.c_in=-5.0"),
    ],
)
def test_bad_value_shows_the_library_message_not_a_traceback(key, value, assignment):
    at = _app()
    at.number_input(key=key).set_value(value).run()
    with pytest.raises(vrest.VrestInputError) as exc:
        vrest.set_fields(load_preset("chapter_neuron"), [assignment])
    assert not at.exception
    assert [e.value for e in at.error] == [str(exc.value)]
    assert not at.metric  # no stale readouts beside the message
    at.number_input(key=key).set_value(4.0 if "K" in key else 15.0).run()
    assert not at.error and at.metric


def test_all_channels_blocked_is_the_library_message():
    at = _app()
    for ion in ("K", "Na", "Cl"):
        at.select_slider(key=f"w:{ion}.g").set_value(0.0)
    at.run()
    with pytest.raises(vrest.VrestError) as exc:
        vrest.solve_rest(vrest.set_fields(load_preset("chapter_neuron"), ["K.g=0", "Na.g=0",
                                                                          "Cl.g=0"]))  # fmt: skip
    assert [e.value for e in at.error] == [str(exc.value)]


def test_query_string_round_trip():
    q = {"cell": "ness_neuron", "K.c_out": "10.0", "Na.g": "8.0", "celsius": "30.0",
         "pump.mode": "fixed", "pump.i_pump": "120.0"}  # fmt: skip
    at = _app(q)
    assert _query(at) == q
    assert at.number_input(key="w:K.c_out").value == 10.0
    assert at.select_slider(key="w:Na.g").value == 8.0
    assert at.slider(key="w:celsius").value == 30.0
    assert at.radio(key="w:pump_mode").value == "current"
    cell = vrest.set_fields(load_preset("ness_neuron"), [f"{k}={v}" for k, v in q.items()
                                                          if k != "cell"])  # fmt: skip
    _check_readouts(at, cell)
    # the state module alone: widget values → query → widget values
    name, values, extra = state.from_query(q, state.preset_choices())
    assert name == "ness_neuron" and not extra
    base = load_preset(name)
    again = state.to_query(name, state.assignments(base, values))
    assert {k: float(v) if k not in ("cell", "pump.mode") else v for k, v in again.items()} == {
        k: float(v) if k not in ("cell", "pump.mode") else v for k, v in q.items()
    }


def test_query_with_a_field_without_a_widget_and_a_unit():
    at = _app({"cell": "chapter_neuron_nkcc1", "NKCC1.g": "2nS", "K.c_out": "6 mM"})
    cell = vrest.set_fields(load_preset("chapter_neuron_nkcc1"), ["NKCC1.g=2nS", "K.c_out=6 mM"])
    _check_readouts(at, cell)
    at2 = _app({"cell": "chapter_neuron", "K.c_oot": "6"})
    with pytest.raises(vrest.VrestError) as exc:
        vrest.set_fields(load_preset("chapter_neuron"), ["K.c_oot=6"])
    assert [e.value for e in at2.error] == [str(exc.value)]


@pytest.mark.parametrize("name", sorted(state.preset_choices()))
def test_cell_file_round_trips_through_load_cell(name, tmp_path):
    """The TOML download is a cell file that vrest.load_cell reads back to the same cell."""
    cell = load_preset(name)
    if "K" in cell.ions and cell.radius is not None:  # and one with every kind of change
        cell = state.build_cell(cell, ["K.c_out=7.5", "celsius=30", "radius=12"])
    path = tmp_path / "cell.toml"
    path.write_text(state.cell_to_toml(cell), encoding="utf-8")
    back = vrest.load_cell(path)
    assert back.to_dict() == cell.to_dict()
    assert (back.name, back.description, back.source) == (cell.name, cell.description, cell.source)
    assert _solve(back).V == _solve(cell).V


def test_download_buttons_offer_the_current_cell_and_results():
    at = _app({"cell": "chapter_neuron", "K.c_out": "6.0"})
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["Cell file (TOML)", "Results (CSV)", "Results (JSON)"]


def test_upload_reader_uses_the_library_and_names_the_file():
    good = (ROOT / "examples" / "cells" / "ness_neuron.toml").read_bytes()
    assert state.load_upload(good, "x.toml").to_dict() == load_preset("ness_neuron").to_dict()
    with pytest.raises(vrest.CellFileError) as exc:
        state.load_upload(b"[ions.K]\nc_in = 140\n", "mine.toml")
    msg = str(exc.value)
    assert msg.startswith("mine.toml: ") and "vrest-upload-" not in msg
    with pytest.raises(vrest.CellFileError):
        state.load_upload(b"\x00\xff not toml", "bin.toml")


# ---- vrest explore -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("argv", "text"),
    [
        (["--port", "0"], "--port = '0': expected a TCP port number from 1 to 65535"),
        (["--port", "70000"], "--port = '70000'"),
        (["--port", "http"], "--port = 'http'"),
        (["--host", "example.org"], "--host = 'example.org': expected an IP address"),
    ],
)
def test_explore_bad_options_exit_2(argv, text, capsys):
    assert cli.main(["explore", "--no-browser", *argv]) == 2
    err = capsys.readouterr().err
    assert text in err and err.count("\n") == 1


def test_explore_port_in_use_exits_2(capsys):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        assert cli.main(["explore", "--no-browser", "--port", str(port)]) == 2
    assert f"--port = {port}: expected a free port on 127.0.0.1" in capsys.readouterr().err


def test_explore_without_streamlit_exits_2(monkeypatch, capsys):
    real = cli_explore.importlib.util.find_spec
    monkeypatch.setattr(
        cli_explore.importlib.util, "find_spec",
        lambda name, *a: None if name == "streamlit" else real(name, *a),
    )  # fmt: skip
    assert cli.main(["explore", "--no-browser", "--port", "8599"]) == 2
    assert "pip install 'vrest[explore]'" in capsys.readouterr().err


def test_explore_command_is_loopback_headless_and_private():
    cmd = cli_explore.command("127.0.0.1", 8600)
    assert cmd[:4] == [sys.executable, "-m", "streamlit", "run"]
    assert Path(cmd[4]) == APP
    for flag in ("--server.address=127.0.0.1", "--server.port=8600", "--server.headless=true",
                 "--browser.gatherUsageStats=false", "--server.fileWatcherType=none"):  # fmt: skip
        assert flag in cmd


def test_explore_serves_the_page_and_prints_its_address():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    exe = Path(sys.executable).parent / "vrest"
    proc = subprocess.Popen(
        [str(exe), "explore", "--no-browser", "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )  # fmt: skip
    try:
        line = proc.stdout.readline()  # printed once the page answers
        assert line.strip() == f"vrest explorer: http://127.0.0.1:{port}/  (Ctrl+C stops it)"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=5) as r:
            assert r.status == 200
        proc.send_signal(signal.SIGTERM)  # stops the server with it
        proc.wait(timeout=20)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1)
            except OSError:
                break
            time.sleep(0.2)
        else:
            raise AssertionError("the Streamlit server outlived `vrest explore`")
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
