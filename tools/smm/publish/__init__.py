"""Due selection and publishing: what a run owes, sent from main exactly once, with git as the log.

The due selection (plan.py) turns lint's cached facts into one action per (post, network);
run.py claims, sends and records (docs/publishing.md)."""
