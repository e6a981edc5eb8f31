#!/usr/bin/env bash
# "Check before sending" on the report forms: the answers come back as they
# will be sent (escaped, options in words, files by name and size) with
# "send" and "change"; nothing is filed, the form token stays good for the
# real send, and a review of an incomplete form is the form with its errors.
. "$(dirname "$0")/lib.sh"
page="$MDG_STATE/cbs.html"
cases() { psql_admin "SELECT count(*) FROM cases"; }
hostile='<script>alert(1)</script> & "quoted" 上司に言われた'

new_visitor
OUT="$page" hc /report/harassment-self >/dev/null
csrf=$(csrf_of "$page") ft=$(form_token_of "$page")
t_begin "the form offers the review step next to send"
assert_contains "$page" 'id="review" name="review" value="1"'

head -c 3000 /dev/urandom >"$MDG_STATE/cbs-evidence.bin"
before=$(cases)
t_begin "review answers 200"
assert_eq "$(OUT="$page" hc /report/harassment-self -F "csrf=$csrf" -F "form_token=$ft" \
    -F category=power -F power_types=verbal --form-string "what=$hostile" -F review=1 \
    -F "files=@$MDG_STATE/cbs-evidence.bin;filename=写真-1.bin")" "200"
t_begin "the review page is the review, not a receipt"
if grep -q 'id="review-answers"' "$page" && ! grep -q 'id="receipt"' "$page"; then
	t_pass; else t_fail "not the review page"; fi
t_begin "review files nothing"
assert_eq "$(cases)" "$before"
t_begin "the typed text is shown escaped"
assert_contains "$page" '&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quoted&quot; 上司に言われた'
t_begin "and never as markup"
assert_not_contains "$page" '<script>alert(1)'
t_begin "a choice is shown in words"
assert_contains "$page" '<span class="answer">パワーハラスメント</span>'
t_begin "each checked box is shown in words"
assert_contains "$page" '精神的な攻撃（暴言、人前での叱責、脅しなど）'
t_begin "a file is listed by name and size"
assert_contains "$page" '<span translate="no">写真-1.bin</span> <span class="size">3 KB</span>'
t_begin "and the page asks for files to be chosen again (they are not carried)"
assert_contains "$page" 'type="file" id="f-files" name="files"'
t_begin "the answers travel in the page's own form, escaped"
assert_contains "$page" "<input type=\"hidden\" name=\"what\" value=\"&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quoted&quot; 上司に言われた\">"
t_begin "both checked values travel"
assert_contains "$page" '<input type="hidden" name="power_types" value="verbal">'
t_begin "the review page carries the same form token"
assert_eq "$(form_token_of "$page")" "$ft"
t_begin "with send and change buttons"
if grep -q 'id="send"' "$page" && grep -q 'id="change" name="change"' "$page"; then
	t_pass; else t_fail "buttons missing"; fi
t_begin "a control name sent as an answer is not carried back"
assert_not_contains "$page" 'name="review" value'

t_begin "change brings the form back with what was typed, nothing filed"
st=$(OUT="$page" hc /report/harassment-self -F "csrf=$csrf" -F "form_token=$ft" \
    -F category=power --form-string "what=$hostile" -F change=1)
if [ "$st" = 200 ] && grep -q 'id="review" name="review"' "$page" &&
    grep -qF '&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quoted&quot; 上司に言われた</textarea>' "$page" &&
    grep -q 'value="power" checked' "$page" && [ "$(cases)" = "$before" ]; then
	t_pass; else t_fail "status $st or values lost"; fi

t_begin "review of an incomplete form is the form with its errors (400), not a review"
st=$(OUT="$page" hc /report/harassment-self -F "csrf=$csrf" -F "form_token=$ft" \
    -F "what=only text" -F review=1)
if [ "$st" = 400 ] && grep -q 'id="errors"' "$page" && ! grep -q 'id="review-answers"' "$page"; then
	t_pass; else t_fail "status $st"; fi

t_begin "review without the CSRF token is refused (403)"
assert_eq "$(OUT="$page" hc /report/harassment-self -F "form_token=$ft" -F category=power \
    -F "what=x" -F review=1)" "403"

t_begin "after the review the same form token still files, once"
st=$(OUT="$page" hc /report/harassment-self -L -F "csrf=$csrf" -F "form_token=$ft" \
    -F category=power --form-string "what=$hostile")
if [ "$st" = 200 ] && [ -n "$(receipt_of "$page")" ] && [ "$(cases)" = $((before + 1)) ]; then
	t_pass; else t_fail "status $st, $(( $(cases) - before )) cases"; fi
t_begin "a review after that token filed files nothing more"
OUT="$page" hc /report/harassment-self -F "csrf=$csrf" -F "form_token=$ft" \
    -F category=power -F "what=again" -F review=1 >/dev/null
assert_eq "$(cases)" "$((before + 1))"

t_begin "review of a mental-health form shows the crisis lines too"
new_visitor
OUT="$page" hc /report/wellbeing-self >/dev/null
csrf=$(csrf_of "$page") ft=$(form_token_of "$page")
OUT="$page" hc /report/wellbeing-self -F "csrf=$csrf" -F "form_token=$ft" \
    -F selfharm=no -F "worry=眠れない" -F review=1 >/dev/null
if grep -q 'id="review-answers"' "$page" && grep -q 'class="crisis"' "$page"; then
	t_pass; else t_fail "no crisis lines on the review"; fi
t_begin "in English the review speaks English"
new_visitor
hc /lang/en >/dev/null
OUT="$page" hc /report/harassment-other >/dev/null
csrf=$(csrf_of "$page") ft=$(form_token_of "$page")
OUT="$page" hc /report/harassment-other -F "csrf=$csrf" -F "form_token=$ft" \
    -F relation=colleague -F category=customer -F "what=seen" -F review=1 >/dev/null
assert_contains "$page" 'Check what you are sending'
