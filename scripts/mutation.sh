#!/usr/bin/env bash
# Mutation testing: scripts/mutation.sh [--minutes N] [--tests TEST...] MODULE...
# mutates the named modules (mutmut 3), runs their own tests against each mutant within a time
# box, and prints the kill rate per module and the surviving mutants (details: mutation.py).
# Runs at the lowest CPU priority; not part of CI. Needs: pip install -e '.[mutation]'
set -euo pipefail
cd "$(dirname "$0")/.."
exec nice -n 19 python3 scripts/mutation.py "$@"
