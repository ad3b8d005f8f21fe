"""maillog_backend -- the in-tree PEP 517 build backend of the maillog
package: it needs nothing but the standard library and a C compiler, so
``pip install bindings/python`` works without access to PyPI.

It compiles the extension (``ext/*.c``) together with libmaillog's own
sources, found in (first that exists):
- ``$MAILLOG_SOURCE_DIR``;
- ``libmaillog/`` beside pyproject.toml (an sdist carries a copy there);
- the source tree two levels up (``bindings/python`` in the repository).
``$MAILLOG_PIC_ARCHIVE`` names an archive of the library's PIC objects
(``make`` builds ``build/lib/libmaillog_pic.a``) to link instead of
compiling the sources again; ``MAILLOG_CORRELATE=0`` leaves the
correlation module out.  ``CC`` and ``CFLAGS`` are honoured.
"""
from __future__ import annotations

import base64
import concurrent.futures
import hashlib
import io
import os
import re
import shlex
import subprocess
import sys
import sysconfig
import tarfile
import tempfile
import zipfile

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NAME = "maillog"
SUMMARY = "Fast mail-server log parsing and correlation (libmaillog)"
PACKAGE_FILES = ("__init__.py", "__init__.pyi", "py.typed")


def _source_dir() -> str:
    for cand in (os.environ.get("MAILLOG_SOURCE_DIR"), os.path.join(HERE, "libmaillog"),
                 os.path.join(HERE, "..", "..")):
        if cand and os.path.isfile(os.path.join(cand, "include", "maillog.h")):
            return os.path.abspath(cand)
    raise RuntimeError("libmaillog's sources not found: set MAILLOG_SOURCE_DIR to the source tree")


def _version(src: str) -> str:
    with open(os.path.join(src, "include", "maillog.h"), encoding="utf-8") as f:
        text = f.read()
    parts = [re.search(r"#define MAILLOG_VERSION_%s (\d+)" % k, text) for k in ("MAJOR", "MINOR", "PATCH")]
    if not all(parts):
        raise RuntimeError("no MAILLOG_VERSION_* in include/maillog.h")
    return ".".join(m.group(1) for m in parts)  # type: ignore[union-attr]


def _metadata(version: str) -> str:
    return (f"Metadata-Version: 2.1\nName: {NAME}\nVersion: {version}\nSummary: {SUMMARY}\n"
            "License: MIT\nRequires-Python: >=3.9\n")


def _tag() -> str:
    impl = f"cp{sys.version_info[0]}{sys.version_info[1]}"
    abi = impl + getattr(sys, "abiflags", "")
    plat = re.sub(r"[-.]", "_", sysconfig.get_platform())
    return f"{impl}-{abi}-{plat}"


def _run(cmd: list) -> None:
    print(" ".join(shlex.quote(c) for c in cmd), flush=True)
    subprocess.run(cmd, check=True)


def _compile_extension(src: str, out_dir: str) -> str:
    """Compile and link the extension; returns the path of the .so."""
    cfg = sysconfig.get_config_var
    cc = shlex.split(os.environ.get("CC") or cfg("CC") or "cc")
    user = shlex.split(os.environ.get("CFLAGS", "-O2 -g"))
    correlate = os.environ.get("MAILLOG_CORRELATE", "1") != "0"
    pyinc = sysconfig.get_paths()["include"]
    incs = ["-I" + os.path.join(src, "include"), "-I" + os.path.join(src, "src")]
    defs = [] if correlate else ["-DMAILLOG_NO_CORRELATE"]
    objs = []
    jobs = []
    archive = os.environ.get("MAILLOG_PIC_ARCHIVE")
    if not archive:
        lib_flags = ["-std=c99", "-D_POSIX_C_SOURCE=200809L", "-DMAILLOG_BUILDING",
                     "-fvisibility=hidden", "-fPIC"]
        for root, _dirs, files in sorted(os.walk(os.path.join(src, "src"))):
            if not correlate and os.path.basename(root) == "corr":
                continue
            for name in sorted(files):
                if name.endswith(".c"):
                    c = os.path.join(root, name)
                    o = os.path.join(out_dir, "lib-" + os.path.relpath(c, src).replace(os.sep, "-")[:-2] + ".o")
                    jobs.append(cc + lib_flags + incs + defs + user + ["-c", c, "-o", o])
                    objs.append(o)
    ext_dir = os.path.join(HERE, "ext")
    for name in sorted(os.listdir(ext_dir)):
        if name.endswith(".c"):
            o = os.path.join(out_dir, "ext-" + name[:-2] + ".o")
            jobs.append(cc + ["-fPIC", "-fvisibility=hidden", "-I" + pyinc] + incs + defs + user
                        + ["-c", os.path.join(ext_dir, name), "-o", o])
            objs.append(o)
    workers = max(1, min(len(jobs), os.cpu_count() or 1))
    with concurrent.futures.ThreadPoolExecutor(workers) as pool:
        for fut in [pool.submit(_run, j) for j in jobs]:
            fut.result()
    so = os.path.join(out_dir, "_maillog" + (cfg("EXT_SUFFIX") or ".so"))
    ldshared = shlex.split(os.environ.get("LDSHARED") or cfg("LDSHARED") or (" ".join(cc) + " -shared"))
    _run(ldshared + objs + ([archive] if archive else []) + ["-o", so])
    return so


def _hash(data: bytes) -> str:
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def _dist_info(version: str) -> dict:
    di = f"{NAME}-{version}.dist-info"
    return {
        f"{di}/METADATA": _metadata(version).encode(),
        f"{di}/WHEEL": (f"Wheel-Version: 1.0\nGenerator: maillog_backend\nRoot-Is-Purelib: false\n"
                        f"Tag: {_tag()}\n").encode(),
        f"{di}/top_level.txt": f"{NAME}\n".encode(),
    }


# ------------------------------------------------------------------ PEP 517
def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_sdist(config_settings=None):
    return []


def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    version = _version(_source_dir())
    for path, data in _dist_info(version).items():
        full = os.path.join(metadata_directory, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "wb") as f:
            f.write(data)
    return f"{NAME}-{version}.dist-info"


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    src = _source_dir()
    version = _version(src)
    with tempfile.TemporaryDirectory(prefix="maillog-build-") as tmp:
        so = _compile_extension(src, tmp)
        files = {}
        for name in PACKAGE_FILES:
            with open(os.path.join(HERE, NAME, name), "rb") as f:
                files[f"{NAME}/{name}"] = f.read()
        with open(so, "rb") as f:
            files[f"{NAME}/{os.path.basename(so)}"] = f.read()
        files.update(_dist_info(version))
        record = f"{NAME}-{version}.dist-info/RECORD"
        lines = [f"{p},{_hash(d)},{len(d)}" for p, d in files.items()] + [f"{record},,"]
        files[record] = ("\n".join(lines) + "\n").encode()
        wheel = f"{NAME}-{version}-{_tag()}.whl"
        with zipfile.ZipFile(os.path.join(wheel_directory, wheel), "w", zipfile.ZIP_DEFLATED) as z:
            for p, d in files.items():
                info = zipfile.ZipInfo(p, date_time=(2026, 1, 1, 0, 0, 0))
                info.external_attr = (0o755 if p.endswith(".so") else 0o644) << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                z.writestr(info, d)
    return wheel


def build_sdist(sdist_directory, config_settings=None):
    """The package with a copy of the library's sources under libmaillog/,
    so that the sdist builds anywhere."""
    src = _source_dir()
    version = _version(src)
    base = f"{NAME}-{version}"
    out = f"{base}.tar.gz"

    def skip(info: tarfile.TarInfo):
        return None if "__pycache__" in info.name or info.name.endswith(".pyc") else info

    with tarfile.open(os.path.join(sdist_directory, out), "w:gz") as t:
        for name in ("pyproject.toml", "build_backend", "ext", NAME, "tests"):
            t.add(os.path.join(HERE, name), f"{base}/{name}", filter=skip)
        for name in ("src", "include", "COPYING"):
            t.add(os.path.join(src, name), f"{base}/libmaillog/{name}", filter=skip)
        data = _metadata(version).encode()
        info = tarfile.TarInfo(f"{base}/PKG-INFO")
        info.size = len(data)
        t.addfile(info, io.BytesIO(data))
    return out


if __name__ == "__main__":  # python3 maillog_backend.py DIR: a wheel without pip
    print(build_wheel(sys.argv[1] if len(sys.argv) > 1 else "."))
