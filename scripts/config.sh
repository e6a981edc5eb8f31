#!/usr/bin/env bash
# Writes a configuration for a state directory: config.sh STATE PROJECT [PORT]
set -euo pipefail
state=$1 project=$2 port=${3:-8443} rport=${4:-9443}
cat <<CONF
# Madoguchi configuration (written by scripts/config.sh)
state_dir = $state
templates = $project/templates
migrations = $project/migrations
db_admin = host=$state/pg/run dbname=madoguchi user=madoguchi_admin
db_intake = host=$state/pg/run dbname=madoguchi user=madoguchi_intake
db_review = host=$state/pg/run dbname=madoguchi user=madoguchi_review
db_notify = host=$state/pg/run dbname=madoguchi user=madoguchi_notify
intake_port = $port
review_port = $rport
tls_cert = $state/tls/cert.pem
tls_key = $state/tls/key.pem
lookup_key = $state/keys/receipt-lookup.key
review_key = $state/keys/review-server.key
audit_key = $state/keys/audit.key
# mail notices (madoguchi-notify); smtp_url and smtp_from turn it on
review_url = https://localhost:$rport
checkin_key = $state/keys/checkin-lookup.key
public_url = https://localhost:$port
# what one reporter can store: per case in all, per session and minute
case_max_bytes = 52428800
case_max_files = 20
upload_per_min = 25165824
CONF
# As root, the servers drop to the cluster's unprivileged user once they
# have bound their ports and read their keys (it can reach the socket).
if [ "$(id -u)" -eq 0 ]; then
	echo "run_as = postgres"
fi
