"""Names fixed by the station server's layout, shared by its modules."""

DEFAULT_PORT = 5433
SUPERUSER = "postgres"
APP_ROLE = "pos"  # the role the counters use; owns the station database
DATABASE = "station"
PAIR_ROLE = "pos_pair"
