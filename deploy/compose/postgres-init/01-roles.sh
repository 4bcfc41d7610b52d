#!/bin/sh
# First start of the compose PostgreSQL: one role per service, allowed to connect and to create its own schema and
# nothing else (as provisionServiceRoles does in development); passwords from the compose secrets.
set -eu
for s in admin intake review certificate notification evaluation statistics exchange; do
  pw="$(cat "/run/secrets/db_password_${s}")"
  psql -v ON_ERROR_STOP=1 -U postgres -d yichuang -v role="yc_${s}" -v pw="${pw}" <<'SQL'
CREATE ROLE :"role" LOGIN PASSWORD :'pw';
GRANT CONNECT, CREATE ON DATABASE yichuang TO :"role";
SQL
done
