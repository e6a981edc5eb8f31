#!/usr/bin/env bash
# Backup and restore, once for real: dump, restore into a fresh cluster,
# and a receipt from before the backup still opens its case there.
. "$(dirname "$0")/lib.sh"
page="$MDG_STATE/bk.html"
new_visitor
file_report harassment-self "$page" -F category=power -F "what=BACKUP-TEXT-survives" >/dev/null
receipt=$(receipt_of "$page")

r="$MDG_STATE/restore"
mkdir -p "$r/keys" "$r/tls"
chmod 711 "$r"
pg_dump -h "$MDG_PG_RUN" -U madoguchi_admin --format=plain madoguchi >"$r/dump.sql"
"$project/scripts/pg.sh" init "$r" >/dev/null
psql -X -q -h "$r/pg/run" -U madoguchi_admin -d madoguchi \
    -c 'CREATE ROLE madoguchi_intake LOGIN' -c 'CREATE ROLE madoguchi_review LOGIN' \
    -c 'CREATE ROLE madoguchi_notify LOGIN' >/dev/null
t_begin "the dump restores into a fresh cluster without errors"
if psql -X -q -h "$r/pg/run" -U madoguchi_admin -d madoguchi -v ON_ERROR_STOP=1 \
    -f "$r/dump.sql" >"$r/restore.log" 2>&1; then t_pass; else t_fail "$(tail -n 3 "$r/restore.log")"; fi
cp "$MDG_STATE"/keys/*.key "$r/keys/"
cp "$MDG_STATE"/tls/*.pem "$r/tls/"
p2=$(( ${MDG_INTAKE_URL##*:} + 1 ))
sed "s|$MDG_STATE/pg/run|$r/pg/run|g; s|^intake_port = .*|intake_port = $p2|; s|$MDG_STATE/keys|$r/keys|g" \
    "$MDG_CONF" >"$r/madoguchi.conf"
"$MDG_BUILD/madoguchi-intake" -c "$r/madoguchi.conf" >"$r/intake.log" 2>&1 &
pid=$!
for _ in $(seq 1 50); do
	curl -s --cacert "$MDG_STATE/tls/cert.pem" -o /dev/null "https://localhost:$p2/" && break
	sleep 0.1
done
t_begin "a receipt from before the backup opens its case on the restored copy"
new_visitor
MDG_INTAKE_URL=https://localhost:$p2
st=$(open_case "$receipt")
OUT="$page" hc /case >/dev/null
[ "$st" = 303 ] && grep -q "BACKUP-TEXT-survives" "$page" && t_pass || t_fail "status $st"
kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
"$project/scripts/pg.sh" stop "$r" >/dev/null
