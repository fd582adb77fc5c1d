"""Who may see what: markings and the visibility policy every read path uses."""
