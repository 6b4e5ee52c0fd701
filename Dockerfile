# eksguard container image (docs/deploy.md). Three stages: `build` compiles with the dev
# dependencies, `deps` installs the production dependencies alone, and the runtime image gets
# those node_modules, dist, bin and docs on a distroless Node.js base: no shell, no package
# manager, glibc for better-sqlite3's native module.
#
#   buildah bud -t eksguard:0.1.0 .      (or: docker build -t eksguard:0.1.0 .)
#
# Pin the bases by digest in your own builds (NODE_IMAGE=node:20-bookworm-slim@sha256:…).
ARG NODE_IMAGE=node:20-bookworm-slim
ARG RUNTIME_IMAGE=gcr.io/distroless/nodejs20-debian12:nonroot

FROM ${NODE_IMAGE} AS toolchain
# better-sqlite3 compiles its native module when no prebuilt binary matches.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*

FROM toolchain AS build
WORKDIR /src
COPY package.json package-lock.json ./
# --ignore-scripts: the package's own `prepare` would build before the sources are copied; the
# one dependency with an install script is rebuilt by name.
RUN npm ci --ignore-scripts && npm rebuild better-sqlite3
COPY tsconfig.json tsconfig.build.json ./
COPY scripts/copy-assets.js ./scripts/
COPY src ./src
COPY web ./web
RUN npm run build

FROM toolchain AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts && npm rebuild better-sqlite3 && npm cache clean --force

FROM ${RUNTIME_IMAGE}
WORKDIR /app
ENV NODE_ENV=production
# node on PATH: the webhook Deployment `eksguard webhook manifests` writes runs `node` in its
# preStop hook, and distroless keeps node in /nodejs/bin only.
ENV PATH=/nodejs/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
# package.json says "type": "module", which bin/eksguard.js and dist need.
COPY package.json ./
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /src/dist ./dist
COPY bin ./bin
COPY docs ./docs
# The distroless "nonroot" user, numeric so Kubernetes can check runAsNonRoot; the Helm chart
# runs as the same id.
USER 65532:65532
# Arguments are eksguard's: `docker run IMAGE scan manifests /work`, and the Kubernetes
# manifests give only `args` (webhook serve …).
ENTRYPOINT ["/nodejs/bin/node", "/app/bin/eksguard.js"]
CMD ["--help"]
