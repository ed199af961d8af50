"""What the counter's devices are, as data: scanner and printer specs, papers and encodings,
render options and the device settings, with their parsers and checks (no Qt, no I/O)."""
