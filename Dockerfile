# One image for every role of the hub (HUB_ROLE=api|worker|all) and for the Azure emulator.
# Built from the repository root: docker build -t integration-hub .
# Node 24 (LTS); the code also runs on Node 20.19+, see docs/deployment.md ("Node.js versions").
FROM node:24-bookworm-slim AS build
WORKDIR /repo
RUN npm install -g pnpm@12.21.0
COPY . .
RUN pnpm install --frozen-lockfile && pnpm exec turbo run build --filter @hub/app... --filter @hub/azure-marketplace-emulator

FROM node:24-bookworm-slim
# A hub process keeps ~35-45 MB live; without a cap V8 lets garbage grow the heap to 3-4x that
# before collecting (worker RSS 208-241 MB in the benchmark); 256 MB of old space holds it near 160 MB.
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 NODE_OPTIONS=--max-old-space-size=256
WORKDIR /repo
COPY --from=build /repo /repo
USER node
EXPOSE 3000
ENTRYPOINT ["node", "apps/hub/dist/main.js"]
CMD ["serve"]
