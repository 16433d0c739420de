#!/bin/sh
# Fails if any SQL in the project is built from formatted strings.
#
# Every statement must be a string literal with bound parameters. Two
# patterns are refused:
#   1. a printf-style call (g_strdup_printf, g_string_printf, …) whose
#      format holds an SQL keyword;
#   2. an SQL entry point (sqlite3_exec, sqlite3_prepare*, and the
#      project's thin wrappers around them: duban_store_exec,
#      duban_store_prepare, prepare, exec, count_rows) whose SQL argument
#      is neither a string literal nor a wrapper's own parameter `sql`
#      passed through (the wrapper's callers are checked in turn).
# A line may be excused with a comment "sql-ok:" and the reason, on the
# line itself or the line before (e.g. PRAGMA user_version, which SQLite
# cannot bind).
set -u

top=${1:-$(dirname "$0")/../..}
entry='(\<sqlite3_exec|\<sqlite3_prepare(_v2|_v3)?|\<duban_store_exec|\<duban_store_prepare|(^|[^_a-z])prepare|(^|[^_a-z])exec|\<count_rows|\<duban_test_count_rows)' 
status=0

report() {
  echo "check-sql: $1"
  status=1
}

for file in $(find "$top/src" "$top/tests" -name '*.c' | sort); do
  # 1. formatted SQL
  grep -nE '(printf|_printf|append_printf)[[:space:]]*\([^;]*"[^"]*\b(SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|PRAGMA|REPLACE INTO)\b' "$file" |
  while IFS= read -r hit; do
    line=${hit%%:*}
    prev=$((line - 1))
    if sed -n "${prev}p;${line}p" "$file" | grep -q 'sql-ok:'; then continue; fi
    echo "$file:$hit"
  done > /tmp/check-sql.$$ 2>/dev/null
  if [ -s /tmp/check-sql.$$ ]; then
    while IFS= read -r l; do report "formatted SQL: $l"; done < /tmp/check-sql.$$
  fi

  # 2. non-literal SQL given to an entry point (the tests may use the
  #    sqlite3 API directly, with literals too)
  grep -nE "$entry[[:space:]]*\\(" "$file" |
  while IFS= read -r hit; do
    line=${hit%%:*}
    # the SQL argument is the second one; accept a literal starting on this
    # or the next line
    text=$(sed -n "${line},$((line + 1))p" "$file" | tr '\n' ' ')
    case "$text" in
      *'sql-ok:'*) continue ;;
    esac
    prev=$((line - 1))
    if sed -n "${prev}p" "$file" | grep -q 'sql-ok:'; then continue; fi
    # strip up to the first comma after the call: what follows must be a literal
    # a definition (the name at the start of a line) is not a call
    case "$(sed -n "${line}p" "$file")" in
      [a-z_]*) continue ;;
    esac
    after=$(printf '%s' "$text" | sed -E "s/.*$entry[[:space:]]*\\([^,]*,[[:space:]]*//")
    case "$after" in
      \"*) ;;
      sql,*|sql\)*) ;;
      *) echo "$file:$hit" ;;
    esac
  done > /tmp/check-sql.$$ 2>/dev/null
  if [ -s /tmp/check-sql.$$ ]; then
    while IFS= read -r l; do report "SQL not a literal: $l"; done < /tmp/check-sql.$$
  fi
done
rm -f /tmp/check-sql.$$

if [ $status -eq 0 ]; then
  echo "check-sql: every SQL statement is a literal with bound parameters"
fi
exit $status
