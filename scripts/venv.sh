# shellcheck shell=bash
# Sourced by scripts/conformance.sh, scripts/checkov.sh and scripts/moto-deploy.sh (not run directly).
#
#   tool_venv NAME     prints the path of a ready venv built from scripts/requirements-NAME.txt
#
# The venv lives in ${FLEETFORM_CACHE:-$HOME/.cache/fleetform}/NAME. A stamp holds the requirements hash and the Python version (a change
# rebuilds it); a lock keeps concurrent runs from building it twice. Python is ${PYTHON:-python3}.

FLEETFORM_SCRIPTS="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

tool_venv() {
    local name="$1"
    local req="$FLEETFORM_SCRIPTS/requirements-$name.txt"
    local python="${PYTHON:-python3}"
    local cache="${FLEETFORM_CACHE:-$HOME/.cache/fleetform}"
    local venv="$cache/$name" want have="" lock
    mkdir -p "$cache"
    if command -v flock >/dev/null; then
        exec {lock}>"$cache/$name.lock"
        flock "$lock"
    fi
    # Hashed with Python, which is needed anyway (macOS has no sha256sum).
    want="$("$python" -c 'import hashlib, sys; print(hashlib.sha256(open(sys.argv[1], "rb").read()).hexdigest())' "$req") $("$python" -V 2>&1)"
    [[ -f "$venv/.stamp" ]] && have="$(cat "$venv/.stamp")"
    if [[ "$want" != "$have" ]]; then
        echo "$name: installing into $venv (first run only) ..." >&2
        rm -rf "$venv"
        if "$python" -m venv "$venv" >/dev/null 2>&1; then
            "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$req" >&2 ||
                { rm -rf "$venv"; return 1; }
        else
            # Debian without python3-venv: a venv without pip, filled by the system pip.
            rm -rf "$venv"
            { "$python" -m venv --without-pip "$venv" &&
              "$python" -m pip --python "$venv/bin/python" install --quiet \
                  --disable-pip-version-check -r "$req"; } >&2 ||
                { echo "$name: cannot build a venv; install python3-venv" >&2; rm -rf "$venv"; return 1; }
        fi
        echo "$want" >"$venv/.stamp"
    fi
    echo "$venv"
}
