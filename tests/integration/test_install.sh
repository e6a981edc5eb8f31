#!/usr/bin/env bash
# make install into a staging folder (DESTDIR) with PREFIX=/usr and with the
# default PREFIX: every program, template, catalog, migration, unit, example
# and man page lands where the units and the example configuration say, and
# the man pages are complete and render without a warning.
. "$(dirname "$0")/lib.sh"
stage="$MDG_STATE/stage"
log="$MDG_STATE/install.log"

t_begin "make install PREFIX=/usr DESTDIR=... succeeds"
if make -s -C "$project" BUILD="$build" PREFIX=/usr DESTDIR="$stage" install >"$log" 2>&1
then t_pass; else t_fail "$(tail -n 3 "$log")"; fi

t_begin "every program built is installed, executable, and runs"
bad=""
for b in "$build"/madoguchi-*; do
	[ -x "$b" ] || continue
	i="$stage/usr/bin/$(basename "$b")"
	if [ ! -x "$i" ] || ! "$i" --help >/dev/null 2>&1; then bad="$bad $(basename "$b")"; fi
done
ls "$stage/usr/bin/madoguchi-intake" "$stage/usr/bin/madoguchi-review" \
    "$stage/usr/bin/madoguchi-admin" >/dev/null 2>&1 || bad="$bad (one of the three)"
[ -z "$bad" ] && t_pass || t_fail "missing or broken:$bad"

t_begin "templates, catalogs, stylesheet and migrations are installed whole"
if diff -r "$project/templates" "$stage/usr/share/madoguchi/templates" >"$log" 2>&1 &&
    diff -r "$project/migrations" "$stage/usr/share/madoguchi/migrations" >>"$log" 2>&1 &&
    [ -f "$stage/usr/share/madoguchi/templates/messages/ja.po" ]
then t_pass; else t_fail "$(head -n 3 "$log")"; fi

t_begin "installed files are world-readable and not writable by others"
odd=$(find "$stage" \( -type f ! -perm -0444 \) -o -perm /0022 | head -n 3)
[ -z "$odd" ] && t_pass || t_fail "$odd"

t_begin "every unit is installed and names only installed paths under /usr"
bad=""
for u in "$project"/deploy/*.service "$project"/deploy/*.timer; do
	i="$stage/usr/lib/systemd/system/$(basename "$u")"
	[ -f "$i" ] || { bad="$bad $(basename "$u"):missing"; continue; }
	grep -q /usr/local "$i" && bad="$bad $(basename "$u"):/usr/local"
	for p in $(grep -oE '/usr/[^ ]+' "$i"); do
		[ -e "$stage$p" ] || bad="$bad $(basename "$u"):$p"
	done
done
[ -z "$bad" ] && t_pass || t_fail "$bad"

t_begin "the example configuration names the installed templates and migrations"
ex="$stage/usr/share/madoguchi/examples/madoguchi.conf.example"
if grep -q '^templates = /usr/share/madoguchi/templates$' "$ex" &&
    grep -q '^migrations = /usr/share/madoguchi/migrations$' "$ex" &&
    [ -f "$stage/usr/share/madoguchi/examples/pg_hba.conf.example" ] &&
    [ -f "$stage/usr/share/madoguchi/examples/torrc" ]
then t_pass; else t_fail "$(grep -E '^(templates|migrations)' "$ex" 2>&1)"; fi

t_begin "the four man pages are installed in their sections"
m="$stage/usr/share/man"
if [ -f "$m/man8/madoguchi-intake.8" ] && [ -f "$m/man8/madoguchi-review.8" ] &&
    [ -f "$m/man8/madoguchi-admin.8" ] && [ -f "$m/man5/madoguchi.conf.5" ]
then t_pass; else t_fail "$(find "$m" -type f | tr '\n' ' ')"; fi

t_begin "man --warnings prints nothing for any man page"
out=""
for p in "$project"/man/*.[1-8]; do
	w=$(man --warnings -l "$p" 2>&1 >/dev/null)
	[ -n "$w" ] && out="$out $(basename "$p"): $w"
done
[ -z "$out" ] && t_pass || t_fail "$out"

# The keys config.c accepts, from its key table: S(name), U(name), H(name)...
keys=$(sed -n '/cfg_keys\[\] = {/,/^};/p' "$project/server/common/config.c" |
    grep -oE '\b[SUZPBH]\([a-z_]+\)' | sed 's/^.(//; s/)$//')
t_begin "the key table of config.c is found (at least 30 keys)"
[ "$(echo "$keys" | wc -w)" -ge 30 ] && t_pass || t_fail "$(echo "$keys" | wc -w) keys"

t_begin "every configuration key is documented in madoguchi.conf(5)"
missing=""
for k in $keys; do
	grep -qE "^\.It Ic $k( |$)" "$project/man/madoguchi.conf.5" || missing="$missing $k"
done
[ -z "$missing" ] && t_pass || t_fail "not in madoguchi.conf.5:$missing"

t_begin "madoguchi.conf(5) documents no key that config.c does not accept"
extra=""
for k in $(sed -n 's/^\.It Ic \([a-z_]*\).*/\1/p' "$project/man/madoguchi.conf.5"); do
	echo "$keys" | grep -qx "$k" || extra="$extra $k"
done
[ -z "$extra" ] && t_pass || t_fail "unknown keys:$extra"

t_begin "every configuration key is in the README's configuration table"
missing=""
for k in $keys; do
	grep -qE "^\| .*\`$k\`.* \|" "$project/README.md" || missing="$missing $k"
done
[ -z "$missing" ] && t_pass || t_fail "not in README:$missing"

t_begin "make install without PREFIX installs under /usr/local"
stage2="$MDG_STATE/stage-local"
make -s -C "$project" BUILD="$build" DESTDIR="$stage2" install >"$log" 2>&1
if [ -x "$stage2/usr/local/bin/madoguchi-intake" ] &&
    grep -q 'ExecStart=/usr/local/bin/madoguchi-intake ' \
        "$stage2/usr/local/lib/systemd/system/madoguchi-intake.service"
then t_pass; else t_fail "$(tail -n 3 "$log")"; fi

t_begin "make uninstall removes what install put there"
make -s -C "$project" BUILD="$build" DESTDIR="$stage2" uninstall >"$log" 2>&1
left=$(find "$stage2" -type f | head -n 3)
[ -z "$left" ] && t_pass || t_fail "left: $left"
rm -rf "$stage" "$stage2"
