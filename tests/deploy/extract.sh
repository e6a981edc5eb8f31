#!/usr/bin/env bash
# extract.sh DOC FROM TO: prints, as one script, the ```sh blocks of the
# numbered steps FROM..TO of DOC ("## N. Title" headings), in order, exactly
# as written. A block right after a line "<!-- deploy-test: skip REASON -->"
# is left out (REASON is required: it says how the test covers that step
# instead). Nothing else of the document is run.
set -euo pipefail
doc=${1:?usage: extract.sh DOC FROM TO} from=${2:?} to=${3:?}
awk -v from="$from" -v to="$to" -v doc="$doc" '
/^## [0-9]+\. / { step = $2 + 0 }
/^<!-- deploy-test: skip [^ ].*-->$/ { skip = 1; next }
/^<!-- deploy-test:/ { print "extract.sh: " doc ":" NR ": a skip needs a reason" > "/dev/stderr"; bad = 1 }
/^```sh$/ && !fence {
	fence = 1
	run = !skip && step >= from && step <= to
	if (run) printf "\n# %s:%d (step %d)\necho \"== %s:%d (step %d)\"\n", doc, NR, step, doc, NR, step
	next
}
/^```/ && fence { fence = 0; skip = 0; next }
fence && run { print }
END { if (fence) { print "extract.sh: unclosed fence" > "/dev/stderr"; exit 1 } if (bad) exit 1 }
' "$doc"
