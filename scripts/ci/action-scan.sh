#!/usr/bin/env bash
# The scan step of action.yml (the GitHub Action): inputs arrive as environment variables, never
# spliced into the script, so a path or setting cannot run as code. The step records the exit
# code and the SARIF file as outputs and succeeds, so the SARIF is uploaded before the action
# fails on the findings in its last step.
set -uo pipefail
: "${GITHUB_ACTION_PATH:?is set by the runner to the folder of the action}"
: "${GITHUB_OUTPUT:?is set by the runner to the file of the step outputs}"

# Paths are separated by spaces or newlines (a path with a space in it is not supported).
read -r -d '' -a paths < <(printf '%s\0' "${EKSGUARD_PATHS:-.}" | tr '\n' ' ')
if [ "${#paths[@]}" -eq 0 ]; then paths=(.); fi
sarif="${EKSGUARD_SARIF:-eksguard.sarif}"
# A newline would write a step output of its own (exit-code=0): refuse it.
case "${sarif}${EKSGUARD_CONFIG:-}" in *$'\n'*|*$'\r'*) echo "eksguard: sarif-file and config must be one line" >&2; exit 2;; esac

args=(scan manifests --fail-on "${EKSGUARD_FAIL_ON:-high}" --output "sarif=${sarif}" --output table=- --no-store)
if [ -n "${EKSGUARD_CONFIG:-}" ]; then args+=(--config "${EKSGUARD_CONFIG}"); fi
# After `--` every word is a path: a file named `--fail-on=none` cannot switch anything off.
args+=(-- "${paths[@]}")

node "${GITHUB_ACTION_PATH}/bin/eksguard.js" "${args[@]}"
code=$?

echo "exit-code=${code}" >> "${GITHUB_OUTPUT}"
if [ -f "${sarif}" ]; then echo "sarif-file=${sarif}" >> "${GITHUB_OUTPUT}"; fi
exit 0
