#!/bin/sh
# tests/fuzz/run.sh DIR SECONDS — seeds the corpora of the six libFuzzer
# targets built in DIR (make fuzz) and runs each for SECONDS, two at a time
# (csv, policy, mapping in one lane, xml, xlsx, xscan in the other), with the limits of the
# issue (-max_len=65536 -timeout=10 -rss_limit_mb=2048). Logs go to
# DIR/fuzz-TARGET.log, crash/leak/timeout inputs to DIR/artifacts/.
# Exits 1 when any target stopped on a finding (or did not run).
set -u
dir=$1
secs=$2
case "$secs" in
  ''|*[!0-9]*|0) echo "tests/fuzz/run.sh: FUZZ_SECONDS must be a positive number of seconds (libFuzzer takes 0 as forever)" >&2; exit 2 ;;
esac
mkdir -p "$dir/artifacts" "$dir/corpus-csv" "$dir/corpus-xml" "$dir/corpus-policy" "$dir/corpus-xlsx" \
  "$dir/corpus-mapping" "$dir/corpus-xscan"

# Small copies of big sample files: the first records, then the last line
# (the closing root tag for the XML files).
trim() {  # FILE MAXBYTES
  awk -v max="$2" '{ n += length($0) + 1; print; if (n > max && (FILENAME ~ /\.csv$/ || /<\/record>/)) exit }' "$1"
  case "$1" in *.xml) tail -n 1 "$1" ;; esac
}

# CSV seeds carry the two control bytes of fuzz_csv.c in front: 0x08 =
# detect the encoding and the delimiter; 0xff = 64 KiB reads, 0x02 = 3-byte
# reads; 0x03 = GB18030 and comma forced, 0x10 = 17-byte reads.
for f in samples/*.csv samples/bad/*.csv; do
  b=$(basename "$f" .csv)
  { printf '\010\377'; cat "$f"; } > "$dir/corpus-csv/seed-$b-full"
  { printf '\010\002'; trim "$f" 4000; } > "$dir/corpus-csv/seed-$b-small3"
  { printf '\003\020'; trim "$f" 4000; } > "$dir/corpus-csv/seed-$b-gb17"
done
for f in samples/*.xml samples/bad/*.xml; do
  b=$(basename "$f" .xml)
  cp "$f" "$dir/corpus-xml/seed-$b-full"
  trim "$f" 4000 > "$dir/corpus-xml/seed-$b-small"
done
for f in samples/xlsx/*.xlsx; do
  [ -f "$f" ] && cp "$f" "$dir/corpus-xlsx/seed-$(basename "$f" .xlsx)"
done
# Scanner seeds: the sheets of the sample workbooks, whole (first byte 0:
# one read) and in 5-byte reads (fuzz_xscan.c).
python3 - "$dir/corpus-xscan" samples/xlsx/*.xlsx <<'PY'
import os, sys, zipfile
for f in sys.argv[2:]:
    z = zipfile.ZipFile(f)
    for n in z.namelist():
        if n.startswith('xl/worksheets/') and n.endswith('.xml'):
            b = os.path.basename(f)[:-5] + '-' + os.path.basename(n)[:-4]
            x = z.read(n)[:60000]
            open(os.path.join(sys.argv[1], 'seed-' + b), 'wb').write(b'\0' + x)
            open(os.path.join(sys.argv[1], 'seed-' + b + '-5'), 'wb').write(b'\5' + x[:4000])
PY
for f in templates/policy/*.xml; do
  cp "$f" "$dir/corpus-policy/seed-$(basename "$f" .xml)"
done
# Mapping seeds: each shipped mapping, then "====" and a table of the
# layout it reads (fuzz_mapping.c), and tests/fuzz/mapping-*.csv tables.
for f in templates/mappings/*.xml; do
  b=$(basename "$f" .xml)
  cp "$f" "$dir/corpus-mapping/seed-$b"
  for tb in tests/fuzz/mapping-*.csv; do
    { cat "$f"; printf '\n====\n'; cat "$tb"; } > "$dir/corpus-mapping/seed-$b-$(basename "$tb" .csv)"
  done
done
# Regression inputs found earlier are seeds too.
for f in tests/fuzz/regressions/*; do
  [ -f "$f" ] || continue
  b=$(basename "$f")
  case "$b" in
    csv-*) cp "$f" "$dir/corpus-csv/reg-$b" ;;
    xml-*) cp "$f" "$dir/corpus-xml/reg-$b" ;;
    policy-*) cp "$f" "$dir/corpus-policy/reg-$b" ;;
    xlsx-*) cp "$f" "$dir/corpus-xlsx/reg-$b" ;;
    mapping-*) cp "$f" "$dir/corpus-mapping/reg-$b" ;;
    xscan-*) cp "$f" "$dir/corpus-xscan/reg-$b" ;;
  esac
done

one() {  # TARGET
  "$dir/fuzz_$1" "$dir/corpus-$1" -dict="tests/fuzz/$1.dict" \
    -max_len=65536 -timeout=10 -rss_limit_mb=2048 -max_total_time="$secs" \
    -print_final_stats=1 -artifact_prefix="$dir/artifacts/$1-" \
    > "$dir/fuzz-$1.log" 2>&1
  echo $? > "$dir/fuzz-$1.rc"
}

rm -f "$dir"/fuzz-*.rc
echo "  FUZZ csv, xml, policy, xlsx, mapping, xscan: $secs s each, two at a time (logs in $dir/fuzz-*.log)"
( one csv; one policy; one mapping ) &
lane1=$!
one xml; one xlsx; one xscan
wait $lane1

status=0
for t in csv xml policy xlsx mapping xscan; do
  rc=$(cat "$dir/fuzz-$t.rc" 2>/dev/null || echo missing)
  stats=$(grep -E '^(#[0-9]+.*DONE|stat::number_of_executed_units|stat::average_exec_per_sec)' "$dir/fuzz-$t.log" | tr '\n' ' ')
  if [ "$rc" = 0 ]; then
    echo "ok   fuzz_$t: $stats"
  else
    echo "FAIL fuzz_$t: exit $rc (see $dir/fuzz-$t.log and $dir/artifacts/)"
    grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error|ALARM|artifact_prefix|Test unit written)' "$dir/fuzz-$t.log" | head -n 10
    status=1
  fi
done
exit $status
