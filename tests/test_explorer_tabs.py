"""The explorer's four tabs (``vrest.explorer.tabs``) under Streamlit's AppTest: each readout
equals the library's own value for the same inputs, the Run buttons show progress and then the
result, and bad input shows the library's error message inline (no traceback).

The tabs are thin: they format numbers the library computes. So a readout is compared with the
library's value to the precision it is displayed with (half a unit of its last digit), and a few
numbers are also checked against the physics they stand for (the README's and the chapter's).
"""

from __future__ import annotations

import json
import math
import warnings

import pytest
from streamlit.testing.v1 import AppTest

import vrest
from vrest.errors import VrestInputError
from vrest.explorer.tabs.noise import F_HZ
from vrest.presets import load_preset

#: Seconds an AppTest run may take (imports and the first numba load included; 2 busy cores).
TIMEOUT = 120


def _harness(tab: str, preset: str) -> None:
    """Render one tab for a preset cell (the script that AppTest runs)."""
    from vrest.explorer.tabs import TABS
    from vrest.presets import load_preset

    dict(TABS)[tab](load_preset(preset))


def app(tab: str, preset: str = "chapter_neuron") -> AppTest:
    at = AppTest.from_function(
        _harness, kwargs={"tab": tab, "preset": preset}, default_timeout=TIMEOUT
    )
    at.run()
    assert not at.exception, at.exception
    return at


def metric(at: AppTest, label: str) -> str:
    """The value shown by the (last) metric with ``label``."""
    found = [m.value for m in at.metric if m.label == label]
    assert found, f"no metric {label!r} among {[m.label for m in at.metric]}"
    return found[-1]


def number(text: str) -> float:
    """The number at the start of a readout such as '-17.08 mV' or '+15.96 mV'."""
    return float(text.split()[0].replace("−", "-").replace(",", ""))


def charts(at: AppTest) -> dict[str, int]:
    """Each Vega-Lite chart's title → the number of data rows it was given."""
    from streamlit import dataframe_util

    out = {}
    for ch in at.get("vega_lite_chart"):
        spec = json.loads(ch.proto.spec)
        rows = sum(
            len(dataframe_util.convert_arrow_bytes_to_pandas_df(d.data.data))
            for d in ch.proto.datasets
        )
        title = spec.get("title") or next(
            (layer.get("title") for layer in spec.get("layer", []) if layer.get("title")), ""
        )
        out[title if isinstance(title, str) else title.get("text", "")] = rows
    return out


def errors(at: AppTest) -> list[str]:
    return [e.value for e in at.error]


def library_message(fn, *args, **kwargs) -> str:
    with pytest.raises(vrest.VrestError) as exc:
        fn(*args, **kwargs)
    return str(exc.value)


# ---- the interface ----------------------------------------------------------------------------
def test_tabs_interface():
    from vrest.explorer.tabs import TABS

    assert [t for t, _ in TABS] == ["Run-down", "Channel noise", "Applications", "LJP correction"]
    assert all(callable(render) for _, render in TABS)


# ---- run-down ---------------------------------------------------------------------------------
def test_rundown_atp_cut_equals_library():
    from vrest.dynamics import atp_cut

    at = app("Run-down")
    assert not at.metric  # nothing runs before the Run button
    at.button(key="rd_run").click().run()
    assert not at.exception and not errors(at)
    assert at.status[0].label.startswith("Done") and at.progress  # progress, then the result
    cell = load_preset("chapter_neuron")
    tc = atp_cut(cell, hours=3.0, block_at_s=10.0, model="chord", progress=lambda *_: None)
    # displayed to 0.01 mV: equal to the library's value within half of that
    assert number(metric(at, "V at the start")) == pytest.approx(tc.V[0], abs=0.005)
    assert number(metric(at, "V at the end")) == pytest.approx(tc.V[-1], abs=0.005)
    # displayed to 0.1 min; the README's (and the library's) 26.5 min for the chapter neuron
    assert number(metric(at, "[K]in half-time")) == pytest.approx(tc.half_time("K") / 60, abs=0.05)
    assert metric(at, "[K]in half-time") == "26.5 min"
    # run down for 3 h: V has depolarized from about −83 mV to above −20 mV
    assert tc.V[0] < -80 and number(metric(at, "V at the end")) > -20
    # the end state is the library's own classification of the cell as the run left it
    from vrest.explorer.tabs.rundown import end_state

    with warnings.catch_warnings():  # the tab shows the library's warnings as notes
        warnings.simplefilter("ignore", vrest.VrestWarning)
        label = end_state(tc).state_label
    assert any(label in m.value for m in at.markdown)
    assert at.get("download_button")  # the CSV download is offered
    drawn = charts(at)  # V(t) and the concentrations (3 ions) with their baths: data drawn
    assert drawn["Membrane potential"] > 1000, drawn
    assert drawn["Concentrations: inside (solid) and the bath (dashed)"] > 3000, drawn


def test_rundown_protein_block_equals_library():
    from vrest.dynamics import protein_synthesis_block

    at = app("Run-down")
    at.radio(key="rd_protocol").set_value("Protein-synthesis block").run()
    at.button(key="rd_run").click().run()
    assert not at.exception and not errors(at)
    tc = protein_synthesis_block(
        load_preset("chapter_neuron"),
        24.0,
        hours=72.0,
        at_s=10.0,
        model="chord",
        progress=lambda *_: None,
    )
    assert number(metric(at, "V at the end")) == pytest.approx(tc.V[-1], abs=0.005)
    half = tc.half_time("K")
    shown = metric(at, "[K]in half-time")
    assert shown.endswith(" h") and number(shown) == pytest.approx(half / 3600, abs=0.05)
    # hours to days after a protein-synthesis block, against minutes after an ATP cut
    assert half > 3600


def test_rundown_bad_input_shows_library_message():
    from vrest.dynamics import atp_cut

    at = app("Run-down")
    at.number_input(key="rd_hours_atp").set_value(0.0).run()
    at.button(key="rd_run").click().run()
    assert not at.exception
    expected = library_message(atp_cut, load_preset("chapter_neuron"), hours=0.0)
    assert errors(at) == [expected]


def test_rundown_cell_without_pump_says_why():
    at = app("Run-down", "plant_root_hair")
    assert any("no Na⁺/K⁺ pump" in i.value for i in at.info)
    assert not at.button


# ---- channel noise ----------------------------------------------------------------------------
def test_noise_lna_shown_at_once_with_fallback_cell():
    at = app("Channel noise")  # the chapter neuron has no counted channels
    assert any("no counted channel population" in i.value for i in at.info)
    lna = vrest.noise(load_preset("chapter_noise"), method="lna")
    assert number(metric(at, "σ_V (LNA)")) == pytest.approx(lna.sigma_V, abs=5e-5)
    assert number(metric(at, "thermal floor σ_V")) == pytest.approx(
        lna.lna["thermal_sigma_V"], abs=5e-5
    )
    # the README's LNA σ_V for the chapter's small cell (γ 10 pS, p 0.5, τ_c 1 ms): 0.676 mV
    assert lna.sigma_V == pytest.approx(0.676, abs=5e-4)
    # the analytic spectrum and the thermal floor are drawn before any run
    assert charts(at) == {"Power spectral density of V": 2 * len(F_HZ)}


def test_noise_uses_the_main_cell_when_it_has_counted_channels():
    at = app("Channel noise", "hh_stochastic")  # HH Na⁺ and K⁺ channels counted, by area
    assert not any("no counted channel population" in i.value for i in at.info)
    assert at.radio(key="nz_which").value == "the main page's cell"
    lna = vrest.noise(load_preset("hh_stochastic"), method="lna")
    assert number(metric(at, "σ_V (LNA)")) == pytest.approx(lna.sigma_V, abs=5e-5)
    assert number(metric(at, "V* (deterministic rest)")) == pytest.approx(lna.V_rest, abs=5e-4)
    labels = [w.label for w in at.number_input]
    assert "Membrane area (µm²)" in labels and "Cell radius (µm)" not in labels
    # HH gating is voltage-dependent: the quick default is the Langevin method
    assert at.radio(key="nz_method_hh").value == "langevin"


def test_noise_run_equals_library_and_lna():
    at = app("Channel noise", "chapter_noise")
    at.button(key="nz_run").click().run()
    assert not at.exception and not errors(at)
    assert at.status[0].label.startswith("Done") and at.progress
    cell = load_preset("chapter_noise")
    sim = vrest.noise(cell, "exact", cells=20, duration=2000.0, seed=1)
    shown, se = number(metric(at, "σ_V (simulated)")), number(metric(at, "± 1 SE"))
    assert shown == pytest.approx(sim.sigma_V, abs=5e-5)  # same seed: the same run
    assert se == pytest.approx(sim.sigma_V_se, abs=5e-5)
    # the simulation agrees with the LNA within its statistical error (3 SE: a 0.3 % chance
    # of a false alarm for a Gaussian estimate; the seed is fixed, so the test is repeatable)
    assert abs(sim.sigma_V - sim.lna_sigma_V) <= 3 * sim.sigma_V_se
    drawn = charts(at)  # trace, histogram with the Gaussian, spectrum: each with data
    assert len(drawn) == 3 and all(n > 100 for n in drawn.values()), drawn


def test_noise_inputs_change_the_lna():
    at = app("Channel noise", "chapter_noise")
    tag = [k for k in at.session_state if str(k).startswith("nz_gamma_")]
    assert len(tag) == 1
    # half the channels, each of twice the conductance: the same mean conductance
    at.number_input(key=tag[0]).set_value(20.0)
    at.number_input(key=tag[0].replace("gamma", "count")).set_value(40)
    at.run()
    cell = vrest.set_fields(
        load_preset("chapter_noise"),
        ["radius=2.0", "K80.count=40", "K80.gamma=20.0 pS", "K80.alpha=0.5", "K80.beta=0.5"],
    )
    lna = vrest.noise(cell, method="lna")
    assert number(metric(at, "σ_V (LNA)")) == pytest.approx(lna.sigma_V, abs=5e-5)
    # at a fixed mean conductance N·γ (so V*, G and τ_m unchanged) the LNA variance scales as
    # N·γ²: σ_V grows by √2 (the chapter's 1/√N); 1e-9 leaves room for rounding only
    before = vrest.noise(load_preset("chapter_noise"), method="lna").sigma_V
    assert lna.sigma_V / before == pytest.approx(math.sqrt(2), rel=1e-9)


def test_noise_bad_input_shows_library_message():
    at = app("Channel noise", "chapter_noise")
    key = next(k for k in at.session_state if str(k).startswith("nz_count_"))
    at.number_input(key=key).set_value(0).run()
    assert not at.exception
    expected = library_message(
        vrest.noise, vrest.set_fields(load_preset("chapter_noise"), ["K80.count=0"]), method="lna"
    )
    assert errors(at) == [expected]
    # a run too long for the machine is refused before it starts, with the library's reason
    at = app("Channel noise", "chapter_noise")
    at.number_input(key="nz_dur_2s").set_value(1e9).run()
    at.button(key="nz_run").click().run()
    assert not at.exception
    expected = library_message(
        vrest.noise, load_preset("chapter_noise"), "exact", cells=20, duration=1e9, seed=1
    )
    assert errors(at) == [expected]


# ---- applications -----------------------------------------------------------------------------
def shown_numbers(at: AppTest) -> dict[str, float]:
    df = at.dataframe[0].value
    return dict(zip(df["quantity"], df["value"]))


def same(shown: dict[str, float], numbers) -> None:
    assert list(shown) == list(numbers)
    for k, (v, _unit) in numbers.items():
        if math.isnan(v):
            assert math.isnan(shown[k]), k
        else:
            assert shown[k] == v, k  # the table holds the library's float itself


def test_applications_equal_library():
    from vrest.explorer.tabs.applications import names
    from vrest.scenarios import run

    assert set(names()) == {
        "hyperkalemia",
        "gaba-shift",
        "root-hair",
        "neurospora-atp-cut",
        "acidophile",
    }
    at = app("Applications")
    for name in names():
        at.selectbox(key="app_scenario").set_value(name).run()
        if name == "gaba-shift":  # a costly one: behind a Run button
            assert at.info and not at.dataframe
            at.form_submit_button[0].click().run()
        assert not at.exception and not errors(at), name
        res = run(name)
        same(shown_numbers(at), res.numbers)
        assert any(res.text == c.value for c in at.code), name  # the report, assumptions in it
        assert at.image, name  # the scenario's figure
    # the TTP06 myocyte at 5.4 mM [K]o: the model's published −85.23 mV
    at.selectbox(key="app_scenario").set_value("hyperkalemia").run()
    assert shown_numbers(at)["V_rest_5p4"] == pytest.approx(-85.23, abs=0.005)


def test_applications_parameter_widgets_and_bad_input():
    from vrest.scenarios import REGISTRY, run

    at = app("Applications")
    labels = {w.label for w in at.number_input} | {w.label for w in at.selectbox}
    for k, p in REGISTRY["hyperkalemia"].params.items():  # every Param, with its unit
        assert (f"{k} ({p.unit})" if p.unit else k) in labels
    at.number_input(key="app_hyperkalemia_k_out_max").set_value(20.0).run()
    same(shown_numbers(at), run("hyperkalemia", k_out_max=20.0).numbers)
    at.number_input(key="app_hyperkalemia_k_out_min").set_value(0.1).run()
    assert not at.exception
    expected = library_message(run, "hyperkalemia", k_out_min=0.1, k_out_max=20.0)
    assert errors(at) == [expected]


# ---- LJP --------------------------------------------------------------------------------------
def solutions():
    from vrest.explorer.tabs.ljp import presets
    from vrest.ljp import load_solution

    files = presets()
    return load_solution(files["k_gluconate_pipette"]), load_solution(files["acsf"])


def test_ljp_equals_library():
    from vrest.ljp import ljp
    from vrest.measure import compare

    at = app("LJP correction")
    assert not errors(at)
    pip, bath = solutions()
    for method, label in (
        ("nernst-planck", "LJP, stationary Nernst–Planck (Planck)"),
        ("henderson", "LJP, Henderson"),
    ):
        value = ljp(pip, bath, celsius=37.0, method=method).value
        assert number(metric(at, label)) == pytest.approx(value, abs=0.005)
    comp = compare(load_preset("chapter_neuron"), -68.0, pipette=pip, bath=bath)
    assert number(metric(at, "V_m = measured − LJP")) == pytest.approx(comp.corrected, abs=0.005)
    assert number(metric(at, "model V_rest (Chapter neuron)")) == pytest.approx(
        vrest.solve_rest(load_preset("chapter_neuron")).V, abs=0.005
    )
    assert number(metric(at, "corrected − model")) == pytest.approx(comp.difference, abs=0.005)
    # K-gluconate pipette against ACSF at 25 °C: LJPcalc's +15.729 mV (its own test), to 0.01 mV
    at.number_input(key="ljp_celsius").set_value(25.0).run()
    shown = number(metric(at, "LJP, stationary Nernst–Planck (Planck)"))
    assert shown == pytest.approx(ljp(pip, bath, celsius=25.0).value, abs=0.005)
    assert shown == pytest.approx(15.729, abs=0.015)
    # the correction with Henderson's value instead
    at.radio(key="ljp_method").set_value("henderson").run()
    comp = compare(
        load_preset("chapter_neuron").at_celsius(25.0),
        -68.0,
        pipette=pip,
        bath=bath,
        method="henderson",
    )
    assert number(metric(at, "V_m = measured − LJP")) == pytest.approx(comp.corrected, abs=0.005)
    assert number(metric(at, "corrected − model")) == pytest.approx(comp.difference, abs=0.005)


def test_ljp_bad_solution_shows_library_message():
    from vrest.ljp import ljp

    at = app("LJP correction")
    # the pipette's K⁺ lowered from 125 to 100 mM: 25 mM of anion charge left unbalanced
    at.session_state["ljp_pipette_k_gluconate_pipette"] = {
        "edited_rows": {0: {"mM": 100.0}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    assert not at.exception
    pip, bath = solutions()
    expected = library_message(ljp, {**pip, "K": 100.0}, bath, celsius=37.0)
    assert errors(at) == [expected]
    assert "electroneutral" in expected


def test_ljp_ion_named_twice_is_refused():
    import pandas as pd

    from vrest.explorer.tabs.ljp import table_to_solution

    df = pd.DataFrame({"ion": ["K", "Cl", "K", None], "mM": [1.0, 1.0, 2.0, float("nan")]})
    with pytest.raises(VrestInputError, match="each ion once"):
        table_to_solution(df, "pipette")
    assert table_to_solution(df.iloc[[0, 1, 3]], "bath") == {"K": 1.0, "Cl": 1.0}


def test_noise_library_warning_is_shown_as_a_note():
    at = app("Channel noise", "chapter_noise")
    at.radio(key="nz_method_2s").set_value("langevin").run()
    at.button(key="nz_run").click().run()
    assert not at.exception and not errors(at)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", vrest.VrestWarning)
        sim = vrest.noise(
            load_preset("chapter_noise"), "langevin", cells=20, duration=2000.0, seed=1
        )
    said = [str(w.message) for w in caught if issubclass(w.category, vrest.VrestWarning)]
    assert said and [w.value for w in at.warning] == said  # 80 channels: "use exact" (Pezo 2014)
    assert number(metric(at, "σ_V (simulated)")) == pytest.approx(sim.sigma_V, abs=5e-5)
    at.run()  # the kept run still shows its note
    assert [w.value for w in at.warning] == said
