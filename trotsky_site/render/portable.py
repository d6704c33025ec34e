"""The portable build's extras: the data its scripts need as <script>-loadable files, and the offline zip.

Opened from disk (file://), a page may not fetch, run modules or start workers (Firefox gives every file
its own origin), so site-data.js assigns the data files (previews/*.json, search/*.json) to a global that static/site.js
and static/search.js read. The data is taken from those files as built, so
however they are made, the portable copies say the same.
"""
from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

ZIP_NAME = "trotsky-site-offline.zip"
ZIP_FOLDER = "trotsky-site"          # the folder the zip unpacks into
FULL_TEXT_LIMIT = 8_000_000          # bytes of full-text shards past which site-data.js keeps only the names
ZIP_TIME = (1980, 1, 1, 0, 0, 0)     # the earliest a zip can say: the same bytes from every build


def script_assigning(name: str, value) -> bytes:
    """`window.<name> = <value as JSON>;`, safe inside a <script> (no `</` can end it early)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    text = text.replace("</", "<\\/").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f"window.{name} = {text};\n".encode("utf-8")


def portable_scripts(files: dict[str, bytes]) -> dict[str, bytes]:
    """site-data.js: every data file static/site.js and static/search.js read (previews/*.json and
    search/*.json), by path. With more than FULL_TEXT_LIMIT bytes of full-text shards, search keeps to
    names, titles, aliases and summaries (search/pages.json) and the shards are left out."""
    wanted = {path: data for path, data in files.items()
              if path.endswith(".json") and path.startswith(("previews/", "search/"))}
    if sum(len(data) for path, data in wanted.items() if path.startswith("search/terms-")) > FULL_TEXT_LIMIT:
        wanted = {path: data for path, data in wanted.items() if not path.startswith("search/terms-")}
    return {"site-data.js": script_assigning("biographyData", {path: json.loads(data) for path, data in wanted.items()})}


def zip_site(files: dict[str, bytes], static: dict[str, Path]) -> bytes:
    """The site as a zip that unpacks into ZIP_FOLDER/: entries sorted, fixed times and modes, so two
    builds of the same input give the same bytes."""
    everything = {name: data for name, data in files.items()}
    everything.update({name: path.read_bytes() for name, path in static.items()})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name in sorted(everything):
            info = zipfile.ZipInfo(f"{ZIP_FOLDER}/{name}", ZIP_TIME)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, everything[name], compresslevel=9)
    return buffer.getvalue()
