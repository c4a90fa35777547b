# Sourced. Makes sure the server binaries the tests start privately are installed: Debian's
# redis-server and the PostgreSQL server (initdb/pg_ctl), and Debian's chromium for the console's
# browser tests (Playwright's own browser download is not reachable here; CHROMIUM_PATH overrides). The tests start and stop their own
# throwaway instances; nothing here starts a service.
need_apt=()
command -v redis-server >/dev/null 2>&1 || need_apt+=(redis-server)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need_apt+=(postgresql)
command -v psql >/dev/null 2>&1 || need_apt+=(postgresql-client)
if [ "${SKIP_BROWSER:-0}" != "1" ] && [ -z "${CHROMIUM_PATH:-}" ] && [ ! -x /usr/bin/chromium ]; then
  need_apt+=(chromium fonts-liberation)
fi
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ]; then
    echo "› installing ${need_apt[*]} with apt-get"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
  else
    echo "missing ${need_apt[*]}: install with: sudo apt-get install -y ${need_apt[*]}" >&2
    exit 1
  fi
fi
