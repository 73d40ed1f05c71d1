"""Storage: the database interface, the core's own schema, and sealing private text at rest."""
