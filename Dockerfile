# syntax=docker/dockerfile:1
# One image for every app of Yichuang; which app runs is the argument:
#   docker run … yichuang dist/apps/intake/src/main.bundle.mjs
# Runs as the unprivileged `node` user (uid 1000) and writes nothing outside /tmp and its data volume, so the root
# filesystem can be mounted read-only (deploy/compose, deploy/k8s do). Probes: HEALTH_PORT (9000) /livez, /readyz.

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# every app bundled (dist/apps/<app>/src/main.bundle.mjs), the console built (dist/console, served by the gateway);
# then only what the bundles load at run time
RUN node tools/build.mjs && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    HEALTH_PORT=9000 \
    MALLOC_ARENA_MAX=2 \
    MATERIAL_STORAGE_DIR=/data/materials
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
USER node
EXPOSE 3000 9000
ENTRYPOINT ["node"]
CMD ["dist/apps/gateway/src/main.bundle.mjs"]
