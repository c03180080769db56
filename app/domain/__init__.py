"""Pure domain: units, circuits, series, snapshots. No Qt, no database."""
