#!/usr/bin/env bash
# The printable check-in sheet as HR prints it: rendered by Chromium to an
# A4 PDF, then read back the way a person and a phone would: every code's
# digits are printed once, no card is cut by a page break, and every QR
# code decodes (zbarimg) to this server's check-in address for its card's
# code, and to nothing else.
. "$(dirname "$0")/lib.sh"
admin="$MDG_BUILD/madoguchi-admin"
dir="$MDG_STATE/sheet"
mkdir -p "$dir"
n=9

for tool in chromium pdfinfo pdftotext pdftoppm zbarimg; do
	command -v "$tool" >/dev/null || { t_begin "the sheet tools are installed"; t_fail "$tool is missing (scripts/deps.sh)"; exit 0; }
done

"$admin" -c "$MDG_CONF" cohort add sheetcheck "印刷確認" "Print check" >/dev/null
"$admin" -c "$MDG_CONF" round open sheetcheck --label "印刷" \
    --closes "$(date -d '+7 days' +%F)" --codes "$n" --out "$dir/sheet.html" >/dev/null
mapfile -t codes < <(grep -o '<p class="code" translate="no">[0-9-]*</p>' "$dir/sheet.html" | sed 's/<[^>]*>//g')
public=$(sed -n 's/^public_url = //p' "$MDG_CONF" | tail -n 1)
[ -n "$public" ] || public=$(grep -o 'https://[^<"]*/checkin' "$dir/sheet.html" | head -n 1 | sed 's|/checkin$||')

t_begin "Chromium prints the sheet to an A4 PDF"
timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage \
    --no-pdf-header-footer --print-to-pdf="$dir/sheet.pdf" "file://$dir/sheet.html" >"$dir/chromium.log" 2>&1
size=$(pdfinfo "$dir/sheet.pdf" 2>/dev/null | sed -n 's/^Page size: *\([0-9.]*\) x \([0-9.]*\) pts.*/\1 \2/p')
# A4 is 595 x 842 points
if awk -v s="$size" 'BEGIN { split(s, a, " "); exit !(a[1] > 590 && a[1] < 600 && a[2] > 837 && a[2] < 847) }'
then t_pass; else t_fail "page size '$size': $(tail -n 3 "$dir/chromium.log")"; fi
pages=$(pdfinfo "$dir/sheet.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')

t_begin "no card's text is cut off in print (each card's content fits its box)"
# Chromium itself, through the browser suite's playwright-core, in print media
cut=$(cd tests/browser && SHEET="file://$dir/sheet.html" timeout 120 node -e "
const { chromium } = require('playwright-core');
(async () => {
	const b = await chromium.launch({ executablePath: require('child_process')
		.execSync('command -v chromium').toString().trim(), args: ['--no-sandbox'] });
	const p = await b.newPage();
	await p.goto(process.env.SHEET);
	await p.emulateMedia({ media: 'print' });
	const n = await p.evaluate(() => [...document.querySelectorAll('.card')]
		.filter((c) => c.scrollHeight > c.clientHeight + 1 ||
		c.scrollWidth > c.clientWidth + 1).length);
	console.log(n);
	await b.close();
})().catch((e) => { console.log('error ' + e.message); });
" 2>&1)
[ "$cut" = 0 ] && t_pass || t_fail "cards whose text overflows: $cut"

t_begin "every code's digits are printed exactly once ($n cards, ${pages:-?} pages)"
pdftotext -layout "$dir/sheet.pdf" "$dir/sheet.txt"
bad=""
for c in "${codes[@]}"; do
	[ "$(grep -oF -- "$c" "$dir/sheet.txt" | wc -l)" = 1 ] || bad="$bad $c"
done
[ "${#codes[@]}" = "$n" ] && [ -z "$bad" ] && t_pass || t_fail "${#codes[@]} codes on the sheet; not once:$bad"

t_begin "no card is cut by a page break (each page holds whole cards)"
per=0 ok=1
for p in $(seq 1 "${pages:-0}"); do
	k=0
	for c in "${codes[@]}"; do
		pdftotext -f "$p" -l "$p" -layout "$dir/sheet.pdf" - | grep -qF -- "$c" && k=$((k + 1))
	done
	per=$((per + k))
	# a card's QR code and its digits land on the same page
	q=$(pdftoppm -f "$p" -l "$p" -r 150 -png "$dir/sheet.pdf" "$dir/p" && zbarimg --quiet --raw "$dir"/p-*.png 2>/dev/null | wc -l)
	rm -f "$dir"/p-*.png
	[ "$q" = "$k" ] || ok=0
done
[ "$per" = "$n" ] && [ $ok = 1 ] && t_pass || t_fail "$per codes over $pages pages, QR codes and digits apart on some page"

t_begin "every QR code decodes to the check-in address of its card's code, and nothing else"
pdftoppm -r 150 -png "$dir/sheet.pdf" "$dir/all"
zbarimg --quiet --raw "$dir"/all-*.png 2>/dev/null | sort >"$dir/decoded"
for c in "${codes[@]}"; do echo "$public/checkin?c=${c//-/}"; done | sort >"$dir/expected"
if [ -s "$dir/expected" ] && cmp -s "$dir/decoded" "$dir/expected"; then t_pass
else t_fail "decoded $(wc -l <"$dir/decoded"), expected $(wc -l <"$dir/expected"): $(diff "$dir/expected" "$dir/decoded" | head -n 4 | tr '\n' ' ')"; fi

t_begin "a decoded address opens that code's questions on this server"
first=$(head -n 1 "$dir/decoded")
new_visitor
OUT="$dir/q.html" hc "/checkin?${first#*checkin\?}" >/dev/null
grep -q 'name="k6_1"' "$dir/q.html" && t_pass || t_fail "no questions for ${first}"
