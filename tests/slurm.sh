#!/usr/bin/env bash
# contrib/slurm on a real Slurm cluster: one node on loopback, started here
# from Debian's packages (slurmctld, slurmd, slurm-client, munge) with all
# its state in a temporary folder, and stopped by the PIDs recorded here.
#
# usage: tests/slurm.sh PATH_TO_WINNOW [SOURCE_DIR]
#
#  1. six small WARC shards of the fixture pages (plain, gzip per record,
#     one gzip stream; skipped records of every kind; one shard with a
#     truncated last record), one task each, --compress: sbatch --wait
#     succeeds, and every shard's output, error log and summary are there,
#     byte-identical to a local winnow batch run over the same shard.
#  2. the same six and one big shard, two per task: the big one's task is
#     cancelled while its output is half written; the others complete.
#  3. damage as a killed run leaves it (an output without its summary, an
#     output cut after it) and the same array again: only what is missing
#     or incomplete is redone, and every output is byte-identical.
#
# Everything started here is stopped on the way out, failed or not (a
# watchdog process stops it too if this script is killed).  Every wait
# gives up after WINNOW_SLURM_TEST_LIMIT seconds in all (default 110).
# WINNOW_SLURM_TEST_KEEP=DIR keeps the daemons' and jobs' logs and the
# outputs there.
# When the packages are missing they are installed with .ci/setup.
set -euo pipefail

[ $# -ge 1 ] || { echo "usage: $0 PATH_TO_WINNOW [SOURCE_DIR]" >&2; exit 2; }
WINNOW=$(realpath "$1")
SRC=$(cd "${2:-$(dirname "$0")/..}" && pwd)
JOBSCRIPT=$SRC/contrib/slurm/winnow-array.sh
MANIFEST_TOOL=$SRC/contrib/slurm/winnow-manifest
LIMIT=${WINNOW_SLURM_TEST_LIMIT:-110}
T0=$SECONDS

say() { printf '[%3ds] %s\n' $((SECONDS - T0)) "$*"; }
fail() {
  printf '[%3ds] FAIL: %s\n' $((SECONDS - T0)) "$*" >&2
  exit 1
}
passed=0
ok() {
  passed=$((passed + 1))
  say "ok $*"
}

# ---- packages: installed by .ci/setup, never skipped
need=(slurmctld slurmd sbatch squeue scancel sinfo munged mungekey)
missing=()
for c in "${need[@]}"; do command -v "$c" >/dev/null || [ -x "/usr/sbin/$c" ] || missing+=("$c"); done
if [ ${#missing[@]} -gt 0 ]; then
  say "missing ${missing[*]}: installing with .ci/setup --packages-only"
  "$SRC/.ci/setup" --packages-only || fail "could not install the Slurm packages"
fi
export PATH=$PATH:/usr/sbin
for c in "${need[@]}"; do command -v "$c" >/dev/null || fail "$c still missing after .ci/setup"; done

# ---- state, and stopping everything on the way out
ST=$(mktemp -d /tmp/winnow-slurm.XXXXXX)
chmod 755 "$ST" # munged wants the socket's folder 0755, and so its parents
mkdir -p "$ST/munge" "$ST/state" "$ST/spool" "$ST/log" "$ST/jobs" "$ST/work"
chmod 755 "$ST/munge"
export SLURM_CONF=$ST/slurm.conf
# every process of this cluster carries the marker in its environment:
# the daemons, their step daemons and the jobs (submitted with it)
MARK="WINNOW_SLURM_TEST_MARK=$ST"
MUNGED_PID="" CTLD_PID="" SLURMD_PID="" WATCHDOG_PID=""

# PIDs of processes with our marker (never this shell or the watchdog)
marked_pids() {
  local f p
  for f in /proc/[0-9]*/environ; do
    p=${f#/proc/}
    p=${p%/environ}
    [ "$p" = $$ ] || [ "$p" = "${WATCHDOG_PID:-x}" ] && continue
    { tr '\0' '\n' <"$f"; } 2>/dev/null | grep -qxF "$MARK" && echo "$p"
  done
  return 0
}

alive() { # a PID that is running (a zombie is not)
  local s
  [ -n "$1" ] && s=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) && [ "$s" != Z ]
}

stop_pid() { # stop_pid NAME PID: TERM, then KILL after 5 s; reaps our children
  local name=$1 pid=$2 i
  [ -n "$pid" ] || return 0
  if alive "$pid"; then
    kill -TERM "$pid" 2>/dev/null || true
    for i in $(seq 50); do alive "$pid" || break; sleep 0.1; done
    if alive "$pid"; then
      say "$name ($pid) ignored TERM: KILL"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  wait "$pid" 2>/dev/null || true
}

show_logs() {
  local f
  for f in "$ST"/log/*.log "$ST"/jobs/*.log; do
    [ -s "$f" ] || continue
    echo "---- ${f#"$ST"/} (last 25 lines)"
    tail -n 25 "$f"
  done
}

cleanup() {
  local rc=$?
  set +e
  trap - EXIT INT TERM
  if alive "$CTLD_PID" && [ -n "$(squeue -h -o %i 2>/dev/null)" ]; then
    scancel --quiet --user="$(id -un)" 2>/dev/null
    local end=$((SECONDS + 15))
    while [ -n "$(squeue -h -o %i 2>/dev/null)" ] && ((SECONDS < end)); do sleep 0.2; done
  fi
  [ $rc -ne 0 ] && show_logs >&2
  stop_pid slurmd "$SLURMD_PID"
  stop_pid slurmctld "$CTLD_PID"
  stop_pid munged "$MUNGED_PID"
  local left
  left=$(marked_pids)
  if [ -n "$left" ]; then
    say "still running after the daemons stopped, killed: $(echo $left)" >&2
    kill -KILL $left 2>/dev/null
    rc=1
  fi
  stop_pid watchdog "$WATCHDOG_PID"
  if [ -n "${WINNOW_SLURM_TEST_KEEP:-}" ]; then # logs and outputs, to look at
    mkdir -p "$WINNOW_SLURM_TEST_KEEP" && cp -r "$ST"/log "$ST"/jobs "$ST"/out* "$WINNOW_SLURM_TEST_KEEP"/ 2>/dev/null
  fi
  rm -rf "$ST"
  if [ $rc -eq 0 ]; then say "$passed checks passed; cluster stopped"; else say "failed; cluster stopped" >&2; fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# If this script is killed outright (SIGKILL, a CI timeout), the watchdog
# stops what it started: by PID, then anything carrying the marker (which
# the sbatch commands carry too).
mkfifo "$ST/watchdog.fifo"
(
  set +e
  exec </dev/null >/dev/null 2>&1 9<>"$ST/watchdog.fifo"
  trap '' INT
  # read -t waits without a child process: nothing is left if this ends
  while kill -0 $$ 2>/dev/null; do read -r -t 1 -u 9 || true; done
  for p in $(cat "$ST"/*.pid.rec 2>/dev/null); do kill -TERM "$p"; done
  sleep 2
  for p in $(cat "$ST"/*.pid.rec 2>/dev/null) $(marked_pids); do kill -KILL "$p"; done
  rm -rf "$ST"
) &
WATCHDOG_PID=$!

left() { # seconds left of the limit, at least 1
  local l=$((LIMIT - (SECONDS - T0)))
  echo $((l > 0 ? l : 1))
}

wait_for() { # wait_for SECONDS WHAT COMMAND...: polls COMMAND every 0.05 s
  local end=$((SECONDS + $1)) what=$2
  shift 2
  until "$@"; do
    ((SECONDS < end && SECONDS - T0 < LIMIT)) || fail "timed out waiting for $what"
    sleep 0.05
  done
}

# ---- the cluster
start_munge() {
  mungekey --create --keyfile="$ST/munge/munge.key" >/dev/null
  chmod 600 "$ST/munge/munge.key"
  env "$MARK" munged -F --key-file="$ST/munge/munge.key" --socket="$ST/munge/munge.sock" \
    --pid-file="$ST/munge/munged.pid" --seed-file="$ST/munge/seed" \
    </dev/null >"$ST/log/munged.log" 2>&1 &
  MUNGED_PID=$!
  echo "$MUNGED_PID" >"$ST/munged.pid.rec"
  wait_for 10 "munged's socket" test -S "$ST/munge/munge.sock"
}

free_ports() {
  python3 -c '
import socket
s = [socket.socket() for _ in range(2)]
for x in s: x.bind(("127.0.0.1", 0))
print(*[x.getsockname()[1] for x in s])'
}

write_conf() { # write_conf CTLD_PORT SLURMD_PORT
  local mem
  mem=$(awk '/^MemTotal:/ {print int($2 / 1024 / 2)}' /proc/meminfo)
  cat >"$SLURM_CONF" <<EOF
ClusterName=winnowtest
SlurmctldHost=localhost(127.0.0.1)
SlurmctldPort=$1
SlurmdPort=$2
CommunicationParameters=NoCtldInAddrAny,NoInAddrAny
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$ST/munge/munge.sock
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SwitchType=switch/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerParameters=batch_sched_delay=0
MinJobAge=5
KillWait=2
ReturnToService=2
MailProg=/bin/true
StateSaveLocation=$ST/state
SlurmdSpoolDir=$ST/spool
SlurmctldPidFile=$ST/slurmctld.pid
SlurmdPidFile=$ST/slurmd.pid
SlurmctldLogFile=$ST/log/slurmctld.log
SlurmdLogFile=$ST/log/slurmd.log
NodeName=localhost NodeAddr=127.0.0.1 CPUs=$(nproc) RealMemory=$mem State=UNKNOWN
PartitionName=test Nodes=localhost Default=YES MaxTime=INFINITE State=UP
EOF
}

node_idle() { [ "$(sinfo -h -o %t 2>/dev/null)" = idle ]; }

start_slurm() { # tries three pairs of free ports: another cluster may take one first
  local try ports end
  for try in 1 2 3; do
    ports=$(free_ports)
    write_conf $ports
    env "$MARK" slurmctld -D -f "$SLURM_CONF" </dev/null >"$ST/log/slurmctld.out" 2>&1 &
    CTLD_PID=$!
    echo "$CTLD_PID" >"$ST/slurmctld.pid.rec"
    env "$MARK" slurmd -D -N localhost -f "$SLURM_CONF" </dev/null >"$ST/log/slurmd.out" 2>&1 &
    SLURMD_PID=$!
    echo "$SLURMD_PID" >"$ST/slurmd.pid.rec"
    end=$((SECONDS + 20))
    while ((SECONDS < end)) && alive "$CTLD_PID" && alive "$SLURMD_PID" && ! node_idle; do sleep 0.1; done
    if node_idle; then
      say "cluster up on 127.0.0.1, ports $ports (slurmctld $CTLD_PID, slurmd $SLURMD_PID, munged $MUNGED_PID)"
      return 0
    fi
    if grep -qs "Address already in use" "$ST"/log/slurm*.out; then
      say "ports $ports taken: stopping and trying others"
    else
      show_logs >&2
      fail "the cluster did not come up (node: $(sinfo -h -o %t 2>&1))"
    fi
    stop_pid slurmd "$SLURMD_PID"
    stop_pid slurmctld "$CTLD_PID"
    rm -rf "$ST/state"/* "$ST/spool"/*
  done
  fail "no free ports for slurmctld and slurmd after three tries"
}

# ---- the shards
make_shards() { # six small WARCs of the fixture pages, and one big one
  python3 - "$SRC/fixtures" "$ST/shards" <<'EOF'
import glob, gzip, os, sys
fixtures, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
pages = sorted(p for d in ('seeds', 'must-go', 'must-stay', 'no-article', 'i18n', 'json', 'markdown')
               for p in glob.glob(os.path.join(fixtures, d, '*.html')))
assert len(pages) >= 60, len(pages)
n = 0
def record(typ, block, uri='', ctype=None, extra=''):
    global n
    n += 1
    h = f'WARC/1.0\r\nWARC-Type: {typ}\r\nWARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-{n:012d}>\r\n'
    h += f'WARC-Date: 2024-03-{1 + n % 28:02d}T10:{n % 60:02d}:00Z\r\n'
    if uri:
        h += f'WARC-Target-URI: {uri}\r\n'
    if ctype:
        h += f'Content-Type: {ctype}\r\n'
    h += extra + f'Content-Length: {len(block)}\r\n\r\n'
    return h.encode() + block + b'\r\n\r\n'
def response(body, uri, ctype='text/html', status='200 OK'):
    http = f'HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {len(body)}\r\n\r\n'.encode() + body
    return record('response', http, uri, 'application/http; msgtype=response')
def shard_records(k, group):
    recs = [record('warcinfo', b'software: tests/slurm.sh\r\nformat: WARC File Format 1.0\r\n', ctype='application/warc-fields')]
    for p in group:
        uri = 'https://news.example.org/' + os.path.relpath(p, fixtures).replace('.html', '')
        recs.append(record('request', f'GET / HTTP/1.1\r\nHost: news.example.org\r\n\r\n'.encode(), uri,
                           'application/http; msgtype=request'))
        recs.append(response(open(p, 'rb').read(), uri))
        recs.append(record('metadata', b'fetchTimeMs: 42\r\n', uri, 'application/warc-fields'))
    recs.append(response(b'\x89PNG\r\n\x1a\n' + bytes(range(256)), f'https://news.example.org/logo{k}.png', 'image/png'))
    recs.append(response(b'<html><body><p>Not found</p></body></html>', f'https://news.example.org/gone{k}', status='404 Not Found'))
    return recs
def gz(b):
    return gzip.compress(b, compresslevel=6, mtime=0)
for k in range(6):
    recs = shard_records(k, pages[k::6])
    tail = b''
    if k == 3:  # damage: the last record's gzip member is cut short
        cut = gz(recs[-3])
        tail = cut[: len(cut) // 2]
    if k == 4:
        data, name = b''.join(recs), f'shard-{k}.warc'
    elif k == 5:
        data, name = gz(b''.join(recs)), f'shard-{k}.warc.gz'  # one gzip stream
    else:
        data, name = b''.join(gz(r) for r in recs) + tail, f'shard-{k}.warc.gz'  # a member per record
    open(os.path.join(out, name), 'wb').write(data)
# the big shard's unit: every page once, a gzip member per record
open(os.path.join(out, 'big.unit'), 'wb').write(b''.join(gz(response(open(p, 'rb').read(), 'https://big.example.org/' + os.path.basename(p))) for p in pages))
EOF
  local i
  # copies of the unit, so its task runs long enough to be cancelled half-way
  for i in $(seq "${WINNOW_SLURM_TEST_BIG:-200}"); do cat "$ST/shards/big.unit"; done >"$ST/shards/big.warc.gz"
  rm "$ST/shards/big.unit"
}

# ---- submitting
JOBID=""
submit() { # submit NAME MANIFEST OUTDIR PER_TASK MAX_RUNNING [winnow batch options]: sbatch --wait in the background
  local name=$1 manifest=$2 out=$3 per=$4 maxrun=$5 array
  shift 5
  array=$("$MANIFEST_TOOL" array "$manifest" "$per" "$maxrun")
  rm -f "$ST/$name.sbatch.out" "$ST/$name.sbatch.rc"
  (
    set +e
    env "$MARK" timeout "$(left)" sbatch --wait --parsable --job-name="winnow-$name" --array="$array" \
      --cpus-per-task=1 --mem-per-cpu=256M --output="$ST/jobs/%A_%a.log" --chdir="$ST/work" \
      --export="ALL,$MARK,WINNOW=$WINNOW,WINNOW_PER_TASK=$per" \
      "$JOBSCRIPT" "$manifest" "$out" "$@" >"$ST/$name.sbatch.out" 2>"$ST/$name.sbatch.err"
    echo $? >"$ST/$name.sbatch.rc"
  ) &
  SUBMIT_PID=$!
  wait_for 20 "the job id of $name" grep -sqE '^[0-9]+' "$ST/$name.sbatch.out"
  JOBID=$(grep -oE '^[0-9]+' "$ST/$name.sbatch.out" | head -1)
  say "$name: submitted job $JOBID, --array=$array, $per input(s) a task"
}

job_gone() { [ -z "$(squeue -h -j "$1" -o %i 2>/dev/null)" ]; }
task_cancelled() { scontrol -o show job "$1" 2>/dev/null | grep -q 'JobState=CANCELLED'; }

finish() { # finish NAME: waits for the submission's sbatch --wait; its exit status in SBATCH_RC
  local name=$1
  wait "$SUBMIT_PID" || true
  SBATCH_RC=$(cat "$ST/$name.sbatch.rc" 2>/dev/null || echo 255)
  say "$name: sbatch --wait returned $SBATCH_RC"
  # sbatch may return while a cancelled task is still being ended: the
  # files are looked at once no task of the job is left, completing or not
  wait_for 30 "job $JOBID to leave the queue" job_gone "$JOBID"
}

same() { cmp -s "$1" "$2"; }
fingerprint() { stat -c '%i %y %s' "$1"; }

# =========================================================================
start_munge
start_slurm

make_shards
SH=$ST/shards
small=("$SH/shard-0.warc.gz" "$SH/shard-1.warc.gz" "$SH/shard-2.warc.gz" "$SH/shard-3.warc.gz"
       "$SH/shard-4.warc" "$SH/shard-5.warc.gz")
names=(shard-0 shard-1 shard-2 shard-3 shard-4 shard-5)
say "shards: 6 small ($(du -cb "${small[@]}" | tail -1 | cut -f1) bytes), big $(stat -c %s "$SH/big.warc.gz") bytes"

# the local runs every cluster output must equal: one winnow batch a shard
mkdir -p "$ST/local" "$ST/localz"
for s in "${small[@]}" "$SH/big.warc.gz"; do
  n=$(basename "$s")
  n=${n%.gz}
  n=${n%.warc}
  rc=0
  "$WINNOW" batch -q -j2 "$s" >"$ST/local/$n.jsonl" 2>>"$ST/log/local.log" || rc=$?
  [ "$n" = shard-3 ] && [ $rc -ne 1 ] && fail "local run of shard-3 (truncated record) exited $rc, not 1"
  [ "$n" != shard-3 ] && [ $rc -ne 0 ] && fail "local run of $n exited $rc"
done
rc=0
"$WINNOW" batch -q -j2 --compress --output-dir "$ST/localz" "${small[@]}" 2>>"$ST/log/local.log" || rc=$?
[ $rc -eq 1 ] || fail "local --output-dir run exited $rc, not 1 (the truncated record)"
say "local runs done"

# ---- 1. six shards, one task each, compressed
printf '%s\n' "# six small shards" "${small[@]}" >"$ST/m1.txt"
submit clean "$ST/m1.txt" "$ST/out1" 1 6 --compress
finish clean
[ "$SBATCH_RC" = 0 ] || fail "sbatch --wait of the six shards returned $SBATCH_RC"
ok "sbatch --wait: every task exited 0 (shard-3's failed record is counted, not fatal)"
for n in "${names[@]}"; do
  for f in "$n.jsonl.gz" "$n.errors.jsonl" "$n.summary.json"; do
    [ -f "$ST/out1/$f" ] || fail "1: no out1/$f"
  done
  same "$ST/out1/$n.jsonl.gz" "$ST/localz/$n.jsonl.gz" || fail "1: $n.jsonl.gz differs from the local --compress run"
  gzip -dc "$ST/out1/$n.jsonl.gz" | cmp -s - "$ST/local/$n.jsonl" || fail "1: $n.jsonl.gz does not gunzip to the local run's output"
  same "$ST/out1/$n.errors.jsonl" "$ST/localz/$n.errors.jsonl" || fail "1: $n.errors.jsonl differs"
  [ -s "$ST/local/$n.jsonl" ] || fail "1: the local run of $n extracted nothing"
done
ok "six outputs, error logs and summaries, byte-identical to local winnow batch runs"
[ -z "$(find "$ST/out1" -name '.*')" ] || fail "1: temporary files left: $(find "$ST/out1" -name '.*')"
grep -q '"failed":1,"failed_by":{"truncated":1}' "$ST/out1/shard-3.summary.json" ||
  fail "1: shard-3's summary does not count its truncated record: $(cat "$ST/out1/shard-3.summary.json")"
grep -q '"task":"'"$JOBID"'_3"' "$ST/out1/shard-3.summary.json" || fail "1: shard-3's summary does not name its task"
grep -qs "every input done (failed records are counted" "$ST/jobs/${JOBID}_3.log" ||
  fail "1: task 3's log does not say its input is done"
table=$("$WINNOW" batch --summarize --manifest "$ST/m1.txt" "$ST/out1") || fail "1: --summarize exited $?: $table"
grep -qE 'inputs done +6 of 6' <<<"$table" || fail "1: summary table: $table"
grep -qE "failed +1 \(truncated 1\)" <<<"$table" || fail "1: summary table, failures by reason: $table"
[ "$(grep -cE "^  ${JOBID}_[0-5] " <<<"$table")" = 6 ] || fail "1: summary table, one line per task: $table"
ok "winnow batch --summarize: 6 of 6 done, failures by reason, MB/s of each of 6 tasks"

# ---- 2. seven shards, two a task; the big one's task cancelled half-way
printf '%s\n' "${small[@]:0:5}" "$SH/big.warc.gz" "${small[5]}" >"$ST/m2.txt" # tasks: 0-1, 2-3, 4-big, 5
submit cancel "$ST/m2.txt" "$ST/out2" 2 2
CANCEL_JOB=$JOBID
wait_for 60 "the big shard's output to be half written" test -s "$ST/out2/.big.jsonl.part"
scancel "${CANCEL_JOB}_2"
say "cancelled task ${CANCEL_JOB}_2 with $(stat -c %s "$ST/out2/.big.jsonl.part") bytes of big.jsonl written"
wait_for 10 "slurmctld to say task ${CANCEL_JOB}_2 is cancelled" task_cancelled "${CANCEL_JOB}_2"
finish cancel
# 1 for the cancelled task; 0 when sbatch looked after the task was marked
# cancelled but before its end (and exit status) was recorded: Slurm's race
[ "$SBATCH_RC" = 1 ] || [ "$SBATCH_RC" = 0 ] || fail "sbatch --wait of the cancelled run returned $SBATCH_RC"
[ -s "$ST/out2/.big.jsonl.part" ] || fail "2: the half-written .big.jsonl.part is gone"
[ ! -e "$ST/out2/big.jsonl" ] && [ ! -e "$ST/out2/big.summary.json" ] ||
  fail "2: the cancelled task left an output that looks whole"
for n in "${names[@]}"; do
  [ -f "$ST/out2/$n.summary.json" ] || fail "2: $n not done"
  same "$ST/out2/$n.jsonl" "$ST/local/$n.jsonl" || fail "2: $n.jsonl differs from the local run"
done
miss=$("$WINNOW" batch --summarize --manifest "$ST/m2.txt" --missing "$ST/out2") && fail "2: --missing exited 0"
[ "$miss" = "$SH/big.warc.gz" ] || fail "2: --missing says: $miss"
table=$("$WINNOW" batch --summarize --manifest "$ST/m2.txt" "$ST/out2") && fail "2: --summarize exited 0"
grep -qE 'inputs done +6 of 7' <<<"$table" && grep -qE 'partial +1 ' <<<"$table" || fail "2: summary table: $table"
ok "cancelled mid-write: no output that looks whole, the other six done, --missing names the big shard"

# as a task killed between renames, or an output cut after, would leave them
rm "$ST/out2/shard-1.summary.json"
head -c 100 "$ST/local/shard-3.jsonl" >"$ST/out2/shard-3.jsonl"
miss=$("$WINNOW" batch --summarize --manifest "$ST/m2.txt" --missing "$ST/out2") || true
[ "$miss" = "$(printf '%s\n' "$SH/shard-1.warc.gz" "$SH/shard-3.warc.gz" "$SH/big.warc.gz")" ] ||
  fail "2: --missing after the damage says: $miss"
declare -A before
for n in shard-0 shard-2 shard-4 shard-5; do before[$n]=$(fingerprint "$ST/out2/$n.jsonl"); done

# ---- 3. the same array again
submit resume "$ST/m2.txt" "$ST/out2" 2 2
RESUME_JOB=$JOBID
finish resume
[ "$SBATCH_RC" = 0 ] || fail "3: sbatch --wait of the rerun returned $SBATCH_RC"
for n in "${names[@]}" big; do
  same "$ST/out2/$n.jsonl" "$ST/local/$n.jsonl" || fail "3: $n.jsonl differs from the local run"
  [ -f "$ST/out2/$n.summary.json" ] && [ -f "$ST/out2/$n.errors.jsonl" ] || fail "3: $n not done"
done
ok "rerun: all seven outputs byte-identical to local runs (the big one too)"
[ -z "$(find "$ST/out2" -name '.*')" ] || fail "3: temporary files left: $(find "$ST/out2" -name '.*')"
for n in shard-0 shard-2 shard-4 shard-5; do
  [ "$(fingerprint "$ST/out2/$n.jsonl")" = "${before[$n]}" ] || fail "3: $n was redone although it was complete"
  grep -q "\"task\":\"${CANCEL_JOB}_" "$ST/out2/$n.summary.json" || fail "3: $n's summary is not the first run's"
done
for n in shard-1 shard-3 big; do
  grep -q "\"task\":\"${RESUME_JOB}_" "$ST/out2/$n.summary.json" || fail "3: $n was not redone by the rerun"
done
ok "rerun redid only what was missing or incomplete (shard-1, shard-3, big); the rest untouched"
table=$("$WINNOW" batch --summarize --manifest "$ST/m2.txt" "$ST/out2") || fail "3: --summarize exited $?: $table"
grep -qE 'inputs done +7 of 7' <<<"$table" && grep -qE 'missing +0' <<<"$table" || fail "3: summary table: $table"
ok "winnow batch --summarize: 7 of 7 done"
printf '%s\n' "$table" | sed 's/^/    /'
