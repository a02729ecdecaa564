#!/usr/bin/env bash
# The full benchmark suite (about 8 minutes on 2 cores): builds benchmarks.jar, runs every benchmark with one fork,
# writes the JMH JSON, and renders the charts and the figures table into benchmarks/results/.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -ntp -q -pl benchmarks -am package -DskipTests
mkdir -p benchmarks/results
java -jar benchmarks/target/benchmarks.jar -f 1 -wi 2 -w 1s -i 3 -r 1s \
  -rf json -rff benchmarks/results/jmh-results.json "$@" | tee benchmarks/results/jmh-output.txt
java -cp benchmarks/target/benchmarks.jar io.github.chattck.bench.Charts benchmarks/results/jmh-results.json
echo "charts and table: benchmarks/results/{pipelines.png,aggregation.png,results.md}"
