"""Test-only features loaded beside the real ones, to drive the core's shared machinery
(error reporting, admin checks, scheduled posts through the pacer) end to end."""
