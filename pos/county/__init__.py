"""The county operations centre (县级运营中心): the server village stations sync with.

models (tables), database (engine, migrations), keys (enrolment codes, station keys, staff
tokens), ingest (applying a batch), manifests, stations (the overview), app (the HTTP API),
cli (`village-pos county ...`). Only the HTTP app imports FastAPI.
"""
