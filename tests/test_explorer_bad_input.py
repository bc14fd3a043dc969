"""The explorer under bad and extreme input (Streamlit's AppTest, no browser): a hostile or
clumsy student's values in the sidebar, the link (query string), an upload and each tab.

The promise: bad input gets a clear message on the page that names the field, the value and
what is expected (the library's own :class:`vrest.VrestError` text), shown inline — never a
traceback element, never an uncaught exception, never a hang (each interaction here takes well
under 10 s), never a silently wrong number.

Each case gives the input and words its message must hold: the field, and the problem.
"""

from __future__ import annotations

import time
import warnings
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import vrest
from vrest.presets import load_preset

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "src" / "vrest" / "explorer" / "app.py"
#: Seconds an AppTest run may take before AppTest gives up (imports and numba's first load).
TIMEOUT = 120
#: The promise: no interaction with bad input runs longer than this (s).
SLOW = 10.0

POS_MM = "expected a positive, finite concentration in mM"
V_MAX = "|V| ≤ 1000 mV"


# ---- helpers -----------------------------------------------------------------------------------
def _page(query: dict[str, str | list[str]] | None = None) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    return at


def _timed(step) -> AppTest:
    t = time.perf_counter()
    at = step()
    took = time.perf_counter() - t
    assert took < SLOW, f"took {took:.1f} s"
    return at


def _shown(at: AppTest) -> str:
    """Every error on the page, one per line, after checking there is no traceback."""
    assert not at.exception, [e.value for e in at.exception]
    return "\n".join(e.value for e in at.error)


def _says(at: AppTest, *words: str) -> None:
    text = _shown(at)
    assert text, "no message on the page"
    for w in words:
        assert w in text, (w, text)
    assert "Traceback" not in text and len(text) < 2000, text


def _readouts_gone(at: AppTest) -> None:
    """No stale V readouts beside an error of the main analysis."""
    assert not any(m.label.startswith("V rest") for m in at.metric)


# ---- the sidebar's inputs ------------------------------------------------------------------------
CONC = [
    (f"{ion}.{f}", v, f"ions.{ion}.{f} = {v!r}", POS_MM)
    for ion in ("K", "Na", "Cl")
    for f in ("c_in", "c_out")
    for v in (0.0, -5.0)
]
EXTREME_CONC = [
    # a concentration so far out that V leaves the physical range: refused, the cause named
    ("K.c_in", 1e300, "pump.i_pump", V_MAX),
    ("K.c_out", 1e300, "ions = 'K, Na, Cl'", V_MAX),
    ("K.c_out", 1e-300, "pump.i_pump", V_MAX),
    ("Cl.c_in", 1e300, "ions = 'K, Na, Cl'", V_MAX),
    ("Cl.c_out", 1e-300, "ions = 'K, Na, Cl'", V_MAX),
]


@pytest.mark.parametrize(("slot", "value", "field", "problem"), CONC + EXTREME_CONC)
def test_concentration_input(slot, value, field, problem):
    at = _page()
    at.run()
    at = _timed(lambda: at.number_input(key=f"w:{slot}").set_value(value).run())
    _says(at, field, problem)
    _readouts_gone(at)


def test_absurd_concentration_is_computed_with_the_library_warning():
    """1e300 mM Na⁺ inside keeps V inside ±1000 mV: the page shows the numbers *and* the
    library's warning (more concentrated than any solution), not a silent number."""
    at = _page()
    at.run()
    at.number_input(key="w:Na.c_in").set_value(1e300).run()
    assert not _shown(at)
    notes = " ".join(w.value for w in at.warning)
    assert "ions.Na.c_in = 1e+300 mM" in notes and "more concentrated than any" in notes


def test_every_channel_blocked_at_the_slider_ends():
    at = _page()
    at.run()
    for ion in ("K", "Na", "Cl"):
        at.select_slider(key=f"w:{ion}.g").set_value(0.0)
    at = _timed(at.run)
    _says(at, "at least one open conductance")
    _readouts_gone(at)


@pytest.mark.parametrize("end", [0, -1])
def test_conductance_and_permeability_slider_ends_give_numbers(end):
    """The lowest and highest slider values of every g (chapter neuron) and P (squid axon)."""
    for preset, s in (("chapter_neuron", "g"), ("squid_axon", "P")):
        at = _page({"cell": preset})
        at.run()
        for ion in load_preset(preset).ions:
            options = at.session_state["opts"][f"{ion}.{s}"]
            at = _timed(at.select_slider(key=f"w:{ion}.{s}").set_value(options[end]).run)
            assert not at.exception
            # a number, or the library's own message (all blocked at once is not reached here)
            assert any(m.label.startswith("V rest") for m in at.metric) or at.error


@pytest.mark.parametrize(
    ("mode", "key", "value", "words"),
    [
        ("current", "w:pump_current", -50.0, ("pump.i_pump = -50.0", "sign of n_na − n_k")),
        ("current", "w:pump_current", 1e12, ("pump.i_pump", "1e+12 pA", V_MAX)),
        ("density", "w:pump_density", -1.0, ("pump density = -1.0", "non-negative density")),
        ("density", "w:pump_density", 1e12, ("pump.i_pump", V_MAX)),
    ],
)
def test_pump_modes_with_absurd_values(mode, key, value, words):
    at = _page()
    at.run()
    at.radio(key="w:pump_mode").set_value(mode).run()
    at = _timed(lambda: at.number_input(key=key).set_value(value).run())
    _says(at, *words)
    _readouts_gone(at)


def test_temperature_and_radius_slider_ends():
    at = _page()
    at.run()
    for t in (0.0, 45.0):
        at = _timed(at.slider(key="w:celsius").set_value(t).run)
        assert not _shown(at) and at.metric
    for end in (0, -1):
        r = at.session_state["opts"]["radius"][end]
        at = _timed(at.select_slider(key="w:radius").set_value(r).run)
        assert not _shown(at) and at.metric


# ---- the link (query string) ---------------------------------------------------------------------
PRESETS = "expected a preset cell of the explorer"
QUERY = [
    ({"celsius": "-273.15"}, ("celsius = -273.15", "above absolute zero")),
    ({"celsius": "-300"}, ("celsius = -300", "above absolute zero")),
    ({"celsius": "1000"}, ("celsius = '1000 °C'", V_MAX)),
    ({"celsius": "1e300"}, ("celsius = 1e+300", "up to 1000 °C")),
    ({"celsius": "nan"}, ("celsius = nan", "finite temperature")),
    ({"celsius": "inf"}, ("celsius = inf", "finite temperature")),
    ({"radius": "0"}, ("radius = 0.0", "positive, finite number in µm")),
    ({"radius": "-5"}, ("radius = -5.0", "positive, finite number in µm")),
    ({"radius": "1e300"}, ("radius = 1e+300", "between 0.001 and 1e+09 µm")),
    ({"radius": "1e-300"}, ("radius = 1e-300", "between 0.001 and 1e+09 µm")),
    ({"radius": "nan"}, ("radius = nan", "positive, finite number in µm")),
    ({"K.c_out": "abc"}, ("ions.K.c_out = 'abc'", "number with a unit in mM")),
    ({"K.c_out": ""}, ("K.c_out=", "expected FIELD=VALUE")),
    ({"K.c_out": "1e999"}, ("ions.K.c_out = inf", POS_MM)),
    ({"K.c_out": "-1e999"}, ("ions.K.c_out = -inf", POS_MM)),
    ({"K.c_out": "nan"}, ("ions.K.c_out = nan", POS_MM)),
    ({"K.c_out": "5 mV"}, ("ions.K.c_out = '5 mV'", "convertible to mM")),
    ({"K.c_out": "0x10"}, ("ions.K.c_out = '0x10'", "number with a unit in mM")),
    ({"K.c_out": "0"}, ("ions.K.c_out = 0.0", POS_MM)),
    ({"K.c_out": "1" * 100_000}, ("K.c_out=", "at most 200 characters")),
    ({"K.c_out": "a" * 100_000}, ("K.c_out=", "at most 200 characters")),
    ({"foo": "1"}, ("foo = '1'", "expected a field name")),
    ({"K.foo": "1"}, ("K.foo = '1'", "expected an ion field")),
    ({"Zz.c_out": "1"}, ("Zz.c_out = '1'", "expected an ion or transporter of this cell")),
    ({"__class__": "x"}, ("__class__ = 'x'", "expected a field name")),
    ({"K.g": "-1"}, ("ions.K.g = -1.0", "non-negative, finite number in nS")),
    ({"K.g": "abc"}, ("ions.K.g = 'abc'", "number with a unit in nS")),
    ({"pump.mode": "fixed", "pump.i_pump": "-50"}, ("pump.i_pump = -50.0", "sign")),
    ({"pump.mode": "fixed", "pump.i_pump": "1e12"}, ("pump.i_pump", V_MAX)),
    ({"pump.mode": "fixed", "pump.i_pump": "abc"}, ("pump.i_pump = 'abc'", "in pA")),
    ({"pump.mode": "fixed", "pump.i_pump": "nan"}, ("pump.i_pump = nan", "finite number in pA")),
    ({"pump_density": "-1"}, ("pump density = -1.0", "non-negative density in pA/pF")),
    ({"pump_density": "abc"}, ("pump density = 'abc'", "current density in pA/pF")),
    ({"pump_density": "nan"}, ("pump density = nan", "non-negative density in pA/pF")),
    ({"pump_density": "inf"}, ("pump density = inf", "non-negative density in pA/pF")),
    ({"pump_density": "1e12"}, ("pump.i_pump", V_MAX)),
    ({"pump": "maybe"}, ("pump = 'maybe'", "expected 'none'")),
    ({"pump.mode": "warp"}, ("pump.mode = 'warp'", "'fixed', 'balance' or 'kinetic'")),
    ({"pump.mode": "kinetic"}, ("pump.i_max = 0.0", "maximal pump current > 0 in pA")),
    ({"pump": "none", "pump.mode": "fixed"}, ("pump.i_pump = None", "pump current in pA")),
    # a pump for a cell without Na⁺ (a plant): refused, not silently switched off
    ({"cell": "plant_root_hair", "pump_density": "2"}, ("pump_density=2", "a cell with Na⁺")),
    ({"cell": "plant_root_hair", "pump.mode": "balance"}, ("pump.mode=balance", "with Na⁺")),
]


@pytest.mark.parametrize(("query", "words"), QUERY, ids=[str(q)[:60] for q, _ in QUERY])
def test_bad_link(query, words):
    at = _timed(_page(query).run)
    _says(at, *words)
    _readouts_gone(at)


@pytest.mark.parametrize("name", ["../../etc/passwd", "mobilities", "", "chapter_neuron.toml"])
def test_unknown_preset_in_the_link_is_named_and_never_read(name):
    """Not a preset cell: a message names it (and the presets), the default cell is shown; the
    value is never read as a path."""
    at = _timed(_page({"cell": name}).run)
    _says(at, f"cell = {name!r}", PRESETS, "chapter_neuron")
    assert at.title[0].value == "Chapter neuron at rest" and at.metric
    at.selectbox(key="w:preset").set_value("squid_axon").run()
    assert not _shown(at)  # picking a cell clears the link's message


def test_a_bad_link_value_is_fixed_from_the_sidebar():
    at = _timed(_page({"K.c_out": "abc"}).run)
    _says(at, "ions.K.c_out = 'abc'")
    assert any("from the link" in c.value for c in at.caption)
    at.number_input(key="w:K.c_out").set_value(8.0).run()  # the user's own value replaces it
    assert not _shown(at) and at.metric


def test_duplicated_key_in_the_link_says_which_value_is_used():
    at = _timed(_page({"K.c_out": ["4", "8"]}).run)
    assert not _shown(at)
    notes = " ".join(w.value for w in at.warning)
    assert "K.c_out is given 2 times" in notes and "'8'" in notes
    assert at.number_input(key="w:K.c_out").value == 8.0


def test_extreme_but_valid_link_values_give_the_library_numbers():
    """A unit that fits (5 M = 5000 mM) and g at 1e6 nS (1 mS, far above a cell's) are read,
    not refused."""
    at = _timed(_page({"K.c_out": "5 M", "Cl.g": "1e6"}).run)
    assert not _shown(at)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", vrest.VrestWarning)
        r = vrest.solve_rest(
            vrest.set_fields(load_preset("chapter_neuron"), ["Cl.g=1e6", "K.c_out=5 M"])
        )
    shown = {m.label: m.value for m in at.metric}["V rest, chord (primary)"]
    assert float(shown.split()[0].replace("−", "-")) == pytest.approx(r.V_chord, abs=0.005)


# ---- uploads -------------------------------------------------------------------------------------
IONS = '[ions.K]\nc_in = "140 mM"\nc_out = "4 mM"\ng = "100 nS"\n'
NA = '[ions.Na]\nc_in = "15 mM"\nc_out = "145 mM"\ng = "4 nS"\n'


def _cell(head: str, ions: str = IONS + NA, tail: str = "") -> bytes:
    return f"{head}\n{ions}{tail}".encode()


UPLOADS = [
    ("junk.toml", bytes(range(256)) * 8, ("junk.toml:", "expected valid TOML")),
    ("empty.toml", b"", ("empty.toml:", "ions = None", "[ions.NAME] table")),
    ("big.toml", b"# " + b"x" * (50 * 2**20), ("big.toml:", "larger than 1 MiB")),
    ("latin1.toml", 'name = "Zelle é"\n'.encode("latin-1") + IONS.encode(),
     ("latin1.toml:", "expected valid TOML", "utf-8")),
    ("units.toml", b'[ions.K]\nc_in = "140 mV"\nc_out = "4 mM"\ng = "10 nS"\n',
     ("units.toml:", "ions.K.c_in = '140 mV'", "convertible to mM")),
    ("noions.toml", b'name = "x"\nradius = "10 um"\n', ("noions.toml:", "[ions.NAME] table")),
    ("emptyions.toml", b'radius = "10 um"\n[ions]\n', ("emptyions.toml:", "at least one ion")),
    ("solution.toml", (ROOT / "examples" / "solutions" / "acsf.toml").read_bytes(),
     ("solution.toml:", "solution = ", "expected one of the fields")),
    ("sweep.toml", (ROOT / "examples" / "sweeps" / "hodgkin_horowicz.toml").read_bytes(),
     ("sweep.toml:", "cell = ", "expected one of the fields")),
    ("nested.toml", b"a = " + b"[" * 5000 + b"]" * 5000, ("nested.toml:", "nested too deeply")),
    ("cold.toml", _cell('celsius = -300\nradius = "30 um"'),
     ("cold.toml:", "celsius = -300", "above absolute zero")),
    ("r0.toml", _cell('radius = "0 um"'), ("r0.toml:", "radius = '0 um'", "positive, finite")),
    ("rbig.toml", _cell('radius = "1e300 um"'), ("rbig.toml:", "radius = '1e300 um'", "1 km")),
    # read, then refused by the analysis (the library's message, beside the loaded file)
    ("g0.toml", _cell('radius = "10 um"', IONS.replace("100 nS", "0 nS")),
     ("g = {'K': 0.0}", "at least one open conductance")),
    ("pump.toml", _cell('radius = "10 um"', tail='[pump]\nmode = "fixed"\ni_pump = "1e12 pA"\n'),
     ("pump.i_pump = '1e+12 pA'", V_MAX)),
]  # fmt: skip


@pytest.mark.parametrize(("name", "data", "words"), UPLOADS, ids=[u[0] for u in UPLOADS])
def test_bad_upload(name, data, words, tmp_path, monkeypatch):
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # the upload's temporary copy
    at = _page()
    at.run()
    up = at.file_uploader(key="w:upload").set_value((name, data, "application/toml"))
    at = _timed(up.run)
    _says(at, *words)
    assert "vrest-upload-" not in _shown(at)  # the file's name, not the temporary copy's
    assert not list(tmp_path.iterdir())  # nothing left on disk


@pytest.mark.parametrize(
    ("head", "words"),
    [
        # no radius or area: no size slider, the rest analysis still runs
        ("", ()),
        # 1000 °C loads (the library warns); the page shows its numbers or messages, no crash
        ('celsius = 1000\nradius = "30 um"', ("celsius = 1000 °C is outside the known range",)),
    ],
)
def test_upload_without_size_or_at_1000_celsius(head, words):
    at = _page()
    at.run()
    at = _timed(at.file_uploader(key="w:upload").set_value(("c.toml", _cell(head), "text")).run)
    assert not at.exception, [e.value for e in at.exception]
    assert at.metric
    notes = " ".join(w.value for w in at.warning)
    for w in words:
        assert w in notes


# ---- the tabs ------------------------------------------------------------------------------------
def _harness(tab: str, preset: str) -> None:
    from vrest.explorer.tabs import TABS
    from vrest.presets import load_preset

    dict(TABS)[tab](load_preset(preset))


def _tab(tab: str, preset: str = "chapter_neuron") -> AppTest:
    at = AppTest.from_function(
        _harness, kwargs={"tab": tab, "preset": preset}, default_timeout=TIMEOUT
    )
    at.run()
    assert not at.exception
    return at


@pytest.mark.parametrize(
    ("protocol", "key", "value", "words"),
    [
        ("ATP cut", "rd_hours_atp", 0.0, ("hours = 0.0", "run length > 0 in h")),
        ("ATP cut", "rd_hours_atp", 1e-9, ("block_at_s = 10.0", "before the end of the run")),
        ("ATP cut", "rd_hours_atp", 1e9, ("hours", "run length up to")),
        ("ATP cut", "rd_at", 1e12, ("block_at_s = 1000000000000.0", "before the end")),
        ("Protein-synthesis block", "rd_half", 0.0, ("half_life_s = 0.0", "positive half-life")),
        ("Protein-synthesis block", "rd_hours_psb", 1e9, ("hours", "run length up to")),
    ],
)
def test_rundown_bad_input(protocol, key, value, words):
    at = _tab("Run-down")
    at.radio(key="rd_protocol").set_value(protocol).run()
    at.number_input(key=key).set_value(value).run()
    at = _timed(at.button(key="rd_run").click().run)
    _says(at, *words)


def test_rundown_long_run_does_not_build_its_csv_on_every_rerun():
    """The CSV of a run is written when downloaded, not on each rerun of the tab (a 2700 h ATP
    cut sampled each second would be a ~1 GB text)."""
    at = _tab("Run-down")
    at.button(key="rd_run").click().run()
    assert not _shown(at) and at.get("download_button")
    at = _timed(at.run)
    assert at.get("download_button")[0].proto.HasField("deferred_file_id")


def _nz(at: AppTest, prefix: str) -> str:
    return next(k for k in at.session_state if str(k).startswith(prefix))


@pytest.mark.parametrize(
    ("prefix", "value", "run", "words"),
    [
        ("nz_count_", 0, False, ("K80.count = 0", "at least 1 channel")),
        ("nz_count_", 10**12, False, ("K80.count = 1000000000000", "whole number of channels")),
        ("nz_gamma_", 0.0, False, ("K80.gamma = '0.0 pS'", "positive, finite number")),
        ("nz_radius_", 0.0, False, ("radius = 0.0", "positive, finite number in µm")),
        ("nz_radius_", 1e-9, False, ("radius = 1e-09", "between 0.001 and 1e+09 µm")),
        ("nz_radius_", 1e9, False, ("tau_m", "too stiff")),
        ("nz_alpha_", 0.0, False, ("K80.alpha = 0.0", "positive, finite number in 1/ms")),
        ("nz_dur_2s", 0.0, True, ("duration = 0.0", "positive, finite number in ms")),
        ("nz_dur_2s", 1e-9, True, ("record_dt = 0.1", "at most the duration")),
        ("nz_dur_2s", 1e9, True, ("record_dt = 0.1", "GiB")),
        ("nz_cells_2s", 10**12, True, ("cells = 1000000000000", "whole number 1 … 1e+07")),
        ("nz_cells_2s", 10**6, True, ("record_dt", "148 GiB")),
    ],
)
def test_noise_bad_input(prefix, value, run, words):
    at = _tab("Channel noise", "chapter_noise")
    at.number_input(key=_nz(at, prefix)).set_value(value)
    at = _timed(at.button(key="nz_run").click().run if run else at.run)
    _says(at, *words)


def test_noise_run_that_would_take_an_hour_is_refused_before_it_starts():
    at = _tab("Channel noise", "chapter_noise")
    at.number_input(key=_nz(at, "nz_count_")).set_value(10**7).run()
    at = _timed(at.button(key="nz_run").click().run)
    _says(at, "duration = 2000.0", "limit 10 minutes")


PIP, BATH = "ljp_pipette_k_gluconate_pipette", "ljp_bath_acsf"
LJP = [
    (PIP, {"edited_rows": {0: {"ion": "Xx"}}}, ("ion = 'Xx'", "known mobility")),
    (PIP, {"added_rows": [{"ion": "../../etc/passwd", "mM": 5.0}]}, ("known mobility",)),
    (PIP, {"edited_rows": {0: {"mM": -125.0}}}, ("pipette.K = -125.0", "≥ 0 in mM")),
    (PIP, {"edited_rows": {0: {"mM": None}}}, ("pipette.K = nan", "≥ 0 in mM")),
    (PIP, {"edited_rows": {0: {"ion": None}}}, ("pipette ion name = ''", "non-empty name")),
    (PIP, {"added_rows": [{"ion": "K", "mM": 5.0}]}, ("pipette = 'K'", "each ion once")),
    (PIP, {"edited_rows": {0: {"mM": 1e300}}}, ("pipette = ", "electroneutral")),
    (PIP, {"edited_rows": {0: {"mM": 100.0}}}, ("pipette = ", "electroneutral")),
    (PIP, {"deleted_rows": list(range(6))}, ("pipette = 'no ions'", "solution with ions")),
    (BATH, {"deleted_rows": list(range(8))}, ("bath = 'no ions'", "solution with ions")),
]


@pytest.mark.parametrize(("key", "edit", "words"), LJP, ids=[str(e)[:50] for _, e, _ in LJP])
def test_ljp_bad_table(key, edit, words):
    at = _tab("LJP correction")
    at.session_state[key] = {"edited_rows": {}, "added_rows": [], "deleted_rows": [], **edit}
    at = _timed(at.run)
    _says(at, *words)


def test_ljp_solution_started_empty():
    """The "(empty)" start gives an empty table (a traceback before: its ion column was not
    text); the page says a solution needs ions, and typed rows are read."""
    at = _tab("LJP correction")
    at = _timed(at.selectbox(key="ljp_pipette_preset").set_value("(empty)").run)
    _says(at, "pipette = 'no ions'", "solution with ions")
    at.session_state["ljp_pipette_(empty)"] = {
        "edited_rows": {},
        "added_rows": [{"ion": "K", "mM": 140.0}, {"ion": "Cl", "mM": 140.0}],
        "deleted_rows": [],
    }
    at = _timed(at.run)
    assert not _shown(at) and any(m.label.startswith("LJP") for m in at.metric)


@pytest.mark.parametrize(
    ("key", "value", "words"),
    [
        ("ljp_celsius", -300.0, ("celsius = -300.0", "above absolute zero")),
        ("ljp_celsius", -273.15, ("celsius = -273.15", "above absolute zero")),
        ("ljp_celsius", 1000.0, ("celsius = '1000 °C'", V_MAX)),
        ("ljp_measured", 1e300, ("measured = 1e+300", "within ±1000 mV")),
    ],
)
def test_ljp_bad_number(key, value, words):
    at = _tab("LJP correction")
    at = _timed(at.number_input(key=key).set_value(value).run)
    _says(at, *words)


@pytest.mark.parametrize(
    ("scenario", "sets", "words"),
    [
        ("hyperkalemia", {"k_out_min": 0.0}, ("hyperkalemia.k_out_min = 0.0", "0.5 to 30 mM")),
        ("hyperkalemia", {"k_out_max": 1e300}, ("k_out_max = 1e+300", "0.5 to 30 mM")),
        ("hyperkalemia", {"k_out_min": 10.0, "k_out_max": 5.0}, ("k_out_min = 10.0", "less")),
        ("hyperkalemia", {"points": 10**9}, ("hyperkalemia.points = 1000000000", "2 to 400")),
        ("gaba-shift", {"ph_in": -1.0}, ("gaba-shift.ph_in = -1.0", "from 0 to 14")),
        ("gaba-shift", {"g_gaba": 1e300}, ("gaba-shift.g_gaba = 1e+300", "0 to 1000 nS")),
        ("root-hair", {"ph_out": 15.0}, ("root-hair.ph_out = 15.0", "0 to 14 pH")),
        ("root-hair", {"k_out": 0.0}, ("root-hair.k_out = 0.0", "0.001 to 200 mM")),
        ("acidophile", {"ph_out": -0.5}, ("acidophile.ph_out = -0.5", "0 to 8 pH")),
    ],
)
def test_scenario_parameters_out_of_range(scenario, sets, words):
    at = _tab("Applications")
    at.selectbox(key="app_scenario").set_value(scenario).run()
    for k, v in sets.items():
        at.number_input(key=f"app_{scenario}_{k}").set_value(v)
    if at.form_submit_button:  # a costly scenario: its values go in with the Run button
        at = _timed(at.form_submit_button[0].click().run)
    else:
        at = _timed(at.run)
    _says(at, *words)
