"""Outlet knowledge: the curated table of agencies and outlets, the derived ratings, and clue detection.

`table` loads `data/outlets.json` (who an outlet is, each fact with its reference) and `data/ratings.csv.gz`
(how rating bodies rate a domain, each rating naming its source); `detect` finds the clues in an article that name
its outlet (URL, site name, datelines with agency codes, credit lines, "X correspondent", bylines). The spaCy
`identify` (what the `spinscope/outlet` component calls) and `spinscope outlet lookup` both build on these.
"""
