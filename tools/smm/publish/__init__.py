"""Stage 4 of the pipeline: publish due posts from main, exactly once, with git as the log."""
