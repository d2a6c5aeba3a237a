"""Use cases: every rule, permission check, tenancy filter and write lives here, once."""
