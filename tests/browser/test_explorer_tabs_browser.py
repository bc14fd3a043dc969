"""The explorer's channel-noise tab in a real browser (Debian's Chromium via Playwright, offline):
the Run button shows a progress bar inside a status box, then the result, and the spectrum chart
really drew the simulated and the analytic curves (pixels of their colours, not only a visible
element). Screenshots go to the ``shot_dir`` artifacts.
"""

from __future__ import annotations

import io
import re

from playwright.sync_api import expect

IDLE = "[data-testid=stApp][data-test-script-state=notRunning]"
#: The spectrum's curve colours (src/vrest/explorer/tabs/noise.py): simulated, analytic, thermal.
SIMULATED, LNA, THERMAL = (0x6B, 0xAE, 0xD6), (0, 0, 0), (0xD6, 0x27, 0x28)


def colour_pixels(png: bytes, rgb: tuple[int, int, int], tol: int = 40) -> int:
    """How many pixels of ``png`` lie within ``tol`` (per channel) of ``rgb``."""
    import numpy as np
    from PIL import Image

    a = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)
    return int(np.all(np.abs(a - np.array(rgb)) <= tol, axis=-1).sum())


def test_noise_run_shows_progress_then_result(page, explorer_url, shot_dir):
    page.goto(explorer_url)
    page.wait_for_selector(IDLE, timeout=60_000)
    page.get_by_role("tab", name="Channel noise").click()
    panel = page.get_by_role("tabpanel", name="Channel noise")
    expect(panel.get_by_text("σ_V (LNA)").first).to_be_visible(timeout=30_000)
    page.wait_for_selector(IDLE)
    assert panel.locator("[data-testid=stMetric]").count() == 4  # the LNA at once, no run yet
    panel.get_by_role("button", name="Run", exact=True).click()
    # the status box with its progress bar, fed by the library's progress callback, then done
    bar = panel.locator("[data-testid=stProgress] [role=progressbar]")
    expect(bar).to_have_attribute("aria-valuenow", "100", timeout=30_000)
    expect(panel.get_by_text(re.compile(r"^Done in \d+\.\d\d s$"))).to_be_visible()
    expect(panel.get_by_text("σ_V (simulated)")).to_be_visible()
    page.wait_for_selector(IDLE)
    charts = panel.locator("[data-testid=stVegaLiteChart]")
    expect(charts).to_have_count(3)  # trace, histogram, spectrum
    psd = charts.nth(2)
    psd.scroll_into_view_if_needed()
    page.wait_for_timeout(500)  # let Vega finish drawing
    png = psd.screenshot(path=str(shot_dir / "explorer_noise_psd.png"))
    page.screenshot(path=str(shot_dir / "explorer_noise_tab.png"), full_page=True)
    # each curve drew a line of its own colour (a few hundred pixels at least; 0 if not drawn)
    for name, rgb in (("simulated", SIMULATED), ("LNA", LNA), ("thermal", THERMAL)):
        assert colour_pixels(png, rgb) > 300, name
