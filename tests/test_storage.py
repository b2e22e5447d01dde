"""Report files through the storage API: the filesystem by default, a real S3 server (SeaweedFS) otherwise."""

from __future__ import annotations

import hashlib
import socket
import urllib.request
from pathlib import Path

import boto3
import pytest
from django.conf import settings
from django.urls import reverse

from newsroom.storage_config import FILESYSTEM, S3, StorageUrlError, storage_config
from reviews.models import Report, ReportFormat, ReportState
from reviews.services.reports import report_compile, report_request
from reviews.storage import StorageUnavailable, reports_storage


def test_the_storage_url_chooses_the_backend() -> None:
    assert storage_config("", env={}, url_expire_seconds=60) == {
        "BACKEND": FILESYSTEM,
        "OPTIONS": {"allow_overwrite": True},
    }
    assert storage_config("file:///srv/reports", env={}, url_expire_seconds=60)["OPTIONS"]["location"] == "/srv/reports"
    s3 = storage_config(
        "s3://claims/reports/", env={"AWS_S3_ENDPOINT_URL": "http://127.0.0.1:8333"}, url_expire_seconds=60
    )
    assert s3["BACKEND"] == S3
    assert {k: s3["OPTIONS"][k] for k in ("bucket_name", "location", "endpoint_url", "addressing_style")} == {
        "bucket_name": "claims",
        "location": "reports",
        "endpoint_url": "http://127.0.0.1:8333",
        "addressing_style": "path",
    }
    assert storage_config("s3://claims", env={}, url_expire_seconds=60)["OPTIONS"]["addressing_style"] is None
    for bad in ("s3://", "ftp://x/y", "reports/", "file://relative"):
        with pytest.raises(StorageUrlError, match="REPORTS_STORAGE_URL"):
            storage_config(bad, env={}, url_expire_seconds=60)


def _objects(env: dict[str, str]) -> dict[str, bytes]:
    client = boto3.client(
        "s3",
        endpoint_url=env["AWS_S3_ENDPOINT_URL"],
        aws_access_key_id=env["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=env["AWS_SECRET_ACCESS_KEY"],
        region_name=env["AWS_S3_REGION_NAME"],
    )
    bucket, _, prefix = env["REPORTS_STORAGE_URL"].removeprefix("s3://").partition("/")
    listed = client.list_objects_v2(Bucket=bucket, Prefix=prefix + "/").get("Contents", [])
    return {
        item["Key"].removeprefix(prefix + "/"): client.get_object(Bucket=bucket, Key=item["Key"])["Body"].read()
        for item in listed
    }


@pytest.mark.parametrize("report_format", ReportFormat.values)
def test_every_format_is_stored_in_s3_and_streams_back_from_the_page_and_the_api(
    s3_reports, client, editor, sample_article, report_format
):  # type: ignore[no-untyped-def]
    done = report_compile(
        report_id=report_request(user=editor, report_format=report_format, article_id=sample_article.pk).pk
    )
    assert done.state == ReportState.DONE, done.error
    stored = _objects(s3_reports)
    assert list(stored) == [done.file.name]
    assert hashlib.sha256(stored[done.file.name]).hexdigest() == done.checksum
    assert not (Path(settings.MEDIA_ROOT) / "reports").exists()  # nothing on this machine's disk
    assert not list(Path(settings.REPORTS_SCRATCH_DIR).iterdir())

    client.force_login(editor)
    for url in (reverse("editor-report-download", args=[done.pk]), f"/api/v1/reports/{done.pk}/download/"):
        response = client.get(url)
        assert response.status_code == 200 and response.streaming
        body = b"".join(response.streaming_content)
        assert body == stored[done.file.name]
        assert response["X-Content-SHA256"] == done.checksum
        assert response["Content-Length"] == str(len(body)) == str(done.size_bytes)
        assert response["Content-Disposition"] == f'attachment; filename="{Path(done.file.name).name}"'


def test_with_redirects_on_a_download_is_a_signed_url_to_the_object(  # type: ignore[no-untyped-def]
    s3_reports, settings, client, editor, sample_article
):
    settings.REPORTS_DOWNLOAD_REDIRECT = True
    settings.REPORTS_URL_EXPIRE_SECONDS = 60
    done = report_compile(report_id=report_request(user=editor, report_format="csv", article_id=sample_article.pk).pk)
    client.force_login(editor)
    response = client.get(reverse("editor-report-download", args=[done.pk]))
    assert response.status_code == 302 and response["X-Content-SHA256"] == done.checksum
    location = response["Location"]
    assert location.startswith(s3_reports["AWS_S3_ENDPOINT_URL"]) and "X-Amz-Signature=" in location
    assert "X-Amz-Expires=60" in location
    with urllib.request.urlopen(location, timeout=10) as fetched:  # noqa: S310 - the loopback test server
        body = fetched.read()
        assert fetched.headers["Content-Disposition"] == f'attachment; filename="report-{done.pk}.csv"'
    assert hashlib.sha256(body).hexdigest() == done.checksum
    # Without a signature the object is refused: the bucket is not public.
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(location.split("?", 1)[0], timeout=10)  # noqa: S310
    assert refused.value.code == 403


def test_with_redirects_on_the_filesystem_still_streams(settings, client, editor, sample_article):  # type: ignore[no-untyped-def]
    settings.REPORTS_DOWNLOAD_REDIRECT = True
    done = report_compile(report_id=report_request(user=editor, report_format="json", article_id=sample_article.pk).pk)
    client.force_login(editor)
    response = client.get(f"/api/v1/reports/{done.pk}/download/")
    assert response.status_code == 200
    assert hashlib.sha256(b"".join(response.streaming_content)).hexdigest() == done.checksum


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_an_unreachable_object_store_puts_the_report_back_in_the_queue(settings, editor, sample_article):  # type: ignore[no-untyped-def]
    config = storage_config(
        "s3://nowhere/reports",
        env={"AWS_S3_ENDPOINT_URL": f"http://127.0.0.1:{_closed_port()}"},
        url_expire_seconds=60,
    )
    config["OPTIONS"].update(access_key="k", secret_key="s")
    from botocore.config import Config

    config["OPTIONS"]["client_config"] = Config(retries={"max_attempts": 1}, connect_timeout=1)
    settings.STORAGES = {**settings.STORAGES, "reports": config}
    report = report_request(user=editor, report_format="csv", article_id=sample_article.pk)
    with pytest.raises(StorageUnavailable):  # a ConnectionError: the task retries it with backoff
        report_compile(report_id=report.pk)
    row = Report.objects.get(pk=report.pk)
    assert (row.state, row.file.name, row.run_token) == (ReportState.QUEUED, "", "")
    assert not list(Path(settings.REPORTS_SCRATCH_DIR).iterdir())


def test_the_default_storage_is_the_filesystem_under_media_root(editor, sample_article):  # type: ignore[no-untyped-def]
    done = report_compile(report_id=report_request(user=editor, report_format="csv", article_id=sample_article.pk).pk)
    assert reports_storage().path(done.file.name) == str(Path(settings.MEDIA_ROOT) / f"reports/report-{done.pk}.csv")
    assert hashlib.sha256(Path(reports_storage().path(done.file.name)).read_bytes()).hexdigest() == done.checksum
