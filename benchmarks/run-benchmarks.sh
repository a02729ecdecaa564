#!/usr/bin/env bash
# The full benchmark suite, in one JMH run (about 12 minutes on 2 cores): builds benchmarks.jar, installs aimock
# (pinned in benchmarks/aimock/package-lock.json) with npm ci for the fake-server comparison, runs every benchmark with
# the forks and iterations its class declares and JMH's allocation profiler (-prof gc), writes the JMH JSON, and
# renders the charts and the results table (the README's goal tables, goal ratios with errors, all figures, bytes
# allocated per operation) into benchmarks/results/, and splices the goal tables between the lines
# <!-- benchmarks:start --> and <!-- benchmarks:end --> of README.md and docs/benchmarks.md where both markers exist.
# Without Node.js and npm, the aimock benchmarks are left out, with a message.
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
  AIMOCK_VERSION="aimock $(node -p 'require("./benchmarks/aimock/node_modules/@copilotkit/aimock/package.json").version') on Node.js $(node --version)"
  export AIMOCK_VERSION
  echo "$AIMOCK_VERSION"
fi
java -jar benchmarks/target/benchmarks.jar -p server="$servers" -prof gc \
  -rf json -rff benchmarks/results/jmh-results.json "$@" | tee benchmarks/results/jmh-output.txt
java -cp benchmarks/target/benchmarks.jar io.github.chattck.bench.Charts benchmarks/results/jmh-results.json
echo "charts and tables: benchmarks/results/{pipelines.png,aggregation.png,results.md,goal-tables.md}"
# the goal tables go between the markers of the documents that have both; the others are left alone
for doc in README.md docs/benchmarks.md; do
  if [ -f "$doc" ] && grep -q '^<!-- benchmarks:start -->' "$doc" && grep -q '^<!-- benchmarks:end -->' "$doc"; then
    awk -v tables=benchmarks/results/goal-tables.md '
      /^<!-- benchmarks:start -->/ { print; while ((getline line < tables) > 0) print line; skipping = 1; next }
      /^<!-- benchmarks:end -->/ { skipping = 0 }
      !skipping { print }' "$doc" > "$doc.tmp" && mv "$doc.tmp" "$doc"
    echo "goal tables spliced into $doc"
  fi
done
echo "run-benchmarks.sh took $(( ($(date +%s) - started) / 60 )) min $(( ($(date +%s) - started) % 60 )) s"
