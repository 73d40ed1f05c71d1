"""Time: the injectable clock, recurrences in a zone, and parsing what people type."""
