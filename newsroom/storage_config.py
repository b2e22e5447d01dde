"""The ``STORAGES["reports"]`` entry from ``REPORTS_STORAGE_URL`` (no Django import: settings.py uses it)."""

from __future__ import annotations

from typing import Any

FILESYSTEM = "django.core.files.storage.FileSystemStorage"
S3 = "storages.backends.s3.S3Storage"


class StorageUrlError(ValueError):
    pass


def storage_config(url: str, *, env: dict[str, str], url_expire_seconds: int) -> dict[str, Any]:
    """The ``STORAGES["reports"]`` entry for ``REPORTS_STORAGE_URL`` (settings.py calls this).

    ``""`` -> the filesystem under ``MEDIA_ROOT``; ``file:///path`` -> the filesystem at ``/path``;
    ``s3://bucket[/prefix]`` -> S3, with ``AWS_S3_ENDPOINT_URL`` (any S3-compatible store),
    ``AWS_S3_REGION_NAME`` and ``AWS_S3_ADDRESSING_STYLE`` from ``env``; the credentials are boto3's own
    (``AWS_ACCESS_KEY_ID`` / ``AWS_SECRET_ACCESS_KEY``, a profile or an instance role).
    """
    if not url:
        return {"BACKEND": FILESYSTEM, "OPTIONS": {"allow_overwrite": True}}
    scheme, _, rest = url.partition("://")
    if scheme == "file" and rest.startswith("/"):
        return {"BACKEND": FILESYSTEM, "OPTIONS": {"location": rest, "allow_overwrite": True}}
    if scheme == "s3" and rest.split("/", 1)[0]:
        bucket, _, prefix = rest.partition("/")
        endpoint = env.get("AWS_S3_ENDPOINT_URL") or None
        return {
            "BACKEND": S3,
            "OPTIONS": {
                "bucket_name": bucket,
                "location": prefix.strip("/"),
                "endpoint_url": endpoint,
                "region_name": env.get("AWS_S3_REGION_NAME") or None,
                # Path-style URLs for self-hosted stores (SeaweedFS, MinIO); AWS itself prefers virtual.
                "addressing_style": env.get("AWS_S3_ADDRESSING_STYLE") or ("path" if endpoint else None),
                "signature_version": "s3v4",
                "file_overwrite": True,
                "default_acl": None,
                "querystring_auth": True,
                "querystring_expire": url_expire_seconds,
            },
        }
    raise StorageUrlError(
        f"REPORTS_STORAGE_URL must be empty (the filesystem under MEDIA_ROOT), file:///absolute/path or "
        f"s3://bucket[/prefix], not {url!r}."
    )
