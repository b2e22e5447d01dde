"""Where report files live: Django's storage API under the ``reports`` alias of ``STORAGES``.

The embedded default is the filesystem (``MEDIA_ROOT``); ``REPORTS_STORAGE_URL=s3://bucket/prefix``
puts them in any S3-compatible object store (django-storages with boto3), which every web and worker
machine reaches, so a report written by a worker on one machine downloads from a web process on another.
Workers write a report to a local scratch file first (``REPORTS_SCRATCH_DIR``) and store it only when it
is complete; the report row, marked done in the same transaction, is what makes it visible.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files import File
from django.core.files.storage import Storage, storages

ALIAS = "reports"
STREAM_CHUNK = 64 * 1024
FILESYSTEM = "django.core.files.storage.FileSystemStorage"
S3 = "storages.backends.s3.S3Storage"


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
    raise ImproperlyConfigured(
        f"REPORTS_STORAGE_URL must be empty (the filesystem under MEDIA_ROOT), file:///absolute/path or "
        f"s3://bucket[/prefix], not {url!r}."
    )


def reports_storage() -> Storage:
    return storages[ALIAS]


def scratch_dir() -> Path:
    """This machine's folder for reports being written (never shared, never served)."""
    folder = Path(settings.REPORTS_SCRATCH_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class _LocalFile(File):
    """A finished scratch file: the filesystem storage moves it into place instead of copying it."""

    def temporary_file_path(self) -> str:
        return str(self.file.name)


def report_file_store(*, name: str, path: Path) -> None:
    """Store the complete file at ``path`` as ``name``, replacing a file of that name."""
    with path.open("rb") as handle:
        stored = reports_storage().save(name, _LocalFile(handle, name=name))
    if stored != name:  # a storage that renames instead of replacing would break the row's file name
        raise ImproperlyConfigured(f"The reports storage stored {name!r} as {stored!r}: it must overwrite.")


def report_file_exists(name: str) -> bool:
    return reports_storage().exists(name)


def report_file_chunks(name: str) -> tuple[Iterator[bytes], int]:
    """The stored file as a stream of chunks, and its size; nothing is read into memory at once.

    django-storages' S3 file downloads the whole object to a temporary file before the first read, so
    for S3 the object's body is streamed directly.
    """
    storage = reports_storage()
    handle = storage.open(name, "rb")
    s3_object = getattr(handle, "obj", None)
    if s3_object is not None and hasattr(s3_object, "get"):
        handle.close()
        response = s3_object.get()
        body = response["Body"]

        def s3_chunks() -> Iterator[bytes]:
            try:
                yield from body.iter_chunks(STREAM_CHUNK)
            finally:
                body.close()

        return s3_chunks(), int(response["ContentLength"])

    def file_chunks() -> Iterator[bytes]:
        try:
            while block := handle.read(STREAM_CHUNK):
                yield block
        finally:
            handle.close()

    return file_chunks(), storage.size(name)


def report_file_url(name: str, *, filename: str, content_type: str) -> str | None:
    """A short-lived signed URL to the object itself, or None when the storage cannot sign one."""
    storage = reports_storage()
    if storage.__class__.__module__.split(".")[0] != "storages":
        return None
    return storage.url(
        name,
        parameters={
            "ResponseContentDisposition": f'attachment; filename="{filename}"',
            "ResponseContentType": content_type,
        },
        expire=settings.REPORTS_URL_EXPIRE_SECONDS,
    )
