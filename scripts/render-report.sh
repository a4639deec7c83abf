#!/usr/bin/env bash
# Render a self-contained HTML report to full-page PNG screenshots with headless Chromium,
# for a human to look at:
#
#   scripts/render-report.sh HTML [OUTDIR]
#
# writes OUTDIR/<name>-desktop.png (1280 px wide) and OUTDIR/<name>-narrow.png (390 px wide, a
# phone's width), where <name> is the HTML file's name without .html; OUTDIR defaults to the
# HTML file's folder. Prints the path of each PNG written (progress and warnings go to stderr).
#
# Exit codes: 0 both PNGs written and checked; 1 rendering or a check failed, or the page is
# taller than RENDER_MAX_HEIGHT (default 150000 px; the PNG then holds only the top part);
# 2 Chromium (or python3) is missing; 64 bad usage.
#
# How the full page is captured
# -----------------------------
# `chromium --headless --screenshot --window-size=W,H` crops at H, and the page's height cannot
# be known beforehand (the report has no scripts to measure itself, and --dump-dom gives no
# layout; guessing a huge H instead changes the layout of anything sized in vh and leaves a
# blank tail). So this script drives Chromium through the DevTools protocol over
# --remote-debugging-pipe: Chromium reads JSON commands from fd 3 and writes replies to fd 4,
# NUL-separated. That needs no websocket library and no port, only the Python standard library.
# For each width it opens a fresh tab and:
#   1. sets the viewport to W x a screen height at scale 1 (Emulation.setDeviceMetricsOverride;
#      not in mobile mode, so the narrow PNG shows the page at 390 CSS px like a narrow window;
#      the script warns if the page lacks <meta name=viewport>, without which a real phone
#      would lay it out 980 px wide and zoom out),
#   2. loads the file with page scripts disabled (the report must not need them) and waits for
#      the load event,
#   3. measures the laid-out document (Page.getLayoutMetrics -> cssContentSize),
#   4. takes one screenshot of the whole document: Page.captureScreenshot with
#      captureBeyondViewport and a clip of W x the document's height. The layout stays the one
#      at a screen-sized viewport (a 100vh header is one screen tall, as in a browser).
#   5. checks the PNG: PNG signature, IHDR width == W and height == the measured height.
# It warns when the document is wider than the viewport (e.g. a wide table without a horizontal
# scroller), since a PNG of width W cannot show the part right of W.
# Limit: a page that scrolls inside an element (body {height:100%; overflow:auto}) rather than
# the document is captured only one screen tall; the report should let the document scroll.
#
# Chromium runs with --no-sandbox (needed as root), GPU off, a temporary --user-data-dir that is
# removed afterwards, background networking off and every host name resolving to nothing, so
# it makes no network request. Everything is bounded by RENDER_TIMEOUT seconds (default 60);
# on timeout Chromium's whole process group is killed.
#
# Environment: CHROMIUM=/path/to/binary to choose the browser; RENDER_TIMEOUT=seconds;
# RENDER_MAX_HEIGHT=pixels.
set -euo pipefail

usage() { echo "usage: $0 HTML [OUTDIR]" >&2; exit 64; }
[ $# -ge 1 ] && [ $# -le 2 ] || usage
html="$1"
[ -f "$html" ] || { echo "render-report: no such file: $html" >&2; exit 64; }
outdir="${2:-$(dirname "$html")}"
timeout_s="${RENDER_TIMEOUT:-60}"
case "$timeout_s" in ''|*[!0-9]*) echo "render-report: RENDER_TIMEOUT must be whole seconds, not: $timeout_s" >&2; exit 64;; esac

# Find the browser under its Debian names; chromium-headless-shell first: it is the lighter
# package made for this, renders the same pixels and starts faster than the full browser.
browser="${CHROMIUM:-}"
if [ -z "$browser" ]; then
    for name in chromium-headless-shell chromium chromium-browser; do
        if command -v "$name" >/dev/null 2>&1; then browser="$(command -v "$name")"; break; fi
    done
fi
if [ -z "$browser" ] || [ ! -x "$browser" ]; then
    echo "render-report: Chromium not found (looked for chromium-headless-shell, chromium, chromium-browser${CHROMIUM:+, and CHROMIUM=$CHROMIUM})." >&2
    echo "render-report: install the Debian package: apt-get install -y chromium-headless-shell   (or: apt-get install -y chromium)" >&2
    exit 2
fi
if ! command -v python3 >/dev/null 2>&1; then
    echo "render-report: python3 not found; install it with: apt-get install -y python3" >&2
    exit 2
fi

mkdir -p "$outdir"
profile="$(mktemp -d "${TMPDIR:-/tmp}/render-report-profile.XXXXXX")"
trap 'rm -rf "$profile"' EXIT

name="$(basename "$html")"
name="${name%.html}"
name="${name%.htm}"

read -r -d '' driver <<'PY' || true
import base64, json, os, re, select, signal, struct, subprocess, sys, time

browser, html, outdir, name, profile, timeout_s = sys.argv[1:7]
deadline = time.monotonic() + float(timeout_s)
url = "file://" + os.path.abspath(html)

# (label, width, viewport height the page is laid out at)
SHOTS = [("desktop", 1280, 800), ("narrow", 390, 844)]
MAX_HEIGHT = int(os.environ.get("RENDER_MAX_HEIGHT", "150000"))  # a sanity bound, not a Chromium limit

class Fail(Exception):
    pass

def on_term(signum, frame):
    raise Fail(f"stopped by signal {signum}")
signal.signal(signal.SIGTERM, on_term)
signal.signal(signal.SIGINT, on_term)

# Pipes: Chromium reads commands on fd 3 and writes replies on fd 4.
to_browser_r, to_browser_w = os.pipe()
from_browser_r, from_browser_w = os.pipe()

def child_fds():
    a, b = os.dup(to_browser_r), os.dup(from_browser_w)  # above 4, so dup2 below cannot clash
    os.dup2(a, 3)
    os.dup2(b, 4)  # os.dup2 makes the targets inheritable; everything else is close-on-exec

log_path = os.path.join(profile, "chromium.log")
log = open(log_path, "wb")
args = [
    browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
    f"--user-data-dir={profile}", "--remote-debugging-pipe",
    "--no-first-run", "--no-default-browser-check", "--disable-extensions",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--disable-breakpad", "--metrics-recording-only", "--mute-audio",
    "--hide-scrollbars", "--force-color-profile=srgb", "--force-device-scale-factor=1",
    "--host-resolver-rules=MAP * ~NOTFOUND",  # no host name resolves: no network request
    "about:blank",
]
t_start = time.monotonic()
proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                        preexec_fn=child_fds, close_fds=False, start_new_session=True)
os.close(to_browser_r); os.close(from_browser_w)

buf = b""
events = []
next_id = 0

def send(method, params=None, session=None):
    global next_id
    next_id += 1
    msg = {"id": next_id, "method": method, "params": params or {}}
    if session:
        msg["sessionId"] = session
    data = json.dumps(msg).encode() + b"\0"
    while data:
        n = os.write(to_browser_w, data)
        data = data[n:]
    return next_id

def read_message():
    global buf
    while b"\0" not in buf:
        left = deadline - time.monotonic()
        if left <= 0:
            raise Fail(f"timed out after {timeout_s} s")
        r, _, _ = select.select([from_browser_r], [], [], left)
        if not r:
            continue
        chunk = os.read(from_browser_r, 1 << 20)
        if not chunk:
            raise Fail("Chromium closed the DevTools pipe (it exited or crashed)")
        buf += chunk
    msg, buf = buf.split(b"\0", 1)
    return json.loads(msg)

def call(method, params=None, session=None):
    i = send(method, params, session)
    while True:
        m = read_message()
        if m.get("id") == i:
            if "error" in m:
                raise Fail(f"{method}: {m['error'].get('message')}")
            return m.get("result", {})
        if "method" in m:
            events.append(m)

def wait_event(method, session):
    while True:
        for k, m in enumerate(events):
            if m.get("method") == method and m.get("sessionId") == session:
                del events[k]
                return m
        m = read_message()
        if "method" in m:
            events.append(m)

def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    if len(head) < 24 or head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        raise Fail(f"{path}: not a PNG file")
    return struct.unpack(">II", head[16:24])

def content_size(session):
    m = call("Page.getLayoutMetrics", session=session)
    c = m.get("cssContentSize") or m["contentSize"]
    return int(-(-c["width"] // 1)), int(-(-c["height"] // 1))

written = []
status = 0
failed = False
if not re.search(r"""<meta[^>]+name\s*=\s*["']?viewport""", open(html, encoding="utf-8", errors="replace").read(), re.I):
    print("render-report: warning: the page has no <meta name=\"viewport\">: a real phone would lay it out "
          "980 px wide and zoom out; the narrow PNG shows it at 390 CSS px as a narrow window would", file=sys.stderr)
try:
    for label, width, screen_h in SHOTS:
        t0 = time.monotonic()
        target = call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        call("Page.enable", session=session)
        call("Emulation.setScriptExecutionDisabled", {"value": True}, session=session)
        call("Emulation.setDefaultBackgroundColorOverride",
             {"color": {"r": 255, "g": 255, "b": 255, "a": 1}}, session=session)
        metrics = {"width": width, "height": screen_h, "deviceScaleFactor": 1, "mobile": False,
                   "screenWidth": width, "screenHeight": screen_h}
        call("Emulation.setDeviceMetricsOverride", metrics, session=session)
        nav = call("Page.navigate", {"url": url}, session=session)
        if nav.get("errorText"):
            raise Fail(f"could not load {url}: {nav['errorText']}")
        wait_event("Page.loadEventFired", session)

        # Measure the document at the screen-sized viewport; the screenshot below renders
        # beyond the viewport, so the layout (100vh and all) stays the one of a real screen.
        cw, ch = content_size(session)
        height = max(ch, 1)
        if height > MAX_HEIGHT:
            print(f"render-report: warning: {label}: page is {height} px tall; captured only the top {MAX_HEIGHT} px",
                  file=sys.stderr)
            height = MAX_HEIGHT
            status = 1
        if cw > width:
            print(f"render-report: warning: {label}: the page is {cw} px wide at a {width} px viewport; "
                  f"the part right of {width} px is not in the PNG (horizontal overflow)", file=sys.stderr)

        shot = call("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True, "fromSurface": True,
            "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}}, session=session)
        data = base64.b64decode(shot["data"])
        path = os.path.join(outdir, f"{name}-{label}.png")
        with open(path, "wb") as f:
            f.write(data)
        call("Target.closeTarget", {"targetId": target})

        # Check the PNG: non-empty, the expected width, the measured height.
        if os.path.getsize(path) == 0:
            raise Fail(f"{path}: empty file")
        w, h = png_size(path)
        if w != width:
            raise Fail(f"{path}: {w} px wide, expected {width}")
        if h != height:
            raise Fail(f"{path}: {h} px tall, expected the page's {height}")
        written.append(path)
        print(f"render-report: {label}: {w}x{h} px, {os.path.getsize(path)} bytes, "
              f"{time.monotonic() - t0:.1f} s", file=sys.stderr)
    try:
        call("Browser.close")
        proc.wait(timeout=max(0.1, min(5, deadline - time.monotonic())))
    except (Fail, subprocess.TimeoutExpired):
        pass
except Fail as e:
    print(f"render-report: error: {e}", file=sys.stderr)
    failed = True
    status = 1
finally:
    os.close(to_browser_w)
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait()
    log.close()
    if failed:
        with open(log_path, "rb") as f:  # without the D-Bus complaints of a machine without D-Bus
            tail = [l for l in f.read().decode(errors="replace").splitlines() if "dbus" not in l][-20:]
        if tail:
            print("render-report: last lines of Chromium's output:", file=sys.stderr)
            for line in tail:
                print("  " + line, file=sys.stderr)

print(f"render-report: total {time.monotonic() - t_start:.1f} s with {os.path.basename(browser)}", file=sys.stderr)
for p in written:
    print(p)
sys.exit(status)
PY

# The driver enforces the timeout itself (and kills Chromium's process group); `timeout` is a
# backstop in case the driver itself hangs.
status=0
timeout --kill-after=10 "$((timeout_s + 15))" \
    python3 -c "$driver" "$browser" "$html" "$outdir" "$name" "$profile" "$timeout_s" || status=$?
if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
    echo "render-report: error: timed out" >&2
fi
exit "$status"
