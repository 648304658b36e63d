"""The CLI's subcommands, one module per group. Each ``run_*`` returns an exit code."""
