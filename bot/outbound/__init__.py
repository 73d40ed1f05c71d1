"""Everything Kindred sends on its own: the pacer, scheduled jobs, private letters, notices."""
