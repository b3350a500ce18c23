#!/usr/bin/env bash
# render-chromium.sh: the HTML report of pipelines/klaten.sh on the
# bundled fixtures (what make demo publishes) in headless Chromium: it
# loads from file:// with no network, logs no console message, its DOM has
# the bar chart (a rect per kecamatan), the kecamatan map (26 paths) and
# the desa map, and a screenshot is written; the data-quality report
# kualitas-data.html likewise, with every section and table of its
# Markdown twin in the DOM.  Chromium is installed with
# apt-get when missing and possible (root); otherwise the test is a clear
# skip.  TAP lines for tests/run.
set -u
bin=${PADU_BIN:?} top=${PADU_TOP:?}
cd "${TMPDIR:?}" || exit 1
bad=0
ok() { echo "ok - render-chromium: $1"; }
no() { bad=$((bad + 1)); echo "not ok - render-chromium: $1"; shift; for l in "$@"; do echo "# $l"; done; }

chromium=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chromium" ] && [ "$(id -u)" -eq 0 ] && command -v apt-get > /dev/null; then
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium > apt.log 2>&1
	chromium=$(command -v chromium || true)
fi
if [ -z "$chromium" ]; then
	echo "ok - render-chromium: skipped: chromium not installable"
	exit 0
fi

PADU_BIN=$bin sh "$top/pipelines/klaten.sh" "$top/fixtures/small/raw" out 2> log ||
	{ no "pipelines/klaten.sh exits 0" "$(tail -5 log)"; exit 1; }
html=$PWD/out/current/laporan.html
[ -s "$html" ] && ok "the run publishes laporan.html" || { no "the run publishes laporan.html"; exit 1; }
grep -Eq '(src|href)="(https?:)?//' "$html" && no "laporan.html loads nothing from the network" ||
	ok "laporan.html loads nothing from the network"

flags="--headless --no-sandbox --disable-gpu --user-data-dir=$PWD/profile
	--no-first-run --disable-extensions --window-size=1280,2000"
# shellcheck disable=SC2086
timeout 120 "$chromium" $flags --enable-logging=stderr --v=0 \
	--screenshot="$PWD/shot.png" "file://$html" > shot.out 2> shot.err
[ -s shot.png ] && [ "$(head -c 8 shot.png | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] &&
	ok "a screenshot (PNG) is written" || no "a screenshot (PNG) is written" "$(tail -3 shot.err)"
# shellcheck disable=SC2086
timeout 120 "$chromium" $flags --enable-logging=stderr --v=0 \
	--dump-dom "file://$html" > dom.html 2> dom.err
# Chromium logs every console message as INFO:CONSOLE, whatever its
# level; the report has no script, so any message is a fault.
if grep -q ':CONSOLE' shot.err dom.err; then
	no "no console errors" "$(grep -h :CONSOLE shot.err dom.err | head -3)"
else
	ok "no console errors"
fi
python3 - dom.html <<'PY' > dom.report
import re, sys
dom = open(sys.argv[1], encoding="utf-8").read()
svgs = re.findall(r'<svg class="(\w+)"(.*?)</svg>', dom, re.S)
chart = [s for c, s in svgs if c == "chart"]
maps = [s for c, s in svgs if c == "map"]
print("chart", len(chart), chart[0].count("<rect") if chart else 0)
print("maps", len(maps), " ".join(str(m.count("<path")) for m in maps))
print("titles", sum(m.count("<title>") for m in maps))
print("table", dom.count("<tr"))
PY
grep -q '^chart 1 26$' dom.report && ok "the bar chart has a bar per kecamatan" || no "the bar chart has a bar per kecamatan" "$(cat dom.report)"
grep -q '^maps 2 26 401$' dom.report && ok "the kecamatan (26) and desa (401) maps are drawn" || no "the kecamatan (26) and desa (401) maps are drawn" "$(cat dom.report)"
grep -q '^titles 427$' dom.report && ok "every region has a hover title" || no "every region has a hover title" "$(cat dom.report)"
grep -q '^table 429$' dom.report && ok "the table has the header and 428 rows" || no "the table has the header and 428 rows" "$(cat dom.report)"
grep -q 'Cahya DSN' dom.html && ok "the footer credits the boundaries" || no "the footer credits the boundaries"

# The data-quality report of the same run: offline, no console message,
# every section of its JSON twin a heading, every table drawn.
q=$PWD/out/current/kualitas-data.html
grep -Eq '(src|href)="(https?:)?//' "$q" && no "kualitas-data.html loads nothing from the network" ||
	ok "kualitas-data.html loads nothing from the network"
# shellcheck disable=SC2086
timeout 120 "$chromium" $flags --enable-logging=stderr --v=0 \
	--screenshot="$PWD/shot-q.png" "file://$q" > q.out 2> q.err
[ "$(head -c 8 shot-q.png 2>/dev/null | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] &&
	ok "kualitas-data.html: a screenshot (PNG) is written" || no "kualitas-data.html: a screenshot" "$(tail -3 q.err)"
# shellcheck disable=SC2086
timeout 120 "$chromium" $flags --enable-logging=stderr --v=0 \
	--dump-dom "file://$q" > qdom.html 2> qdom.err
if grep -q ':CONSOLE' q.err qdom.err; then
	no "kualitas-data.html: no console errors" "$(grep -h :CONSOLE q.err qdom.err | head -3)"
else
	ok "kualitas-data.html: no console errors"
fi
python3 - qdom.html out/current/kualitas-data.md <<'PY' > qdom.report
import re, sys
dom = open(sys.argv[1], encoding="utf-8").read()
md = open(sys.argv[2], encoding="utf-8").read()
got = (len(re.findall(r"<h2[ >]", dom)), dom.count("<table"))
want = (len(re.findall(r"^## ", md, re.M)), len(re.findall(r"^\|(---:?\|)+$", md, re.M)))
print("ok" if got == want and got[0] >= 6 else "bad", got, want)
PY
grep -q '^ok' qdom.report &&
	ok "kualitas-data.html: the sections and tables of kualitas-data.md are in the DOM $(cut -d' ' -f2- qdom.report)" ||
	no "kualitas-data.html: the sections and tables of kualitas-data.md are in the DOM" "$(cat qdom.report)"
[ $bad -eq 0 ]
