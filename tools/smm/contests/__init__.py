"""Contests with a verifiable draw (docs/contests.md): `smm draw POST` collects the entrants of a
contest post, commits them, draws the winners from a seed git fixed, and `smm draw --verify`
recomputes them from the committed files."""
