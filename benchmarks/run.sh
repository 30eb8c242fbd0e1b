#!/usr/bin/env bash
# Runs Nala's benchmarks and writes a Markdown report (see docs/benchmarks.md).
#
#   benchmarks/run.sh quick        # about 6 minutes: JMH forks 1, short iterations, 4 load cycles per concurrency
#   benchmarks/run.sh full         # about 27 minutes: 2 JMH forks, longer iterations, 15 load cycles per concurrency
#   benchmarks/run.sh smoke        # under a minute: the smallest case of each part, to prove the
#                                  # harness works (CI); its figures mean nothing
#   benchmarks/run.sh async        # about 3 minutes: loopback load with enqueue(), 64 and 512 calls in
#                                  # flight, raw OkHttp against both modes, 15 cycles; then the burst
#                                  # of 40 enqueue() calls to instances answering in 300 ms
#   benchmarks/run.sh slow-upstream  # about 2 minutes: three instances, one 10x slower, per balancer
#                                  # throughput, p99, the slow one's share, and its recovery
#   add --no-build to use benchmarks/target/benchmarks.jar as it is (CI, right after mvn verify)
#
# The report is benchmarks/target/results/<mode>-<time>/report.md; the load parts also draw their
# ratios to raw OkHttp next to it (load-ratios.png, async-ratios.png).
#
# Exits non-zero when the harness breaks (a benchmark error, failed calls, zero throughput),
# never because a figure misses a target: shared machines are noisy.
set -euo pipefail
cd "$(dirname "$0")/.."

mode="${1:-quick}"
build=true
for arg in "${@:2}"; do
  case "$arg" in
    --no-build) build=false ;;
    *) echo "Unknown option '$arg'; expected --no-build" >&2; exit 2 ;;
  esac
done

# The parts each mode runs, in this order.
parts=(chain distinct selection load outage footprint)
case "$mode" in
  smoke)
    parts+=(async slow-upstream burst)
    burst=(--bursts 1)
    jmh_chain=(-f 1 -wi 1 -w 300ms -i 1 -r 300ms)
    jmh_select=(-f 1 -wi 1 -w 300ms -i 1 -r 300ms -p endpoints=1,10000)
    load=(--concurrency 1 --rounds 1 --round-millis 300 --warmup-millis 300)
    outage=(--calls 100 --concurrency 2)
    footprint=(--services 100)
    # Both modes go through every part of the enqueue() harness; a fork more would only add a JVM start.
    async_load=(--clients nala-mesh,nala-standalone --concurrency 64 --rounds 1 --round-millis 200 --warmup-millis 200)
    slow_upstream=(--warmup-millis 100 --steady-millis 200 --recovery-millis 250 --window-millis 250)
    ;;
  quick)
    jmh_chain=(-f 1 -wi 3 -w 1s -i 5 -r 1s)
    jmh_select=(-f 1 -wi 2 -w 1s -i 3 -r 1s)
    load=(--concurrency 1,8,64 --rounds 4 --round-millis 1000 --warmup-millis 6000)
    outage=(--calls 2000 --concurrency 4)
    footprint=(--services 1000)
    ;;
  full)
    jmh_chain=(-f 2 -wi 5 -w 2s -i 10 -r 2s)
    jmh_select=(-f 2 -wi 3 -w 1s -i 5 -r 1s)
    load=(--concurrency 1,8,64 --rounds 15 --round-millis 1000 --warmup-millis 10000)
    outage=(--calls 20000 --concurrency 8)
    footprint=(--services 1000)
    ;;
  async)
    parts=(async burst)
    burst=(--bursts 3)
    async_load=(--clients raw-okhttp,nala-mesh,nala-standalone,raw-okhttp-again --concurrency 64,512 --rounds 15
      --round-millis 1000 --warmup-millis 8000)
    ;;
  slow-upstream)
    parts=(slow-upstream)
    slow_upstream=(--warmup-millis 3000 --steady-millis 10000 --recovery-millis 5000 --window-millis 250)
    ;;
  *)
    echo "Unknown mode '$mode'; expected quick, full, smoke, async or slow-upstream" >&2
    exit 2
    ;;
esac

jar=benchmarks/target/benchmarks.jar
if $build; then
  mvn -B -q -pl benchmarks -am package -DskipTests
fi
if [ ! -f "$jar" ]; then
  echo "$jar is missing: run without --no-build, or mvn -B verify first" >&2
  exit 1
fi

out="benchmarks/target/results/$mode-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"
report="$out/report.md"

# Mesh mode calls bench-service.default.svc.cluster.local: the JDK resolves it from this file,
# so the machine's own resolver and /etc/hosts are left alone.
hosts="$out/hosts"
printf '127.0.0.1 localhost\n127.0.0.1 bench-service.default.svc.cluster.local\n' > "$hosts"
java_opts=(-Xms512m -Xmx512m -Djdk.net.hosts.file="$hosts" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn)

{
  echo "# Nala benchmarks ($mode)"
  echo
  echo "- date: $(date -u +'%Y-%m-%d %H:%M UTC')"
  echo "- machine: $(nproc) CPU(s), $(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1)"
  echo "- JDK: $(java -version 2>&1 | head -1)"
  echo "- load average before the run: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
  echo "- command: benchmarks/run.sh $mode"
  echo
} > "$report"

section() { echo; echo "## $1"; echo; } >> "$report"
runs() { [[ " ${parts[*]} " == *" $1 "* ]]; }
# Runs java with the given arguments, a harness class that prints its own report section (kept
# in $out/<part>.md too); on failure prints what it said on stderr (kept in $out/<part>.err) and
# stops the run.
report_from() {
  local part="$1"
  shift
  java "$@" 2>"$out/$part.err" > "$out/$part.md" || { cat "$out/$part.md" >> "$report"; cat "$out/$part.err" >&2; exit 1; }
  cat "$out/$part.md" >> "$report"
}
# Draws the ratios of a load part's tables (throughput and p99 against raw OkHttp, per
# concurrency) as $out/<part>-ratios.png, next to the report, and links it from the report. No
# chart without a raw-okhttp row (smoke's async part). A chart that cannot be drawn is reported
# and skipped: it is a picture of the figures, not part of the measurement.
chart() {
  local part="$1" title="$2"
  if java -Djava.awt.headless=true -cp "$jar" dev.nala.benchmarks.RatioChart \
      "$out/$part.md" "$out/$part-ratios.png" "$title" 2>"$out/$part-chart.err"; then
    if [ -f "$out/$part-ratios.png" ]; then
      printf '\n![%s](%s)\n' "$title" "$part-ratios.png" >> "$report"
      echo "Chart: $out/$part-ratios.png" >&2
    else
      cat "$out/$part-chart.err" >&2
    fi
  else
    echo "No chart for $part (see $out/$part-chart.err)" >&2
  fi
}

if runs chain; then
  echo "Chain overhead (JMH, canned 200, -prof gc)..." >&2
  java "${java_opts[@]}" -jar "$jar" ChainOverheadBenchmark "${jmh_chain[@]}" -prof gc -foe true \
    -rf csv -rff "$out/chain.csv" > "$out/chain.log" 2>&1 || { tail -40 "$out/chain.log" >&2; exit 1; }
  section "Chain overhead: one call, network replaced by a canned 200 (ns/op, B/op)"
  java -cp "$jar" dev.nala.benchmarks.JmhTable "$out/chain.csv" >> "$report"
fi

if runs distinct; then
  echo "Chain overhead, a different URL on every call (JMH)..." >&2
  java "${java_opts[@]}" -jar "$jar" DistinctUrlsBenchmark "${jmh_chain[@]}" -prof gc -foe true \
    -p client=raw-okhttp,nala-mesh,nala-standalone,routed-by-hand,resilience4j-routed-by-hand,failsafe-routed-by-hand \
    -rf csv -rff "$out/distinct.csv" > "$out/distinct.log" 2>&1 || { tail -40 "$out/distinct.log" >&2; exit 1; }
  section "Chain overhead, a different URL on every call: the URL rewrite built each time (ns/op, B/op)"
  java -cp "$jar" dev.nala.benchmarks.JmhTable "$out/distinct.csv" >> "$report"
fi

if runs selection; then
  echo "Endpoint selection (JMH)..." >&2
  java "${java_opts[@]}" -jar "$jar" SelectionBenchmark "${jmh_select[@]}" -prof gc -foe true \
    -rf csv -rff "$out/selection.csv" > "$out/selection.log" 2>&1 || { tail -40 "$out/selection.log" >&2; exit 1; }
  section "Endpoint selection, one service (ns/op, B/op)"
  java -cp "$jar" dev.nala.benchmarks.JmhTable "$out/selection.csv" >> "$report"
fi

if runs load; then
  echo "Loopback load..." >&2
  section "Loopback load: keep-alive GETs to one local server, each client in a JVM of its own, taking turns"
  report_from load "${java_opts[@]}" -cp "$jar" dev.nala.benchmarks.LoopbackLoad "${load[@]}"
  chart load "Loopback load, execute(): ratios to raw OkHttp"
fi

if runs outage; then
  echo "Outage amplification..." >&2
  section "Total upstream outage: upstream requests per logical call"
  report_from outage "${java_opts[@]}" -cp "$jar" dev.nala.benchmarks.OutageAmplification "${outage[@]}"
fi

if runs footprint; then
  echo "Retained heap..." >&2
  section "Retained heap, standalone"
  report_from footprint -XX:+UseSerialGC -Xmx1g -cp "$jar" dev.nala.benchmarks.MemoryFootprint "${footprint[@]}"
fi

if runs async; then
  echo "Loopback load with enqueue()..." >&2
  section "Loopback load with enqueue(): calls in flight, each client in a JVM of its own, taking turns"
  report_from async "${java_opts[@]}" -cp "$jar" dev.nala.benchmarks.LoopbackLoad --api enqueue "${async_load[@]}"
  chart async "Loopback load, enqueue(): ratios to raw OkHttp"
fi

if runs slow-upstream; then
  echo "Slow upstream..." >&2
  section "Slow upstream: three instances, one answering 10x slower"
  report_from slow-upstream "${java_opts[@]}" -cp "$jar" dev.nala.benchmarks.SlowUpstream "${slow_upstream[@]}"
fi

if runs burst; then
  echo "Burst of enqueue() calls..." >&2
  section "A burst of 40 enqueue() calls to instances answering in 300 ms"
  report_from burst "${java_opts[@]}" -cp "$jar" dev.nala.benchmarks.AsyncBurst "${burst[@]}"
fi

echo "Report: $report" >&2
cat "$report"
