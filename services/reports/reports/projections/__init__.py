"""Read models of the reports service: the raw event store, reference names and the report rollups."""
