"""collectstatic compresses what browsers fetch compressed, and not the source maps only a developer opens."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from whitenoise.compress import Compressor
from whitenoise.storage import CompressedStaticFilesStorage


def test_the_setting_is_whitenoises_own_list_plus_source_maps():
    assert (*Compressor.SKIP_COMPRESS_EXTENSIONS, "map") == settings.WHITENOISE_SKIP_COMPRESS_EXTENSIONS


def test_collectstatics_compression_skips_source_maps_and_keeps_the_rest(tmp_path: Path):
    text = "function show(claim) { return claim; }\n" * 200
    for name in ("bundle.js", "bundle.js.map", "site.css"):
        (tmp_path / name).write_text(text, encoding="utf-8")
    storage = CompressedStaticFilesStorage(location=str(tmp_path))
    list(storage.post_process({name: (storage, name) for name in ("bundle.js", "bundle.js.map", "site.css")}))
    made = sorted(path.name for path in tmp_path.iterdir())
    assert "bundle.js.gz" in made and "site.css.gz" in made
    assert not [name for name in made if name.startswith("bundle.js.map.")]
