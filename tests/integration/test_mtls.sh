#!/usr/bin/env bash
# The review server can require client certificates (mutual TLS): without
# one, or with one from another CA, nothing is served.
. "$(dirname "$0")/lib.sh"
d="$MDG_STATE/mtls"
mkdir -p "$d"
mkca() {	# mkca NAME: a CA and a client certificate it signed
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
	    -keyout "$d/$1-ca.key" -out "$d/$1-ca.pem" -days 2 -subj "/CN=$1 CA" 2>/dev/null
	openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
	    -keyout "$d/$1-client.key" -out "$d/$1-client.csr" -subj "/CN=$1 counselor" 2>/dev/null
	openssl x509 -req -in "$d/$1-client.csr" -CA "$d/$1-ca.pem" -CAkey "$d/$1-ca.key" \
	    -CAcreateserial -out "$d/$1-client.pem" -days 2 2>/dev/null
}
mkca office
mkca other
p2=$(( ${MDG_REVIEW_URL##*:} + 1 ))
sed "s|^review_port = .*|review_port = $p2|" "$MDG_CONF" >"$d/conf"
echo "review_client_ca = $d/office-ca.pem" >>"$d/conf"
"$MDG_BUILD/madoguchi-review" -c "$d/conf" >"$d/review.log" 2>&1 &
pid=$!
sleep 1
get() { curl -s --http1.1 --cacert "$MDG_STATE/tls/cert.pem" -o /dev/null -w '%{http_code}' "$@" "https://localhost:$p2/login"; }

t_begin "with the office CA's client certificate the review server answers"
assert_eq "$(get --cert "$d/office-client.pem" --key "$d/office-client.key")" "200"
t_begin "without a client certificate it refuses"
st=$(get)
if [ "$st" != 200 ]; then t_pass; else t_fail "served without a certificate"; fi
t_begin "with a certificate from another CA it refuses"
st=$(get --cert "$d/other-client.pem" --key "$d/other-client.key")
if [ "$st" != 200 ]; then t_pass; else t_fail "served another CA's client"; fi
kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
