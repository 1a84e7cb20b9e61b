"""Metrics: read the figures of published posts back on a cadence and commit them (docs/metrics.md).

cadence.py decides when a post is read (1 h, 24 h, 7 days after it went out, then never);
run.py reads them through each network adapter's ``metrics()`` and writes the ``metrics:`` block;
summary.py is what a run did, as a table, JSON or a job summary.
"""
