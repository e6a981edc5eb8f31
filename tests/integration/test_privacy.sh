#!/usr/bin/env bash
# The store holds nothing readable: after submissions with unique markers
# in text, identity and file bytes, neither a database dump, nor the raw
# cluster files (WAL included), nor the server's log contain any of them,
# nor the receipt, nor the client's address or User-Agent.
. "$(dirname "$0")/lib.sh"
page="$MDG_STATE/priv.html"
m=$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
text="TEXTMARK$m" name="NAMEMARK$m" file="FILEMARK$m" reply="REPLYMARK$m" ja="秘密の印$m"
printf 'PNG-ish %s bytes\n' "$file" >"$MDG_STATE/marker.bin"

file_report harassment-self "$page" -F category=power -F "what=$text $ja" \
    -F "who_detail=$text" -F "contact_name=$name" -F "contact_how=$name@example.org" \
    -F "files=@$MDG_STATE/marker.bin;type=image/png" -A "UA-MARK-$m" >/dev/null
receipt=$(receipt_of "$page")
digits=${receipt//-/}
file_report wellbeing-self "$page" -F k6_1=4 -F selfharm=often -F "worry=$text" >/dev/null
open_case "$receipt" >/dev/null
OUT="$page" hc /case >/dev/null
tok=$(csrf_of "$page")
hc /case/reply -F "csrf=$tok" -F "message=$reply" -F "files=@$MDG_STATE/marker.bin" >/dev/null
hc /case/identity --data-urlencode "csrf=$tok" --data-urlencode "name=$name" --data-urlencode confirm=yes >/dev/null

t_begin "the markers were really submitted (the case shows them decrypted)"
OUT="$page" hc /case >/dev/null
assert_contains "$page" "$reply"

dump="$MDG_STATE/dump.sql"
pg_dump -h "$MDG_PG_RUN" -U madoguchi_admin madoguchi >"$dump"
t_begin "the dump is real (it holds the cases table)"
assert_contains "$dump" "COPY public.cases"
for mark in "$text" "$name" "$file" "$reply" "$ja" "$digits" "$receipt" "UA-MARK-$m"; do
	t_begin "database dump does not contain ${mark:0:12}..."
	assert_not_contains "$dump" "$mark"
done

psql_admin "CHECKPOINT" >/dev/null
for mark in "$text" "$name" "$file" "$reply" "$digits"; do
	t_begin "raw cluster files and WAL do not contain ${mark:0:12}..."
	if grep -rqaF -- "$mark" "$MDG_STATE/pg/data"; then t_fail "found on disk"; else t_pass; fi
done

for mark in "$text" "$name" "$file" "$digits" "UA-MARK-$m" "127.0.0.1" "::1" "curl/"; do
	t_begin "server log does not contain ${mark:0:12}"
	assert_not_contains "$MDG_STATE/intake.log" "$mark"
done

t_begin "what stays in the clear is only the listed metadata"
cols=$(psql_admin "SELECT string_agg(column_name, ',' ORDER BY ordinal_position) FROM information_schema.columns WHERE table_name = 'cases'")
assert_eq "$cols" "id,channel_id,category,receipt_lookup,reporter_salt,reporter_ops,reporter_mem,status,priority,assignee,created_at,updated_at,ack_due,response_due,feedback_due,closed_at,outcome,labels,form,record_consent,reporter_kdf"
t_begin "timestamps are coarsened to the hour"
assert_eq "$(psql_admin "SELECT count(*) FROM records WHERE created_at <> date_trunc('hour', created_at)")" "0"
t_begin "attachment sizes in the clear are rounded to 64 KiB"
assert_eq "$(psql_admin "SELECT count(*) FROM attachments WHERE size_rounded % 65536 <> 0")" "0"
