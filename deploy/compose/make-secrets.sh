#!/bin/sh
# Random passwords and keys for deploy/compose/compose.yaml, written once into deploy/compose/secrets/ (never
# committed: .gitignore). Run again with --force to replace them (the database keeps the old role passwords).
set -eu
cd "$(dirname "$0")"
if [ -d secrets ] && [ "${1:-}" != "--force" ]; then echo "secrets/ exists; --force replaces it"; exit 0; fi
mkdir -p secrets && chmod 700 secrets
rand() { head -c "$1" /dev/urandom | base64 | tr -d '\n/+=' | head -c "$2"; }
services="admin intake review certificate notification evaluation statistics exchange"
rand 32 32 > secrets/pg_password
rand 48 48 > secrets/jwt_secret
printf 'k1:%s' "$(head -c 32 /dev/urandom | base64 | tr -d '\n')" > secrets/pii_keys
head -c 32 /dev/urandom | base64 | tr -d '\n' > secrets/pii_hmac_key
: > secrets/nats.env
for user in gateway $services dept_fgw dept_zrzy dept_zjj dept_sthj dept_rfb; do
  pw="$(rand 32 32)"
  upper="$(echo "$user" | tr '[:lower:]' '[:upper:]')"
  echo "NATS_PW_${upper}=${pw}" >> secrets/nats.env
  case "$user" in dept_*) ;; *) printf '%s' "$pw" > "secrets/nats_${user}" ;; esac
done
for s in $services; do
  pw="$(rand 32 32)"
  printf '%s' "$pw" > "secrets/db_password_${s}"
  printf 'postgres://yc_%s:%s@postgres:5432/yichuang' "$s" "$pw" > "secrets/database_url_${s}"
done
chmod 600 secrets/*
echo "secrets written to $(pwd)/secrets"
