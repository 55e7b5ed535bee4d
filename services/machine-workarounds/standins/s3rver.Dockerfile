# Stand-in for compose.yaml's S3-compatible server (the `s3` profile's SeaweedFS image), for hosts that cannot reach a
# container registry. NOT SeaweedFS: s3rver (npm, the version the repository's lockfile has; a fake S3 server in Node)
# behind s3rver-server.mjs, which gives it what compose's `s3` service promises the stack (the .env credentials, the
# port, CreateBucket's answer to the bucket's owner, /healthz). Built by services/machine-workarounds/standins/build.sh
# on the node:<major>-trixie-slim image (real or stand-in), with s3rver and its dependencies installed from the npm
# registry on the host; run only through services/machine-workarounds/compose.s3-standin.yaml, which
# bin/docker-engine.sh adds to COMPOSE_FILE when the SeaweedFS image cannot be pulled.
ARG NODE_IMAGE
FROM ${NODE_IMAGE}
COPY app /opt/monitrax-s3-standin
RUN mkdir -p /data && chown node:node /data \
 && node -e "console.log('s3rver', require('/opt/monitrax-s3-standin/node_modules/s3rver/package.json').version)"
USER node
WORKDIR /opt/monitrax-s3-standin
VOLUME /data
EXPOSE 8333
ENV HEALTHCHECK_PORT=8333
HEALTHCHECK --interval=10s --timeout=5s --start-period=10s --retries=3 CMD ["node", "/opt/monitrax-s3-standin/healthcheck.mjs", "/healthz"]
ENTRYPOINT ["node", "/opt/monitrax-s3-standin/server.mjs"]
CMD ["--port", "8333", "--directory", "/data"]
