"""The action catalog as MCP tools: tool name = action id, its description, input schema and
annotations (read-only, destructive, idempotent).

- `timeledger mcp` serves them over stdio (stdio.py); each call runs the action through the
  CLI's session, i.e. over HTTP against the configured server or the local one.
- `timeledger serve` answers streamable HTTP at /mcp (web.py), authenticated by `X-Api-Key` or
  `Authorization: Bearer <key>`; each call runs against the same app in-process, with that key.

Confirmation is the MCP client's part: destructive tools say so in their annotations.
"""
