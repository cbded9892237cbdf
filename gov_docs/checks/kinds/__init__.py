"""Rule kinds: one module per kind, registered in ``gov_docs.checks.registry``."""
