"""counterfraud: intercept, dismantle, cooperate and help victims of cross-border online fraud."""

__version__ = "0.1.0"
