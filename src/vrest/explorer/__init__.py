"""The vrest explorer: a Streamlit page over the library (``vrest explore`` serves it).

* :mod:`.app` — the page (Streamlit runs it as a script; importing it draws nothing);
* :mod:`.state` — presets, widget values → a :class:`vrest.Cell` through the dotted-name grammar,
  the shareable query string, and the cell file (TOML) of the current cell;
* :mod:`.readouts` — the library's numbers for a cell, gathered into tables and plot data;
* :mod:`.charts` — the Altair charts;
* :mod:`.tabs` — the run-down, channel-noise, applications and LJP tabs.

Thin: every number comes from a vrest function; bad input shows the library's own message.
"""
