"""The `timeledger` command line."""
