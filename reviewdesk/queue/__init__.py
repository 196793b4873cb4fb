"""The desk's queue: fetching, ordering and delivering decisions."""
