#!/usr/bin/env bash
# Routes out: every number in templates/data/contacts.tsv is shown, as a
# tel: link, on every page that needs it; 0570 numbers say they charge;
# the landing page says consulting will not be held against anyone.
. "$(dirname "$0")/lib.sh"
contacts="$(dirname "$0")/../../templates/data/contacts.tsv"
dir="$MDG_STATE/routes"
mkdir -p "$dir"

# the pages of each kind, fetched once
new_visitor
OUT="$dir/landing" hc / >/dev/null
OUT="$dir/wb-self" hc /report/wellbeing-self >/dev/null
OUT="$dir/wb-other" hc /report/wellbeing-other >/dev/null
OUT="$dir/h-self" hc /report/harassment-self >/dev/null
OUT="$dir/h-other" hc /report/harassment-other >/dev/null
file_report wellbeing-self "$dir/wb-receipt" -F selfharm=often -F "worry=test-routes-wb" >/dev/null
new_visitor
file_report harassment-self "$dir/h-receipt" -F category=sexual -F "what=test-routes-h" >/dev/null
new_visitor
file_report harassment-other "$dir/h-receipt-other" -F relation=colleague \
    -F category=power -F "what=test-routes-h2" >/dev/null
pages_of() {
	case $1 in
	crisis) echo landing wb-self wb-other wb-receipt ;;
	harassment) echo h-self h-other h-receipt h-receipt-other ;;
	esac
}

t_begin "the contacts file lists numbers"
n=$(grep -vc '^#' "$contacts")
[ "$n" -ge 8 ] && t_pass || t_fail "only $n"

while IFS=$'\t' read -r id number tel charge pages source checked; do
	case $id in '#'*|'') continue ;; esac
	t_begin "contact $id has a source and a date checked"
	if [ -n "$source" ] && [[ $checked =~ ^20[0-9]{2}-[01][0-9]-[0-3][0-9]$ ]]; then
		t_pass; else t_fail "source '$source' checked '$checked'"; fi
	for kind in ${pages//,/ }; do
		for p in $(pages_of "$kind"); do
			t_begin "$number ($id) is on the $p page as a tel: link"
			if grep -qF "href=\"tel:$tel\">$number</a>" "$dir/$p"; then
				t_pass; else t_fail "not found"; fi
			if [ "$charge" = navi ]; then
				t_begin "the $p page says $number charges the caller"
				grep -F "href=\"tel:$tel\"" "$dir/$p" | grep -qF "かけた人に通話料がかかります" &&
				    t_pass || t_fail "no charge note"
			fi
		done
	done
done < "$contacts"

t_begin "a harassment receipt shows the ward staff's personnel commission route"
assert_contains "$dir/h-receipt" "特別区人事委員会"
t_begin "a mental-health receipt does not show the harassment routes"
assert_not_contains "$dir/wb-receipt" 'class="routes"'

t_begin "the landing page says consulting is not held against anyone, naming the laws"
if grep -qF "不利益" "$dir/landing" && grep -qF "労働施策総合推進法 第30条の2第2項" "$dir/landing" &&
    grep -qF "男女雇用機会均等法 第11条第2項" "$dir/landing" &&
    grep -qF "育児・介護休業法 第25条第2項" "$dir/landing"; then t_pass; else t_fail "missing"; fi
t_begin "the crisis lines never claim a 24-hour multilingual service"
assert_not_contains "$dir/landing" "多言語対応"

t_begin "the harassment form names the HR unit from the configuration"
assert_contains "$dir/h-self" "（人事課）"
