"""Where the county commands find their database when --db is not given; kept apart from
pos.county.database so that building the command line (every start of the station app) imports
no SQLAlchemy."""

DB_ENV = "VILLAGE_POS_COUNTY_DB"
