"""The Clockify-compatible API v1: routers that translate wire shapes to service calls and back."""

from fastapi import APIRouter

from timeledger.api.clockify import (
    approvals,
    clients,
    custom_fields,
    files,
    projects,
    reports,
    tags,
    tasks,
    time_entries,
    user_groups,
    users,
    work_codes,
    workspaces,
)

# Included into the app one by one: every level of router nesting costs route matching time.
routers: list[APIRouter] = [
    module.router
    for module in (
        time_entries, users, workspaces, clients, projects, tasks, tags, user_groups, custom_fields, files, reports,
        work_codes, approvals,
    )
]
