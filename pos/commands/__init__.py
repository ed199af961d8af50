"""Subcommands of `village-pos` that work without the window."""
