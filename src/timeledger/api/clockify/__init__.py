"""The Clockify-compatible API v1: routers that translate wire shapes to service calls and back."""

from fastapi import APIRouter

from timeledger.api.clockify import (
    clients,
    custom_fields,
    files,
    projects,
    tags,
    tasks,
    time_entries,
    user_groups,
    users,
    workspaces,
)

router = APIRouter()
for module in (users, workspaces, clients, projects, tasks, tags, time_entries, user_groups, custom_fields, files):
    router.include_router(module.router)
