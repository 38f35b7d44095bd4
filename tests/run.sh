#!/usr/bin/env bash
# Installs what the tests need and is missing (Debian packages), checks both docker-compose files, builds once, runs every test project,
# and prints "N passed, N failed, N skipped". Fails when a test fails or when no test ran at all.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
[ -x /usr/bin/chromium ] || need+=(chromium fonts-liberation)
[ -x /usr/sbin/dovecot ] || need+=(dovecot-imapd)
[ -e /usr/lib/dovecot/managesieve ] || need+=(dovecot-managesieved)
# Cyrus IMAP, the second server brand: cyrus-common brings master and its tools; cyrus-imapd itself conflicts with
# dovecot-imapd, so its imapd is unpacked from the package below (CyrusServer looks there).
[ -x /usr/lib/cyrus/bin/master ] || need+=(cyrus-common)
[ -x /usr/sbin/saslpasswd2 ] || need+=(sasl2-bin)
[ -x /usr/bin/eatmydata ] || need+=(eatmydata)
[ -x /usr/lib/postgresql/15/bin/initdb ] || need+=(postgresql)
# The SMTP server the notification tests send to (SmtpServer runs it with Debian's own python3).
[ -d /usr/lib/python3/dist-packages/aiosmtpd ] || need+=(python3-aiosmtpd)
command -v docker-compose >/dev/null || need+=(docker-compose)
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing test prerequisites: ${need[*]}"
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo_cmd apt-get -o DPkg::Lock::Timeout=600 update -q
  $sudo_cmd apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends "${need[@]}"
fi

cyrus_imapd=/opt/movecenter-test/cyrus
if [ ! -x /usr/lib/cyrus/bin/imapd ] && [ ! -x "$cyrus_imapd/usr/lib/cyrus/bin/imapd" ]; then
  echo "Unpacking Cyrus's imapd into $cyrus_imapd"
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd mkdir -p "$cyrus_imapd"
  # apt-get download needs the package lists, which a fresh machine that had nothing else to install may lack.
  (cd "$cyrus_imapd" && { $sudo_cmd apt-get download cyrus-imapd || { $sudo_cmd apt-get -o DPkg::Lock::Timeout=600 update -q && $sudo_cmd apt-get download cyrus-imapd; }; } \
    && $sudo_cmd dpkg-deb -x cyrus-imapd_*.deb .)
fi
# Both production layouts must parse; docker-compose checks them without a Docker engine.
for compose in docker-compose.yml docker-compose.postgres.yml; do
  docker-compose --env-file .env.example -f "$compose" config -q
  echo "$compose: valid"
done

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT
dotnet build MoveCenter.sln -c Release -nologo -clp:ErrorsOnly

status=0
for project in tests/*/*.Tests.csproj; do
  name=$(basename "$project" .csproj)
  echo "== $name"
  dotnet test "$project" -c Release --no-build --nologo \
    --logger "trx;LogFileName=$results/$name.trx" --logger "console;verbosity=normal" \
    --results-directory "$results" -- RunConfiguration.CollectSourceInformation=false || status=1
done

passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); passed=$((passed + ${p:-0}))
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters"); failed=$((failed + ${f:-0}))
  total=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters")
  executed=$(sed -n 's/.* executed="\([0-9]*\)".*/\1/p' <<<"$counters")
  skipped=$((skipped + ${total:-0} - ${executed:-0}))
done

echo "$passed passed, $failed failed, $skipped skipped"
if [ "$passed" -eq 0 ]; then echo "No test ran: treating this as a failure."; exit 1; fi
if [ "$failed" -gt 0 ]; then status=1; fi
exit $status
