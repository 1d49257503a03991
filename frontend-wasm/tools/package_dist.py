#!/usr/bin/env python3
"""Assembles the UI's dist/ folder and prints what a page load transfers.

Usage: package_dist.py BUILD_DIR WEB_DIR DIST_DIR SWAGGER_UI_DIR [--dev]

- Copies the page shell (and the not-found page) from web/, and gives the app's assets
  content-hashed names
  (app.<hash>.js, app.<hash>.wasm, ...) so that a deploy never mixes old JS with new wasm and
  every asset but index.html can be cached for a long time.
- Writes a .gz and a .br (brotli) beside each text or wasm file, for nginx's gzip_static /
  brotli_static. The .gz comes from zopfli: a gzip stream any client reads, ~5 % smaller than
  gzip -9 (it spends more time on the compression, once, at build time).
- Adds api-docs/: the API reference page (web/api-docs/) with Swagger UI's bundle from npm.
- Writes sw.js, the worker that keeps this build's page and files for a till started without a
  network (its file list and cache name come from the hashed names), and the web app manifest.
- Minifies the page's scripts (the app's, boot.js, sw.js) with minify_js.js, run by $NODE.
- With --dev (`make dev`), adds dev-reload.js, which reloads open pages when build-id.txt
  changes, i.e. when a new build lands.
- Builds into a fresh folder and swaps it in, so a server never serves half a build.
"""
import hashlib
import os
import pathlib
import shutil
import subprocess
import sys


def hashed(name: str, data: bytes) -> str:
    stem, dot, ext = name.rpartition(".")
    return "%s.%s.%s" % (stem, hashlib.sha256(data).hexdigest()[:10], ext)


def minified(script: bytes, shares_globals: bool = False) -> bytes:
    command = [os.environ.get("NODE", "node"), str(pathlib.Path(__file__).with_name("minify_js.js"))]
    if shares_globals:
        command.append("--shares-globals")
    env = dict(os.environ, NODE_PATH="/usr/share/nodejs")
    return subprocess.run(command, input=script, env=env, check=True, capture_output=True).stdout


def main() -> None:
    build, web, final, swagger = (pathlib.Path(p) for p in sys.argv[1:5])
    dev = "--dev" in sys.argv[5:]
    dist = final.with_name(final.name + ".new")
    if dist.exists():
        shutil.rmtree(dist)
    dist.mkdir(parents=True)

    wasm = (build / "index.wasm").read_bytes()
    wasm_name = hashed("app.wasm", wasm)
    app_js = minified((build / "index.js").read_bytes())
    js_name = hashed("app.js", app_js)
    boot = minified((web / "boot.js").read_text().replace("{{WASM}}", wasm_name).encode(),
                    shares_globals=True)
    boot_name = hashed("boot.js", boot)
    css = (web / "style.css").read_bytes()
    css_name = hashed("style.css", css)

    def page(name: str) -> str:
        text = (web / name).read_text()
        for key, value in {"{{STYLE}}": css_name, "{{BOOT}}": boot_name, "{{APP}}": js_name,
                           "{{WASM}}": wasm_name}.items():
            text = text.replace(key, value)
        return text

    html = page("index.html")
    if dev:
        html = html.replace("</body>", '  <script src="dev-reload.js"></script>\n</body>')

    files = {
        "index.html": html.encode(),
        css_name: css,
        boot_name: boot,
        js_name: app_js,
        wasm_name: wasm,
        "favicon.svg": (web / "favicon.svg").read_bytes(),
        "manifest.json": (web / "manifest.json").read_bytes(),
        # What a browser gets for a page that is not here (its own styles stay out of the app's).
        "404.html": page("404.html").encode(),
        "404.css": (web / "404.css").read_bytes(),
    }
    # The offline start's worker keeps exactly this build's page and files (a new build, a new
    # worker and cache). Not under make dev, where builds replace each other all the time.
    if not dev:
        bundle = ["/", "/favicon.svg", "/manifest.json"] + ["/" + n for n in (css_name, boot_name, js_name, wasm_name)]
        version = hashlib.sha256("".join(bundle).encode() + files["index.html"]).hexdigest()[:10]
        files["sw.js"] = minified((web / "sw.js").read_text().replace("{{VERSION}}", version)
                                  .replace("{{FILES}}", repr(bundle).replace("'", '"')).encode())
    for name in ("index.html", "docs.js"):
        files["api-docs/" + name] = (web / "api-docs" / name).read_bytes()
    for name in ("swagger-ui-bundle.js", "swagger-ui.css"):
        files["api-docs/" + name] = (swagger / name).read_bytes()
    if dev:
        files["dev-reload.js"] = (web / "dev-reload.js").read_bytes()
        files["build-id.txt"] = hashlib.sha256(b"".join(files.values())).hexdigest()[:16].encode()
    print("%-28s %9s %9s %9s" % ("file", "raw", "gzip", "brotli"))
    totals = [0, 0, 0]
    have_brotli = shutil.which("brotli") is not None
    for name, data in files.items():
        path = dist / name
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(data)
        gz = subprocess.run(["zopfli", "-c", str(path)], check=True, capture_output=True).stdout
        (dist / (name + ".gz")).write_bytes(gz)
        br_size = 0
        if have_brotli:
            subprocess.run(["brotli", "-f", "-q", "11", "-o", str(path) + ".br", str(path)], check=True)
            br_size = (dist / (name + ".br")).stat().st_size
        print("%-28s %9d %9d %9d" % (name, len(data), len(gz), br_size))
        if not name.startswith("api-docs/") and not name.startswith("404."):
            totals[0] += len(data)
            totals[1] += len(gz)
            totals[2] += br_size
    print("%-28s %9d %9d %9d" % ("total (one page load)", *totals))
    for p in dist.rglob("*"):
        p.chmod(0o755 if p.is_dir() else 0o644)  # nginx workers read these unprivileged
    dist.chmod(0o755)
    old = final.with_name(final.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    if final.exists():
        final.rename(old)
    dist.rename(final)
    if old.exists():
        shutil.rmtree(old)


if __name__ == "__main__":
    main()
