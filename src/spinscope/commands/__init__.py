"""CLI subcommands, one module per command group; `spinscope.cli` imports them all."""
