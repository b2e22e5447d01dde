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

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files import File
from django.core.files.storage import Storage, storages

ALIAS = "reports"
STREAM_CHUNK = 64 * 1024


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


class StorageUnavailable(ConnectionError):
    """The object store could not be reached or failed on its side (5xx): worth trying again later."""


def _transient(error: Exception) -> bool:
    try:
        from botocore.exceptions import BotoCoreError, ClientError
    except ImportError:  # pragma: no cover - django-storages[s3] is a dependency
        return False
    if isinstance(error, ClientError):
        status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode") or 0
        return status >= 500 or error.response.get("Error", {}).get("Code") in {"SlowDown", "RequestTimeout"}
    return isinstance(error, BotoCoreError)


def report_file_store(*, name: str, path: Path) -> None:
    """Store the complete file at ``path`` as ``name``, replacing a file of that name.

    Raises :class:`StorageUnavailable` (a ``ConnectionError``, which the task retries) when the object
    store is unreachable or failing; a refusal (no such bucket, access denied) propagates as it is.
    """
    try:
        with path.open("rb") as handle:
            stored = reports_storage().save(name, _LocalFile(handle, name=name))
    except Exception as error:
        if _transient(error):
            raise StorageUnavailable(f"The reports storage is unavailable: {error}") from error
        raise
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
