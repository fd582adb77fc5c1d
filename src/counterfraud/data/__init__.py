"""Data files shipped with counterfraud (read with importlib.resources)."""
