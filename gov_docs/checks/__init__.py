"""Rule engine: rule files, kinds, findings, fixes, self-test. Public API: see the functions re-exported here."""
