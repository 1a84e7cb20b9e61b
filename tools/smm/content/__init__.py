"""Stage 1 of the pipeline: load posts, campaigns and brands with the position of every key."""
