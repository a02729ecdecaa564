#!/usr/bin/env bash
# The full benchmark suite, in one JMH run (about 12 minutes on 2 cores): builds benchmarks.jar, installs aimock
# (pinned in benchmarks/aimock/package-lock.json) with npm ci for the fake-server comparison, runs every benchmark with
# the forks and iterations its class declares and JMH's allocation profiler (-prof gc), writes the JMH JSON, and
# renders the charts and the results table (goal ratios with errors, all figures, bytes allocated per operation) into
# benchmarks/results/. Without Node.js and npm, the aimock benchmarks are left out, with a message.
# Extra arguments go to JMH (e.g. a benchmark regex to run a part).
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
mvn -B -ntp -q -pl benchmarks -am package -DskipTests
mkdir -p benchmarks/results
servers="chat-tck,aimock"
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "aimock benchmarks skipped: Node.js and npm are needed to run aimock (https://nodejs.org)" >&2
  servers="chat-tck"
elif ! (cd benchmarks/aimock && npm ci --no-audit --no-fund --loglevel=error); then
  echo "aimock benchmarks skipped: 'npm ci' failed in benchmarks/aimock" >&2
  servers="chat-tck"
else
  echo "aimock $(node -p 'require("./benchmarks/aimock/node_modules/@copilotkit/aimock/package.json").version') on Node.js $(node --version)"
fi
java -jar benchmarks/target/benchmarks.jar -p server="$servers" -prof gc \
  -rf json -rff benchmarks/results/jmh-results.json "$@" | tee benchmarks/results/jmh-output.txt
java -cp benchmarks/target/benchmarks.jar io.github.chattck.bench.Charts benchmarks/results/jmh-results.json
echo "charts and table: benchmarks/results/{pipelines.png,aggregation.png,results.md}"
echo "run-benchmarks.sh took $(( ($(date +%s) - started) / 60 )) min $(( ($(date +%s) - started) % 60 )) s"
