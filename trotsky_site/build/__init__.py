"""Build: the pipeline's order, the caches that make rebuilds cheap, forked workers, and the atomic writer."""
