#!/usr/bin/env bash
# sqlmap (Debian's) against every form and query parameter of the portal
# and the back office of a running demo server (issue 11).
#
#   go run ./cmd/pishkhan serve --demo --addr 127.0.0.1:18080 --data-dir /tmp/sq/data &
#   scripts/sqlmap.sh http://127.0.0.1:18080 /tmp/sq/report
#
# It signs in as the demo's ready customer and as the demo admin (enrolling
# the admin's authenticator with oathtool, Debian's oathtool package), lists
# the pages with `pishkhan routes`, and runs sqlmap --forms on every page
# without a path parameter, as whoever may open it, with the CSRF token
# refreshed from the page (scripts/forms.py lists each form once, without
# the ones that end the session). A summary line per form goes to the report.
set -euo pipefail
base=${1:-http://127.0.0.1:18080}
out=${2:-/tmp/sqlmap-report}
data_dir=${PISHKHAN_DATA_DIR:-/tmp/sq/data}
mkdir -p "$out"
jar_c="$out/customer.jar"
jar_s="$out/staff.jar"

token() { { grep -o 'name="csrf_token" value="[^"]*"' || true; } | head -1 | sed 's/.*value="//;s/"$//'; }

# The customer.
t=$(curl -s -c "$jar_c" -b "$jar_c" "$base/login" | token)
curl -s -o /dev/null -c "$jar_c" -b "$jar_c" --data-urlencode "csrf_token=$t" \
  --data-urlencode identifier=5678912348 --data-urlencode 'password=Kamel#Tulip-2049' "$base/login"

# The admin, through the authenticator's enrolment.
t=$(curl -s -c "$jar_s" -b "$jar_s" "$base/staff/login" | token)
curl -s -o /dev/null -c "$jar_s" -b "$jar_s" --data-urlencode "csrf_token=$t" \
  --data-urlencode username=admin --data-urlencode 'password=Pishkhan-Staff@1405' "$base/staff/login"
page=$(curl -s -c "$jar_s" -b "$jar_s" "$base/staff/two-factor/enrol")
secret=$(echo "$page" | grep -o 'id="totp-secret">[A-Z2-7 ]*' | sed 's/.*>//;s/ //g' || true)
if [ -z "$secret" ]; then
  echo "the admin has enrolled an authenticator already: run this against a fresh demo (a new --data-dir)" >&2
  exit 2
fi
t=$(echo "$page" | token)
curl -s -o /dev/null -c "$jar_s" -b "$jar_s" --data-urlencode "csrf_token=$t" \
  --data-urlencode "code=$(oathtool --totp -b "$secret")" "$base/staff/two-factor/enrol"

# curl marks HttpOnly cookies with a "#HttpOnly_" prefix in its jar.
cookie() { sed 's/^#HttpOnly_//' "$1" | awk '!/^#/ && NF>=7 {printf "%s=%s; ", $6, $7}'; }
cc=$(cookie "$jar_c"); sc=$(cookie "$jar_s")

pishkhan=${PISHKHAN_BIN:-pishkhan}
"$pishkhan" routes --data-dir "$data_dir" 2>/dev/null | awk '$1=="GET" && $2 !~ /[{]/ && $2 !~ /^\/static|png$|^\/captcha|^\/metrics|two-factor/ {print $2}' |
  sed 's/{\$}$//' | sort -u > "$out/pages.txt"

: > "$out/summary.txt"
: > "$out/targets.txt"
here=$(dirname "$0")
while read -r path; do
  jar=$jar_c
  case "$path" in /staff*) jar=$jar_s ;; esac
  curl -s -b "$jar" "$base$path" | python3 "$here/forms.py" "$path" | while IFS=$'\t' read -r method action data; do
    printf '%s\t%s\t%s\t%s\n' "$path" "$method" "$action" "$data"
  done >> "$out/targets.txt"
done < "$out/pages.txt"
sort -u -t$'\t' -k2,3 "$out/targets.txt" -o "$out/targets.txt"

n=0
while IFS=$'\t' read -r page method action data; do
  n=$((n + 1))
  # A fresh customer session per target: a probe may sign out or lock.
  : > "$jar_c"
  t=$(curl -s -c "$jar_c" -b "$jar_c" "$base/login" | token)
  curl -s -o /dev/null -c "$jar_c" -b "$jar_c" --data-urlencode "csrf_token=$t" \
    --data-urlencode identifier=5678912348 --data-urlencode 'password=Kamel#Tulip-2049' "$base/login"
  cc=$(cookie "$jar_c")
  c=$cc
  case "$page" in /staff*) c=$sc ;; esac
  if [ "$method" = GET ]; then target=(-u "$base$action?$data"); else target=(-u "$base$action" --data "$data"); fi
  sqlmap "${target[@]}" --cookie="$c" --csrf-token=csrf_token --csrf-url="$base$page" --batch --level=1 --risk=1 \
    --flush-session --output-dir="$out/sqlmap" --disable-coloring > "$out/target-$n.log" 2>&1 || true
  verdict=$(grep -E "appears to be|might be injectable|is vulnerable|do not appear to be injectable|all tested parameters" "$out/target-$n.log" | sed 's/^\[[0-9:]*\] //' | sort -u | tr '\n' ' ' || true)
  echo "$method $action (from $page): ${verdict:-no verdict, see target-$n.log}" | tee -a "$out/summary.txt"
done < "$out/targets.txt"
if grep -Eq "appears to be .*injectable|is vulnerable|might be injectable" "$out"/target-*.log; then
  echo "sqlmap found something: see $out" >&2
  exit 1
fi
echo "sqlmap: nothing injectable in $n forms of $(wc -l < "$out/pages.txt") pages" | tee -a "$out/summary.txt"
