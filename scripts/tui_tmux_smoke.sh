#!/usr/bin/env bash
# Smoke test of `kb tui` in a real terminal: tmux runs it, we type a search for "Flers", open
# the CLS Flers Agglo, and check that the screen shows it with its source quote and line.
#
# Needs: tmux, a running Neo4j holding the extracts (`kb db start && kb seed load`), and the
# same MAILLAGE_* / NEO4J_* environment you would give `kb` (it is passed on to the TUI).
# Exit codes: 0 ok; 1 expected text not on screen; 2 tmux missing; 3 database not reachable.
#
#   scripts/tui_tmux_smoke.sh            # uses .venv/bin/kb when present, else kb on PATH
#   KEEP=1 scripts/tui_tmux_smoke.sh     # leave the tmux session open to look at it
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
KB="${KB:-$ROOT/.venv/bin/kb}"
[ -x "$KB" ] || KB="$(command -v kb || true)"
WIDTH=140
HEIGHT=45
SESSION="maillage-smoke-$$"

if ! command -v tmux >/dev/null 2>&1; then
    echo "tui_tmux_smoke: tmux is not installed. Install it (Debian/Ubuntu: apt-get update && apt-get install -y tmux;" >&2
    echo "macOS: brew install tmux) and run this script again." >&2
    exit 2
fi
if [ -z "$KB" ]; then
    echo "tui_tmux_smoke: no kb command (run make install, or set KB=/path/to/kb)." >&2
    exit 2
fi
if ! "$KB" summary >/dev/null 2>&1; then
    echo "tui_tmux_smoke: the database does not answer (kb summary failed): start it with kb db start, load kb seed load." >&2
    exit 3
fi

# tmux starts commands with its server's environment, not ours: pass the settings explicitly.
ENVS=()
while IFS='=' read -r name _; do
    case "$name" in MAILLAGE_*|NEO4J_*) ENVS+=("$name=${!name}") ;; esac
done < <(env)
printf -v COMMAND '%q ' env "${ENVS[@]}" TERM=xterm-256color "$KB" tui

cleanup() {
    if [ -z "${KEEP:-}" ]; then tmux kill-session -t "$SESSION" 2>/dev/null || true; fi
}
trap cleanup EXIT

screen() { tmux capture-pane -t "$SESSION" -p 2>/dev/null || true; }

# wait_for TEXT SECONDS: poll the screen until TEXT shows (fixed string), or fail.
wait_for() {
    local text="$1" deadline=$((SECONDS + $2))
    while [ "$SECONDS" -lt "$deadline" ]; do
        if screen | grep -qF -- "$text"; then return 0; fi
        sleep 0.2
    done
    echo "tui_tmux_smoke: FAILED, never saw: $text" >&2
    echo "---- screen ----" >&2
    screen >&2
    echo "----------------" >&2
    exit 1
}

tmux new-session -d -s "$SESSION" -x "$WIDTH" -y "$HEIGHT" "cd $(printf '%q' "$ROOT") && $COMMAND"
wait_for "What the graph holds" 30
tmux send-keys -t "$SESSION" -l "Flers"
wait_for "result(s) for 'Flers'" 15
wait_for "CLS Flers Agglo" 5
tmux send-keys -t "$SESSION" -l " cls"          # narrow to the contract, then open the first hit
wait_for "result(s) for 'Flers cls'" 15
tmux send-keys -t "$SESSION" Enter
wait_for "Provenance" 15
wait_for "CLS Flers Agglo  Mechanism" 5
wait_for "Avec CLS Flers agglo (signé le 22/11/23)" 5
wait_for "line 1864" 5
tmux send-keys -t "$SESSION" q
for _ in $(seq 50); do
    tmux has-session -t "$SESSION" 2>/dev/null || break
    sleep 0.1
done
if tmux has-session -t "$SESSION" 2>/dev/null; then
    echo "tui_tmux_smoke: FAILED, q did not quit the TUI" >&2
    exit 1
fi
echo "tui_tmux_smoke: ok (search 'Flers' -> CLS Flers Agglo with its quote, line 1864, in a ${WIDTH}x${HEIGHT} tmux)"
