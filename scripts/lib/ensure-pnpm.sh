# Sourced. Makes sure pnpm 12.21.0 is on PATH, installing it with npm when missing (corepack fails
# on this registry mirror, see shared/research/ecosystem.md).
PNPM_VERSION=12.21.0
if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version 2>/dev/null)" != "$PNPM_VERSION" ]; then
  echo "› installing pnpm@$PNPM_VERSION with npm"
  npm install -g "pnpm@$PNPM_VERSION" >/dev/null
fi
export TURBO_TELEMETRY_DISABLED=1
