"""``python -m counterfraud`` runs the command line."""

from counterfraud.cli import main

main()
