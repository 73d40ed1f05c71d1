"""Members' boundaries and consent, data rights (export, delete, purge) and retention."""
