"""Demo data for a first look (`village-pos --demo`): build.create_demo fills an empty station
with every area's realistic data, in the order villagers, parcels, purchases, sales, shifts."""
