"""Sphinx configuration of the vrest documentation site.

Build it with ``python scripts/build_docs.py OUT_DIR``: the script copies this folder to a build
source folder, adds the generated pages (the CLI reference, the benchmark tables, the validation
table, the problem book) and the bundled MathJax, and runs ``sphinx-build -W``. The site works
offline: Furo with the system fonts (no web fonts) and MathJax 2.7 served from ``_static/mathjax``
(copied from the ``jupyter-server-mathjax`` wheel), never a CDN. Notebooks are not executed here:
the problem book comes already executed (by the test run or ``scripts/book.py``).
"""

from __future__ import annotations

project = "vrest"
author = "vrest developers"
copyright = "vrest developers"
release = "0.1.0"

extensions = [
    "myst_nb",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.mathjax",
]

# ---- sources ----------------------------------------------------------------------------------
root_doc = "index"
exclude_patterns = ["_build", "_generated", "**.ipynb_checkpoints", "problems/student/**", "*.py"]
suppress_warnings = ["myst.header"]
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "deflist"]
myst_heading_anchors = 3
myst_dmath_double_inline = True

# ---- notebooks: never executed by Sphinx (they come executed) ------------------------------
nb_execution_mode = "off"
nb_merge_streams = True
nb_ipywidgets_js = {}  # no widget manager from a CDN

# ---- API reference ----------------------------------------------------------------------------
autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_default_options = {"members": False, "show-inheritance": False}
napoleon_google_docstring = False
napoleon_numpy_docstring = True

# ---- HTML: Furo, offline ----------------------------------------------------------------------
html_theme = "furo"
html_title = "vrest"
html_static_path = ["_static"]
html_css_files = ["vrest.css"]
html_copy_source = False
html_show_sourcelink = False
html_theme_options = {
    # Furo uses the system font stacks by default (no web fonts); keep it that way
    "navigation_with_keys": True,
}

# MathJax 2.7, bundled: the build copies its files into _static/mathjax
mathjax_path = "mathjax/MathJax.js?config=TeX-AMS-MML_HTMLorMML-full"
mathjax2_config = {
    # MyST marks each page's section tex2jax_ignore (so that a stray $ in the text is never
    # typeset) and its math elements with the class "math": process exactly those
    "tex2jax": {
        "ignoreClass": "tex2jax_ignore|mathjax_ignore",
        "processClass": "tex2jax_process|mathjax_process|math|output_area",
        "inlineMath": [["\\(", "\\)"]],
        "displayMath": [["\\[", "\\]"]],
        "processRefs": False,
        "processEnvironments": True,
    },
    # the wheel ships the STIX-Web web fonts (served from _static, never a CDN); no local fonts,
    # no image fonts
    "HTML-CSS": {
        "availableFonts": [],
        "preferredFont": None,
        "webFont": "STIX-Web",
        "imageFont": None,
    },
    "MathMenu": {"showFontMenu": False},
    "menuSettings": {"zoom": "None"},
    "showMathMenu": False,
}

# Some docstrings write the magnitude of the ATP free energy as |ΔG_ATP|, which
# reStructuredText reads as a substitution reference: define it as itself (api.rst is rst).
rst_prolog = r"""
.. |ΔG_ATP| replace:: \|ΔG_ATP\|
"""
