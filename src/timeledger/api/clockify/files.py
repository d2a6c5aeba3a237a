"""Profile image upload, and serving uploaded images back."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from starlette.datastructures import UploadFile

from timeledger.api.auth import DbDep, PrincipalDep
from timeledger.api.clockify import schemas
from timeledger.api.responses import JSON
from timeledger.services import files as service
from timeledger.services.errors import Invalid

router = APIRouter(prefix="/v1", tags=["Files"])


@router.post("/file/image", operation_id="upload-profile-image",
             response_model=schemas.ImageOut, summary="Upload a profile image")
async def upload_image(request: Request, db: DbDep, principal: PrincipalDep) -> JSON:
    form = await request.form(max_files=1, max_fields=5)
    upload = form.get("file")
    if not isinstance(upload, UploadFile):
        raise Invalid("Send the image as multipart/form-data field 'file'", "file")
    data = await upload.read(service.MAX_IMAGE_BYTES + 1)
    stored = await service.store_image(db, principal, upload.filename or "image", data)
    base = request.app.state.settings.public_url.rstrip("/") or str(request.base_url).rstrip("/")
    return JSON({"name": stored.name, "url": f"{base}/v1/files/{stored.token}"})


@router.get("/files/{token}", operation_id="get-profile-image", include_in_schema=False)
async def get_image(db: DbDep, token: str) -> Response:
    stored = await service.load(db, token)
    if stored is None:
        return JSON({"message": "File not found", "code": 404}, status_code=404)
    return Response(stored.data, media_type=stored.content_type, headers={"Cache-Control": "public, max-age=86400"})
