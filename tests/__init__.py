"""The test suite, one package per layer: core, teams, export, agreement, suggest, cli and tui."""
