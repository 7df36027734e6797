# Shared by the bench/proxy scripts (sourced): the servers a script starts, stopped when it
# exits, and the loopback ports they listen on.
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() { for _ in $(seq 1 300); do curl -s -o /dev/null "http://127.0.0.1:$1/healthz" && return 0; sleep 0.1; done; echo "port $1 never answered" >&2; exit 1; }
# /readyz answers 200: storage and upstream reachable and, with Warmup:Fetches, the start-up warm-up over.
wait_ready() { for _ in $(seq 1 1200); do curl -sf -o /dev/null "http://127.0.0.1:$1/readyz" && return 0; sleep 0.1; done; echo "port $1 never became ready" >&2; exit 1; }
