# One image for every role: the api (default CMD), the worker and the
# migration job differ only in the command they run.
#
#   docker build -t quorum --build-arg APP_VERSION=$(git describe --always) .
#   docker run ... quorum                                   # api
#   docker run ... quorum node dist/apps/worker/src/main.js # worker
#   docker run ... quorum node node_modules/typeorm/cli.js -d dist/ormconfig.js migration:run
#
# Pin NODE_IMAGE to a digest in CI so rebuilds are reproducible; the tag floats
# across 24.x patch releases. Node 24 is an LTS line supported until April
# 2028; Node 20 (which the app still runs on, >= 20.19, and which the test
# machines use) reached its end of life in April 2026, so no image ships it.
# The suite passes on both (docs/benchmarks.md, "Node 24").
# RUN --mount needs BuildKit, the default builder since Docker 23.
ARG NODE_IMAGE=node:24-bookworm-slim

# ---------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
# The manifests alone first, so editing source does not invalidate the
# (slow) dependency layer.
COPY package.json package-lock.json ./
# --ignore-scripts: the only install script package.json's `allowScripts`
# approves fetches the embedded PostgreSQL, which a build never needs, so
# skipping them all is the policy minus something unused (and holds with an
# older npm that ignores the policy and would run the denied ones too:
# @scarf/scarf analytics, @swc/core, @parcel/watcher).
RUN --mount=type=cache,target=/root/.npm \
    npm ci --ignore-scripts --no-audit --no-fund
COPY . .
# The incremental-build cache is useless outside this stage.
RUN npm run build && rm -f dist/.tsbuildinfo

# ---------------------------------------------------------------------------
# A separate stage so npm's cache and the manifests' churn never reach the
# final image's layers.
FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
# --omit=optional drops the embedded PostgreSQL binaries (optional deps of
# `embedded-postgres`, ~100 MB per platform): DATABASE_URL is always set in
# production, and the app only looks for them when it is not.
RUN --mount=type=cache,target=/root/.npm \
    npm ci --omit=dev --omit=optional --ignore-scripts --no-audit --no-fund

# ---------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
# Surfaced by GET /health as `version`; npm_package_version is not there to
# fall back on because we do not start through npm.
ARG APP_VERSION=
ENV NODE_ENV=production \
    APP_VERSION=${APP_VERSION}
WORKDIR /app
# Left owned by root (no --chown): the runtime user can read the code but a
# compromised process cannot rewrite it. The app writes only to /tmp (uploads
# on their way into PostgreSQL), so the root filesystem can be mounted
# read-only with a writable /tmp, as deploy/k8s does.
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
USER node
EXPOSE 3000 3001
# Liveness only (never a dependency): a database outage must not get the
# container killed. The same image serves the api (PORT) and the worker
# (WORKER_PORT), and each listens on just one of them, so either answering
# means alive. Orchestrators with their own probes (Kubernetes, compose)
# ignore or override this.
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
    CMD ["node", "-e", "Promise.any([process.env.PORT||3000,process.env.WORKER_PORT||3001].map(p=>fetch('http://127.0.0.1:'+p+'/health/live').then(r=>{if(!r.ok)throw r}))).then(()=>process.exit(0),()=>process.exit(1))"]
# node runs as PID 1, without tini or `npm start`:
# - the app installs its own SIGTERM/SIGINT handlers (readiness 503, drain,
#   close, exit 0), so PID 1's "no default signal action" rule does not bite;
# - it spawns no children in production (the embedded PostgreSQL is only
#   used without DATABASE_URL and is not even installed here), so there are
#   no zombies to reap;
# - npm would add a process between the signal and node and want a writable
#   cache directory.
# The one cost: a SIGTERM that lands during boot, before the handlers are
# installed, is ignored and the orchestrator falls back to SIGKILL after its
# grace period.
CMD ["node", "dist/apps/api/src/main.js"]
