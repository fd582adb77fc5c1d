"""Use cases that join the pure core to the store; the CLI and API call only these."""
