#!/usr/bin/env bash
# Regenerates the compatibility matrix in README.md and docs/compat-matrix.md: runs the conformance kit over the wire
# against every real client of compat/* (each CompatMatrixTest asserts the client's exact findings, so the build fails
# if a client changed), then renders the scorecards they wrote. About 2 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -ntp -q -pl compat/support,compat/openai-java,compat/anthropic-java,compat/langchain4j,compat/spring-ai -am \
    test dependency:build-classpath -Dtest=CompatMatrixTest -Dsurefire.failIfNoSpecifiedTests=false \
    -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
java -cp "compat/support/target/classes:$(cat compat/support/target/classpath.txt)" io.github.chattck.compat.MatrixRenderer .
