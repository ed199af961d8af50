"""The station's own PostgreSQL server on the main PC, pairing other counters with it, moving a
station onto it and backing it up: no Qt here (the command line, the app and tests share it)."""
