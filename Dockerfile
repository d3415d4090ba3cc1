# Custodio: one image for the API and the Temporal worker; docker-compose.yml picks the command.
#   API:    node dist/api/main.js   (default CMD)
#   worker: node dist/worker/main.js
# Debian (glibc), not Alpine: the Temporal worker's native bridge is built for glibc.

# --- build: install everything, compile TypeScript, then drop dev dependencies ----------------
FROM node:20-bookworm-slim AS build
WORKDIR /app

COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

# The same folders tsconfig.build.json compiles; keep the two lists in step.
COPY tsconfig.json tsconfig.build.json ./
COPY domain domain
COPY contracts contracts
COPY infra infra
COPY registry registry
COPY activities activities
COPY workflows workflows
COPY processes processes
COPY api api
COPY worker worker
COPY local local
COPY scripts scripts
# The Temporal bridge ships prebuilt binaries for every platform; only the Linux ones can load here.
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund \
 && rm -rf node_modules/@temporalio/core-bridge/releases/*-apple-darwin \
           node_modules/@temporalio/core-bridge/releases/*-windows-*

# --- runtime: compiled code and production dependencies only ---------------------------------
FROM node:20-bookworm-slim
LABEL org.opencontainers.image.title="custodio" \
      org.opencontainers.image.description="Custodio API and Temporal worker"
ENV NODE_ENV=production
WORKDIR /app

# Owned by root and only readable by `node`: the app never writes to its own code. The worker
# bundles dist/workflows in memory when it starts.
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist

USER node
EXPOSE 3000
CMD ["node", "dist/api/main.js"]
