"""The action catalog shared by `timeledger action` and the MCP server (see catalog.py)."""
