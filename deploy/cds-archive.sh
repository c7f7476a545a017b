#!/usr/bin/env bash
# Writes lkscaler's class-data archive (AppCDS) next to its jar: one training start of `serve`,
# ended once it is ready, records the classes it loaded. Later starts map them from the archive
# instead of loading and verifying them again, which roughly halves the time to /readyz.
#
#   deploy/cds-archive.sh DIR [POLICY]
#
# DIR holds lkscaler.jar; the archive is DIR/lkscaler.jsa. Run it with the java, and the jar at
# the path, that will serve: the JVM takes the archive only then (it checks the jar's path, size and
# time), and otherwise starts without it. POLICY defaults to deploy/policy.yaml beside this script.
# The Dockerfile runs it at image build; for the plain jar, run it once after each build:
#   deploy/cds-archive.sh scaler/target && java -XX:SharedArchiveFile=scaler/target/lkscaler.jsa -jar scaler/target/lkscaler.jar serve ...
set -euo pipefail
dir="$(cd "${1:?usage: cds-archive.sh DIR [POLICY]}" && pwd)"
policy="${2:-$(dirname "$0")/policy.yaml}"
java="${JAVA:-java}"
grpc_port="${CDS_GRPC_PORT:-19091}"
http_port="${CDS_HTTP_PORT:-18081}"

rm -f "$dir/lkscaler.jsa"
# The Kubernetes client is built and its informers started against an API server that is not
# there (nothing listens on port 1): the training loads the client's classes without a cluster.
KUBERNETES_MASTER=http://127.0.0.1:1 KUBERNETES_NAMESPACE=keda \
  KUBERNETES_AUTH_TRYKUBECONFIG=false KUBERNETES_AUTH_TRYSERVICEACCOUNT=false \
  "$java" -XX:ArchiveClassesAtExit="$dir/lkscaler.jsa" -jar "$dir/lkscaler.jar" \
  serve --config "$policy" --kubernetes on --grpc-port "$grpc_port" --http-port "$http_port" \
  --shutdown-grace 1s >"$dir/cds-training.log" 2>&1 &
pid=$!

# GET a path of serve's HTTP port; prints the response. bash's /dev/tcp: the image has no curl.
get() {
  exec 3<>"/dev/tcp/127.0.0.1/$http_port" || return 1
  printf 'GET %s HTTP/1.0\r\nHost: localhost\r\n\r\n' "$1" >&3
  cat <&3
  exec 3<&-
}

# Waits until the response to GET $1 contains $2.
await() {
  for _ in $(seq 1 600); do
    if get "$1" 2>/dev/null | grep -qF "$2"; then return 0; fi
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "cds-archive: serve exited early; see $dir/cds-training.log" >&2
      exit 1
    fi
    sleep 0.1
  done
  kill -TERM "$pid"
  echo "cds-archive: $1 did not show $2 within 60 s; see $dir/cds-training.log" >&2
  exit 1
}

await /readyz " 200 "
# replica tracking starts with the first policy; its informers register this gauge
await /metrics 'lkscaler_kubernetes_watching{resource="deployments"}'
kill -TERM "$pid"
# 143: the documented exit code after SIGTERM
wait "$pid" || [ $? -eq 143 ]
test -s "$dir/lkscaler.jsa"
echo "cds-archive: wrote $dir/lkscaler.jsa"
