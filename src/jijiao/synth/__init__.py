"""A generated province for benchmarks and scale tests (``jijiao manage synth``, issue 16).

Synthetic, never real people: Zhejiang's eleven cities (their real division codes) with offices
at province, city and county level, units of every kind, grade and category, departments, people
with valid ID numbers stored as the application stores them (encrypted, hashed, masked), credit
years with the city's pack, published projects with one session each, ledger rows over the years
in the mix of a real year (projects, in-unit activities, remote courses, personal study; approved,
waiting, returned, refused, voided) and exemptions. The big tables go in with COPY.

``world.py`` builds the small tables through the ORM, ``rows.py`` streams people, employments,
ledger rows and annual facts with COPY; ``build.py`` runs both and records the scale, so a second
run at the same scale reuses what is there.
"""
