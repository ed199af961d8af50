"""Income: what the partner earns, from the station's records and dated rates (issue 18).

facts       the records as income facts for a range of days (parcels, purchases, sales margin)
rates       the rate table: the station's own setting, or the county's when linked
statements  a month's statement, and the overview of the last twelve months
"""
