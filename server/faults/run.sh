#!/usr/bin/env bash
# Bounded loopback fault run for the emovox server (issue 11). Real `emovox serve` processes with
# the built-in model on real recordings (../shared/data), driven by curl on 127.0.0.1:
#   1. two servers on one EMOVOX_HOME (and a taken port)   4. the upload limit per request
#   2. a full disk (a 64 MiB tmpfs; needs root)             5. 40 concurrent uploads
#   3. WAL damage (kill -9, WAL truncated while stopped)    6. kill -9 in the middle of a job
# It counts the requests sent and their statuses, the jobs lost (accepted, then without their
# result at the end, or missing from the job list after the documented recovery) and the result
# files changed (SHA-256 of every finished job's result files before and after each fault), and
# prints a Markdown table (also written to --out FILE). Everything lives in a temporary folder that
# is removed at the end, the tmpfs is unmounted and every server it started is stopped.
#
# Usage: server/faults/run.sh [--out FILE]       (needs curl, jq, sox; ~3-6 minutes on 2 cores)
# EMOVOX=path/to/emovox runs another build's launcher (e.g. an older commit, to compare).
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
emovox="${EMOVOX:-$root/emovox}"
data="$root/../shared/data"
out=""
[ "${1:-}" = "--out" ] && out="$2"
for tool in curl jq sox; do
  command -v "$tool" >/dev/null || { echo "faults: needs $tool" >&2; exit 2; }
done

work=$(mktemp -d /tmp/emovox-faults.XXXXXX)
pids=()
mounted=""
cleanup() {
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null; done
  wait 2>/dev/null
  [ -n "$mounted" ] && umount -l "$mounted" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

# ---------- bookkeeping ----------
# Statuses are appended to files, so that requests made in subshells ($(...)) count too.
rows=()            # one Markdown row per scenario
scenario_lost=0; scenario_changed=0

begin() { : >"$work/codes.scenario"; scenario_lost=0; scenario_changed=0; echo "== $1" >&2; }
count() { echo "$1" >>"$work/codes.scenario"; echo "$1" >>"$work/codes.all"; }
by_status() { sort -n "$1" | uniq -c | awk '{printf "%s×%s ", $1, $2}'; }
finish() { # name, outcome
  local by n
  by=$(by_status "$work/codes.scenario"); n=$(wc -l <"$work/codes.scenario")
  rows+=("| $1 | $n | ${by:-none} | $scenario_lost | $scenario_changed | $2 |")
}

# curl with the admin-role token of the current server; the body goes to $work/body, the headers
# to $work/headers; echoes the status
api() { # method path [curl args...]
  local m=$1 p=$2; shift 2
  local code
  code=$(curl -s -o "$work/body" -D "$work/headers" -w '%{http_code}' -X "$m" \
    -H "Authorization: Bearer $token" --max-time 300 "$base$p" "$@") || code=000
  count "$code"
  echo "$code"
}
upload() { # file [query] -> echoes "status job-id"
  local code id
  code=$(api POST "/api/v1/analyze${2:-}" -H "X-Filename: $(basename "$1")" --data-binary @"$1")
  id=$(grep -i '^x-emovox-job' "$work/headers" 2>/dev/null | tr -d '\r' | awk '{print $2}')
  [ -z "$id" ] && id=$(jq -r '.id // empty' "$work/body" 2>/dev/null)
  echo "$code $id"
}
job_status() { api GET "/api/v1/jobs/$1" >/dev/null; jq -r '.status // "missing"' "$work/body"; }
await_status() { # id regex seconds
  local end=$(( $(date +%s) + $3 )) st
  while :; do
    st=$(job_status "$1")
    [[ $st =~ ^($2)$ ]] && { echo "$st"; return; }
    [ "$(date +%s)" -ge "$end" ] && { echo "$st"; return; }
    sleep 0.5
  done
}

# Starts `emovox serve` on $home; sets base, token, server_pid, admin_password. Extra args follow.
serve() {
  local home=$1; shift
  local log="$work/serve-$RANDOM.log"
  EMOVOX_HOME="$home" "$emovox" serve --port 0 --model builtin "$@" >"$log" 2>&1 &
  server_pid=$!
  pids+=("$server_pid")
  for _ in $(seq 1 240); do
    base=$(grep -o 'serving on http://[0-9.:]*' "$log" | awk '{print $3}')
    [ -n "$base" ] && break
    kill -0 "$server_pid" 2>/dev/null || { echo "faults: serve died: $(cat "$log")" >&2; return 1; }
    sleep 0.5
  done
  [ -z "$base" ] && { echo "faults: serve did not start" >&2; return 1; }
  local pw
  pw=$(grep -o 'password: [^ ]*' "$log" | awk '{print $2}')
  [ -n "$pw" ] && admin_password=$pw
  token=$(EMOVOX_HOME="$home" "$emovox" token create --name "faults-$RANDOM" --admin 2>/dev/null)
  serve_log=$log
}
stop() { kill -TERM "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null; }
kill9() { kill -9 "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null; }

hashes() { # home -> "job/file sha" lines of every result file
  (cd "$1/server/jobs" 2>/dev/null && find . -path '*/result/*' -type f -print0 | sort -z | xargs -0 -r sha256sum)
}
changed_between() { # before-file after-file -> count of result files of "before" that differ or vanished
  local n=0 sum file
  while read -r sum file; do
    grep -qF "$sum  $file" "$2" || n=$((n + 1))
  done <"$1"
  echo "$n"
}

clips=()
while IFS= read -r f; do clips+=("$f"); done < <(ls "$data"/emodb/wav/*.wav | sort | head -20)
casia=()
while IFS= read -r f; do casia+=("$f"); done < <(find "$data/casia" -name '*.wav' | sort | head -20)
long="$work/long.wav"
sox "${clips[@]}" "${clips[@]}" "$long"   # ~1.5 minutes of real speech

"$emovox" --version >/dev/null 2>&1 || { echo "faults: cannot run $emovox" >&2; exit 2; }
# The launcher rebuilds when a source is newer than cli/target/emovox-cli.jar, but Maven leaves the
# jar (and its date) alone when only another module changed: without this, every call rebuilds.
[ -z "${EMOVOX:-}" ] && touch "$root/cli/target/emovox-cli.jar"
start_all=$(date +%s)

# ---------- 1. two servers on one home ----------
begin "two servers on one home"
home="$work/home-two"; mkdir -p "$home"
serve "$home" || exit 1
first_pid=$server_pid; first_base=$base
ids=()
for c in "${clips[@]:0:3}"; do read -r code id < <(upload "$c"); [ "$code" = 200 ] && ids+=("$id"); done
read -r code long_id < <(upload "$long" "?async=true&granularity=frame")
await_status "$long_id" running 60 >/dev/null
hashes "$home" >"$work/h1"
second_log="$work/second.log"
EMOVOX_HOME="$home" timeout 120 "$emovox" serve --port 0 --model builtin >"$second_log" 2>&1
second_exit=$?
other="$work/home-port"; mkdir -p "$other"
EMOVOX_HOME="$other" timeout 120 "$emovox" serve --port "${first_base##*:}" --model builtin >"$work/port.log" 2>&1
port_exit=$?
EMOVOX_HOME="$home" "$emovox" token list >/dev/null 2>&1; token_exit=$?
EMOVOX_HOME="$home" "$emovox" cleanup >/dev/null 2>&1; cleanup_exit=$?
server_pid=$first_pid; base=$first_base
st=$(await_status "$long_id" 'done|failed' 600)
api GET "/api/v1/jobs/$long_id" >/dev/null
attempts=$(jq -r '.attempts' "$work/body")
[ "$st" = done ] || scenario_lost=$((scenario_lost + 1))
for id in "${ids[@]}"; do [ "$(job_status "$id")" = done ] || scenario_lost=$((scenario_lost + 1)); done
hashes "$home" >"$work/h2"
scenario_changed=$(changed_between "$work/h1" "$work/h2")
stop
finish "two servers on one home" "second serve exit $second_exit ($(head -c 60 "$second_log" | tr '\n' ' ')…); serve on the taken port exit $port_exit; token exit $token_exit, cleanup exit $cleanup_exit beside it; the running job ran $attempts time(s), $st"

# ---------- 2. full disk ----------
begin "full disk"
disk="$work/disk"; mkdir -p "$disk"
if mount -t tmpfs -o size=64m tmpfs "$disk" 2>/dev/null; then
  mounted=$disk
  home="$disk/home"; mkdir -p "$home"
  serve "$home" --min-free-mb 1 || exit 1
  ids=()
  for c in "${clips[@]:0:4}"; do read -r code id < <(upload "$c" "?embedding=true"); [ "$code" = 200 ] && ids+=("$id"); done
  api POST "/api/v1/jobs/${ids[0]}/pin" >/dev/null
  hashes "$home" >"$work/h1"
  dd if=/dev/zero of="$disk/filler" bs=1M status=none 2>/dev/null; dd if=/dev/zero of="$disk/filler2" bs=4k status=none 2>/dev/null
  free_kb=$(df -k --output=avail "$disk" | tail -1 | tr -d ' ')
  list=$(api GET /api/v1/jobs)
  result=$(api GET "/api/v1/jobs/${ids[1]}/result")
  login=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
    -d "{\"username\":\"admin\",\"password\":\"$admin_password\"}" "$base/api/v1/login"); count "$login"
  hc=$(curl -s -o "$work/health" -w '%{http_code}' "$base/healthz"); count "$hc"; health=$(cat "$work/health")
  read -r up _ < <(upload "${clips[5]}")
  incoming=$(ls "$home/server/incoming" 2>/dev/null | wc -l)
  del=$(api DELETE "/api/v1/jobs/${ids[1]}")
  [ -d "$home/server/jobs/${ids[1]}" ] && del="$del-but-kept"
  EMOVOX_HOME="$home" "$emovox" cleanup --keep-days 0 >"$work/cleanup.log" 2>&1; cleanup_exit=$?
  left=$(ls "$home/server/jobs" | wc -l)
  [ "$(job_status "${ids[0]}")" = done ] || scenario_lost=$((scenario_lost + 1))
  hashes "$home" >"$work/h2"
  # only the pinned job's results must be unchanged: the others were deleted on purpose
  grep "${ids[0]}" "$work/h1" >"$work/h1p"
  scenario_changed=$(changed_between "$work/h1p" "$work/h2")
  stop
  finish "full disk (64 MiB tmpfs filled, ${free_kb} KiB left)" "list $list, result $result, login $login, healthz $health; upload $up (incoming files after: $incoming); DELETE $del; cleanup exit $cleanup_exit, $left job folder(s) left (the pinned one)"
  umount -l "$disk"; mounted=""
else
  finish "full disk" "SKIPPED: mounting a tmpfs needs root"
fi

# ---------- 3. WAL damage ----------
begin "WAL damage"
home="$work/home-wal"; mkdir -p "$home"
serve "$home" || exit 1
for c in "${clips[@]:0:3}"; do upload "$c" >/dev/null; done
stop                                   # clean stop: these three are in the database file
serve "$home" || exit 1
ids=()
for c in "${clips[@]:3:4}"; do read -r code id < <(upload "$c"); [ "$code" = 200 ] && ids+=("$id"); done
kill9                                  # the last four live only in the WAL
wal_bytes=$(stat -c %s "$home/server/emovox.db-wal" 2>/dev/null || echo 0)
truncate -s 0 "$home/server/emovox.db-wal"
touch -d '2 hours ago' "$home/server/jobs"/*
hashes "$home" >"$work/h1"
total=$(ls "$home/server/jobs" | wc -l)
serve "$home" || exit 1
warned=$(grep -c 'not in the database' "$serve_log")
api GET "/api/v1/jobs?limit=100" >/dev/null; known=$(jq '.jobs | length' "$work/body")
stop
EMOVOX_HOME="$home" "$emovox" cleanup >/dev/null 2>&1; cleanup_exit=$?
after_cleanup=$(ls "$home/server/jobs" | wc -l)
serve "$home" --rebuild-index || exit 1
restored=$(grep -o '[0-9]* job(s) restored' "$serve_log")
api GET "/api/v1/jobs?limit=100" >/dev/null; listed=$(jq '.jobs | length' "$work/body")
for id in "${ids[@]}"; do [ "$(job_status "$id")" = done ] || scenario_lost=$((scenario_lost + 1)); done
[ "$listed" -lt "$total" ] && scenario_lost=$((scenario_lost + total - listed))
hashes "$home" >"$work/h2"
scenario_changed=$(changed_between "$work/h1" "$work/h2")
stop
finish "WAL damage ($wal_bytes-byte WAL truncated after kill -9)" "start warned: $warned; jobs listed before the rebuild $known of $total; cleanup exit $cleanup_exit, job folders $after_cleanup of $total kept; --rebuild-index: ${restored:-nothing restored}, $listed of $total listed"

# ---------- 4. upload limit per request ----------
begin "upload limit per request"
home="$work/home-limit"; mkdir -p "$home"
serve "$home" --max-upload-mb 2 || exit 1
head -c $((1800 * 1024)) /dev/urandom >"$work/part.bin"
parts=(-F "file=@${clips[0]}")
for i in $(seq 1 10); do parts+=(-F "extra$i=@$work/part.bin"); done
peak=0
( while :; do du -sb "$home/server/incoming" 2>/dev/null | awk '{print $1}'; sleep 0.01; done ) >"$work/du" &
watcher=$!
chunked=$(api POST /api/v1/analyze -H 'Transfer-Encoding: chunked' "${parts[@]}")
kill "$watcher" 2>/dev/null; wait "$watcher" 2>/dev/null
peak=$(sort -n "$work/du" | tail -1)
batch=$(api POST /api/v1/batch -F "file=@$work/part.bin;filename=a.wav" -F "file=@$work/part.bin;filename=b.wav")
t0=$(date +%s%N)
declared=$(api POST /api/v1/analyze -H 'Content-Length: 2147483648' -H 'X-Filename: a.wav' --data-binary @"${clips[0]}")
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
after=$(ls "$home/server/jobs" 2>/dev/null | wc -l)
stop
finish "upload limit per request (2 MB)" "chunked multipart with 10 extra parts (18 MB): $chunked, peak $(( ${peak:-0} / 1024 )) KiB in incoming; batch of 2×1.8 MB: $batch; declared 2 GiB: $declared in $ms ms; jobs created: $after"

# ---------- 5. 40 concurrent uploads ----------
begin "40 concurrent uploads"
home="$work/home-load"; mkdir -p "$home"
serve "$home" --workers 2 --queue 40 --rate 1000 || exit 1
n=0
uploads=()
for c in "${clips[@]}" "${casia[@]}"; do
  n=$((n + 1))
  curl -s -o "$work/load-$n.json" -D "$work/load-$n.h" -w '%{http_code}' --max-time 600 \
    -H "Authorization: Bearer $token" -H "X-Filename: $(basename "$c")" --data-binary @"$c" \
    "$base/api/v1/analyze" >"$work/load-$n.code" &
  uploads+=($!)
done
wait "${uploads[@]}"
for i in $(seq 1 "$n"); do
  code=$(cat "$work/load-$i.code"); count "$code"
  id=$(grep -i '^x-emovox-job' "$work/load-$i.h" | tr -d '\r' | awk '{print $2}')
  if [ "$code" = 200 ]; then [ "$(job_status "$id")" = done ] || scenario_lost=$((scenario_lost + 1)); fi
done
api GET "/api/v1/jobs?limit=100" >/dev/null; stored=$(jq '[.jobs[] | select(.status == "done")] | length' "$work/body")
stop
finish "40 concurrent uploads (20 EmoDB + 20 CASIA, 2 workers)" "$stored jobs done in the database"

# ---------- 6. kill -9 mid-job ----------
begin "kill -9 mid-job"
home="$work/home-kill"; mkdir -p "$home"
serve "$home" || exit 1
ids=()
for c in "${clips[@]:0:3}"; do read -r code id < <(upload "$c"); [ "$code" = 200 ] && ids+=("$id"); done
read -r code long_id < <(upload "$long" "?async=true&granularity=frame")
await_status "$long_id" running 60 >/dev/null
sleep 2
hashes "$home" >"$work/h1"
kill9
serve "$home" || exit 1
st=$(await_status "$long_id" 'done|failed' 600)
api GET "/api/v1/jobs/$long_id" >/dev/null; attempts=$(jq -r '.attempts' "$work/body")
[ "$st" = done ] || scenario_lost=$((scenario_lost + 1))
for id in "${ids[@]}"; do [ "$(job_status "$id")" = done ] || scenario_lost=$((scenario_lost + 1)); done
hashes "$home" >"$work/h2"
scenario_changed=$(changed_between "$work/h1" "$work/h2")
stop
finish "kill -9 mid-job (1.5 min recording, frame timeline)" "resumed job $st after $attempts attempt(s)"

# ---------- report ----------
{
  echo "Fault run: $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(( $(date +%s) - start_all )) s"
  echo
  echo "| scenario | requests | statuses | jobs lost | result files changed | what happened |"
  echo "|---|---|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
  echo
  echo "All: $(wc -l <"$work/codes.all") requests: $(by_status "$work/codes.all")."
} | tee "${out:-/dev/null}"
