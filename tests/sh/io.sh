#!/usr/bin/env bash
# io.sh: the contract every padu binary keeps with its environment: --help,
# bad options, write errors, closed pipes, huge fields and headers, fault
# paths.  TAP lines for tests/run.
set -u
bin=${PADU_BIN:?} top=${PADU_TOP:?}
cd "${TMPDIR:?}" || exit 1
n=0 bad=0
ok() { n=$((n + 1)); echo "ok - io: $1"; }
no() { n=$((n + 1)); bad=$((bad + 1)); echo "not ok - io: $1"; shift; for l in "$@"; do echo "# $l"; done; }
check() { local what=$1; shift; if "$@"; then ok "$what"; else no "$what"; fi; }

# A 5 MB canonical stream for the pipe and disk tests.
python3 - <<'PY'
with open("big.csv", "w") as f:
    f.write("nik,nama,alamat\n")
    for i in range(100000):
        f.write('33100141078%05d,Siti %d,"Jl. Mawar, RT %d"\n' % (i, i, i % 20))
PY

for b in "$bin"/*; do
	name=${b##*/}
	"$b" --help > out 2> err; rc=$?
	check "$name --help exits 0 on stdout" test $rc -eq 0 -a -s out -a ! -s err
	"$b" --no-such-option > out 2> err; rc=$?
	check "$name unknown option exits 2 with one usage line" \
		test $rc -eq 2 -a ! -s out -a "$(wc -l < err)" -eq 1
	grep -q usage err || no "$name usage line names the usage" "$(cat err)"
	"$b" --help > /dev/full 2> err; rc=$?
	if [ $rc -eq 1 ] && grep -q "write error" err; then
		ok "$name --help > /dev/full exits 1 with 'write error'"
	else
		no "$name --help > /dev/full exits 1 with 'write error'" "rc=$rc" "$(cat err)"
	fi
done

for verb in cat; do
	"$bin/padu-$verb" big.csv > /dev/full 2> err; rc=$?
	if [ $rc -eq 1 ] && grep -q "write error: No space left on device" err; then
		ok "padu-$verb big.csv > /dev/full exits 1 with 'write error'"
	else
		no "padu-$verb big.csv > /dev/full exits 1" "rc=$rc" "$(cat err)"
	fi
	"$bin/padu-$verb" big.csv 2> err | head -1 > out
	rc=${PIPESTATUS[0]}
	if [ ! -s err ] && [ "$(cat out)" = "nik,nama,alamat" ] && { [ $rc -eq 0 ] || [ $rc -eq 141 ]; }; then
		ok "padu-$verb big.csv | head -1 ends quietly"
	else
		no "padu-$verb big.csv | head -1 ends quietly" "rc=$rc" "$(cat err)"
	fi
	# SIGPIPE ignored by the parent: EPIPE must end quietly too.
	(trap '' PIPE; "$bin/padu-$verb" big.csv 2> err | head -1 > out; exit "${PIPESTATUS[0]}"); rc=$?
	check "padu-$verb with SIGPIPE ignored ends quietly on EPIPE" test ! -s err -a $rc -eq 1
done

# A 10 MB single field and a 100,000-column header pass unchanged.
python3 - <<'PY'
import random
r = random.Random(7)
with open("field.csv", "w", newline="") as f:
    body = "".join(r.choice('ab,"\n\r é') for _ in range(10 * 1024 * 1024))
    f.write("catatan\n\"" + body.replace('"', '""') + "\"\n")
with open("wide.csv", "w") as f:
    f.write(",".join("k%d" % i for i in range(100000)) + "\n")
    f.write(",".join(str(i % 10) for i in range(100000)) + "\n")
PY
"$bin/padu-cat" field.csv > out 2> err
check "a 10 MB field passes unchanged" cmp -s field.csv out
"$bin/padu-cat" wide.csv > out 2> err
check "a 100,000-column header and row pass unchanged" cmp -s wide.csv out

# Agreement with an independent reader: Python's csv module.
python3 - <<'PY'
import csv, random
r = random.Random(2026)
atoms = ['a', 'Z', ',', '"', '\r', '\n', '\r\n', ' ', '\t', 'é', '日本', '🙂', '']
rows = [["c%d" % i for i in range(5)]]
for _ in range(3000):
    rows.append(["".join(r.choice(atoms) for _ in range(r.randrange(0, 8))) for _ in range(5)])
with open("rand.csv", "w", newline="", encoding="utf-8") as f:
    csv.writer(f, quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerows(rows)
PY
"$bin/padu-cat" rand.csv > out 2> err
python3 - <<'PY' > agree
import csv
a = list(csv.reader(open("rand.csv", newline="", encoding="utf-8")))
b = list(csv.reader(open("out", newline="", encoding="utf-8")))
print("same" if a == b else "differ: %d vs %d rows" % (len(a), len(b)))
PY
check "3,000 random records read the same by padu-cat and Python csv" grep -qx same agree
"$bin/padu-cat" out > again 2> err
check "padu-cat output is a fixed point (minimal quoting)" cmp -s out again

# padu-render -f jsonl: the same records as Python reads them, one JSON
# object each, typed as padu-render(1) says; the streaming write paths.
"$bin/padu-render" -f jsonl rand.csv > out.jsonl 2> err
python3 - <<'PY' > agree
import csv, json, re
rows = list(csv.reader(open("rand.csv", newline="", encoding="utf-8")))
head, want = rows[0], []
for r in rows[1:]:
    o = {}
    for k, v in zip(head, r):
        o[k] = None if v == "" else (json.loads(v) if re.fullmatch(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?", v) else v)
    want.append(o)
got = [json.loads(l) for l in open("out.jsonl", encoding="utf-8")]
print("same" if got == want else "differ: %d vs %d objects" % (len(got), len(want)))
PY
check "padu-render -f jsonl: 3,000 random records as Python reads them" grep -qx same agree
"$bin/padu-render" -f jsonl big.csv > /dev/full 2> err; rc=$?
check "padu-render -f jsonl > /dev/full exits 1 with 'write error'" \
	test $rc -eq 1 -a "$(cat err)" = "padu-render: stdout: write error: No space left on device"
"$bin/padu-render" -f jsonl big.csv 2> err | head -1 > out
rc=${PIPESTATUS[0]}
check "padu-render -f jsonl | head -1 ends quietly" test ! -s err -a "$(cat out)" = '{"nik":"3310014107800000","nama":"Siti 0","alamat":"Jl. Mawar, RT 0"}' -a \( $rc -eq 0 -o $rc -eq 141 \)
(trap '' PIPE; "$bin/padu-render" -f jsonl big.csv 2> err | head -1 > out; exit "${PIPESTATUS[0]}"); rc=$?
check "padu-render -f jsonl with SIGPIPE ignored ends quietly on EPIPE" test ! -s err -a $rc -eq 1

# Fault paths.
"$bin/padu-cat" / > out 2> err; rc=$?
check "a directory as input exits 1 naming it" test $rc -eq 1 -a "$(cat err)" = "padu-cat: /: read error: Is a directory"
"$bin/padu-cat" --rejects /nonexistent/dir/rj.csv big.csv > out 2> err; rc=$?
check "an uncreatable rejects file exits 1 before any output" \
	test $rc -eq 1 -a ! -s out -a "$(cat err)" = "padu-cat: cannot create rejects file '/nonexistent/dir/rj.csv': No such file or directory"
printf 'a,b\n1\n' > ragged.csv
fullmode=$(stat -c %a /dev/full)
"$bin/padu-cat" --rejects /dev/full ragged.csv > out 2> err; rc=$?
check "rejects on a full disk exit 1 with 'write error'" grep -q "/dev/full: write error" err
check "a device as the rejects file keeps its mode (/dev/full stays $fullmode)" \
	test "$(stat -c %a /dev/full)" = "$fullmode"
"$bin/padu-cat" --stats /dev/full big.csv > out 2> err; rc=$?
check "stats on a full disk exit 1 with 'write error'" test $rc -eq 1 -a "$(cat err)" = "padu-cat: /dev/full: write error: No space left on device"
printf 'a,b\n1,2\n3\n"4",5\n6,"7\n' > acc.csv
"$bin/padu-cat" --stats st.json --rejects rj.csv acc.csv > out 2> err
python3 - <<'PY' > acct
import json
s = json.loads(open("st.json").read())
print("ok" if s["in"] == s["out"] + s["rejected"] + s["merged"] == 4 and s["rejected"] == 2 else s)
PY
check "stats account for every row (in = out + rejected + merged)" grep -qx ok acct
mode=$(stat -c %a rj.csv)
check "the rejects file is mode 600" test "$mode" = 600
# An existing rejects or links file is made 0600; a device or FIFO keeps its
# mode (fchmod of /dev/null, run as root, would close it to every other user);
# the readers give up after 30 s, so a writer that never opens cannot hang.
printf 'x\n' > old-rj.csv && chmod 644 old-rj.csv && cp old-rj.csv old-ln.csv && chmod 644 old-ln.csv
"$bin/padu-cat" --rejects old-rj.csv acc.csv > /dev/null 2>&1
"$bin/padu-dedupe" -f "$top/tests/golden/dedupe/001-exact/rules.json" --links old-ln.csv \
	"$top/tests/golden/dedupe/001-exact/input" > /dev/null 2>&1
check "an existing rejects or links file is made mode 600" \
	test "$(stat -c %a old-rj.csv old-ln.csv | tr '\n' ' ')" = "600 600 "
rm -f fifo && mkfifo -m 644 fifo
timeout 30 cat fifo > fifo.out & reader=$!
"$bin/padu-cat" --rejects fifo acc.csv > /dev/null 2>&1
wait $reader
check "a FIFO as the rejects file keeps its mode and gets the rejects" \
	test "$(stat -c %a fifo)" = 644 -a "$(grep -c "^padu-cat,acc.csv," fifo.out)" = 2
rm -f fifo && mkfifo -m 644 fifo
timeout 30 cat fifo > fifo.out & reader=$!
"$bin/padu-dedupe" -f "$top/tests/golden/dedupe/001-exact/rules.json" --links fifo \
	"$top/tests/golden/dedupe/001-exact/input" > /dev/null 2>&1
wait $reader
check "a FIFO as the links file keeps its mode and gets the links" \
	test "$(stat -c %a fifo)" = 644 -a -s fifo.out

# Progress: on a terminal (script(1) gives one), never when redirected.
slow="{ cat big.csv; sleep 0.7; tail -n +2 big.csv; } | $bin/padu-cat > /dev/null"
if command -v script > /dev/null; then
	script -qec "sh -c '$slow'" /dev/null > tty.out 2>&1 < /dev/null
	if grep -q 'padu-cat: [0-9]* rows, .* MB/s' tty.out; then
		ok "progress shows on a terminal"
	else
		no "progress shows on a terminal" "$(head -c 300 tty.out | cat -A)"
	fi
fi
sh -c "$slow" 2> err
check "no progress when standard error is redirected" test ! -s err

# A pipe between filters is grown to 1 MB (csvio: where the kernel allows;
# its limit for users is /proc/sys/fs/pipe-max-size), from the writing end
# and from the reading end.
if [ "$(uname -s)" = Linux ] && [ "$(cat /proc/sys/fs/pipe-max-size 2> /dev/null || echo 0)" -ge 1048576 ]; then
	sizes=$(python3 - "$bin" <<'PY'
import fcntl, os, subprocess, sys, time
b = sys.argv[1]
r, w = os.pipe()
p = subprocess.Popen([b + "/padu-cat", "big.csv"], stdout=w)
os.close(w)
time.sleep(0.5)
out = [fcntl.fcntl(r, 1032)]
os.read(r, 1 << 22)
p.kill(); p.wait(); os.close(r)
r, w = os.pipe()
p = subprocess.Popen([b + "/padu-cat"], stdin=r, stdout=subprocess.DEVNULL)
os.close(r)
time.sleep(0.5)
out.append(fcntl.fcntl(w, 1032))
os.close(w); p.wait()
print(*out)
PY
)
	check "a pipe is grown to 1 MB by its writer and by its reader (got $sizes)" test "$sizes" = "1048576 1048576"
fi

echo "# $n io checks"
[ $bad -eq 0 ]
