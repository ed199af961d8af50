"""Use cases: each takes a unit of work (and device ports) and returns plain results."""
