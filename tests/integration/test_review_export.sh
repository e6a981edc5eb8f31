#!/usr/bin/env bash
# A case export is checked against export_max on the stored sizes before
# any file is fetched or decrypted (the refusal is audited, and the review
# server's peak memory does not grow by the files), and an export within
# the limit holds every file intact. Runs after test_review.sh, which
# counts the case.export entries.
. "$(dirname "$0")/lib.sh"
page="$MDG_STATE/rx.html" mib=1048576
head -c $((9 * mib)) /dev/urandom >"$MDG_STATE/rx1.bin"
head -c $((9 * mib)) /dev/urandom >"$MDG_STATE/rx2.bin"
printf 'small-export-file' >"$MDG_STATE/rx3.txt"

make_user exporter counselor harassment >/dev/null
make_user exporter2 counselor harassment >/dev/null
new_visitor
file_report harassment-self "$page" -F category=power -F "what=export-size-text" \
    -F "files=@$MDG_STATE/rx1.bin" -F "files=@$MDG_STATE/rx2.bin" \
    -F "files=@$MDG_STATE/rx3.txt" >/dev/null
case_id=$(psql_admin "SELECT id FROM cases ORDER BY created_at DESC, xmin::text::bigint DESC LIMIT 1")
t_begin "the big case was filed with its three files"
assert_eq "$(psql_admin "SELECT count(*) FROM attachments WHERE case_id = '$case_id'")" "3"

# Peak resident memory of the review server since the last reset (the
# reset needs the right to write its clear_refs: root, or the same user).
hwm() { sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$(cat "$MDG_STATE/review.pid")/status"; }
hwm_reset() { echo 5 >"/proc/$(cat "$MDG_STATE/review.pid")/clear_refs"; }

with_conf "export_max = $((4 * mib))"
new_visitor
login exporter >/dev/null
OUT="$page" rc "/c/$case_id" >/dev/null	# the report decrypted once already
t_begin "an export larger than export_max is refused (413)"
if hwm_reset 2>/dev/null; then can_reset=1; else can_reset=0; fi
before=$(hwm)
assert_eq "$(OUT="$page" rc "/c/$case_id/export")" "413"
after=$(hwm)
t_begin "the refusal says why, and that nothing was decrypted"
assert_contains "$page" "何も復号していません"
t_begin "the refusal is audited, and no export is"
assert_eq "$(psql_admin "SELECT string_agg(action, ',') FROM audit_log
    WHERE case_id = '$case_id' AND action LIKE 'case.export%'")" "case.export_refused"
t_begin "no file was fetched or decrypted: peak memory grew by less than one file"
if [ "$can_reset" = 0 ]; then
	t_fail "cannot reset the review server's peak memory (run as root or its user)"
elif [ $((after - before)) -lt $((4 * 1024)) ]; then t_pass
else t_fail "peak memory grew by $((after - before)) kB"; fi
restore_conf

new_visitor
login exporter2 >/dev/null
t_begin "within export_max the export is a ZIP"
assert_eq "$(OUT="$MDG_STATE/rx.zip" rc "/c/$case_id/export")" "200"
t_begin "the ZIP is sound and every file comes out intact"
ok=1
unzip -tq "$MDG_STATE/rx.zip" >/dev/null 2>&1 || ok=0
for f in rx1.bin rx2.bin rx3.txt; do
	unzip -p "$MDG_STATE/rx.zip" "files/*-$f" 2>/dev/null | cmp -s - "$MDG_STATE/$f" || ok=0
done
[ $ok = 1 ] && t_pass || t_fail "a file differs or the archive is broken"
t_begin "the export is audited"
assert_eq "$(psql_admin "SELECT count(*) FROM audit_log WHERE case_id = '$case_id' AND action = 'case.export'")" "1"
