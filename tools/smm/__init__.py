"""smm: social media marketing as code.

The stages, one package each (docs/design.md#architecture):

    content -> lint -> due selection -> publish -> metrics -> report

content/ loads posts, campaigns and brands with the position of every key; lint/ checks them and
keeps per-post facts in its cache; publish/ selects what is due from those facts and sends it
exactly once, claims and results committed to git; metrics/ reads figures of published posts back
into ``metrics:``; report/ sums them per campaign. No command runs the whole line: ``smm lint``
runs content and lint; ``smm publish`` runs content, lint (cached facts and findings: a post with
errors is blocked), due selection and publish; ``smm metrics`` takes lint's facts and reads
figures; ``smm report`` and ``smm plan`` (the content plan) read lint's facts and the managed
blocks. networks/ renders a post for each network (lint, preview, review and publish share it) and
holds one adapter per network; rules/ is data.
"""

__version__ = "0.1.0"
