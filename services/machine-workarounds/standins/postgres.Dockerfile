# Stand-in for the official postgres:17 image, for hosts that cannot reach a container registry.
# Built by services/machine-workarounds/standins/build.sh from a debootstrap'd Debian trixie (minbase) and Debian's own postgresql-17.
# Honours the official image's contract: POSTGRES_USER / POSTGRES_PASSWORD / POSTGRES_DB (and
# POSTGRES_INITDB_ARGS, POSTGRES_HOST_AUTH_METHOD, /docker-entrypoint-initdb.d), data in
# /var/lib/postgresql/data (PGDATA), pg_isready and psql on PATH, port 5432, user postgres (uid 999),
# STOPSIGNAL SIGINT (fast shutdown), `postgres -c name=value ...` as the command.
ARG STANDIN_BASE
FROM ${STANDIN_BASE}
RUN groupadd --system --gid 999 postgres \
 && useradd --system --uid 999 --gid postgres --home-dir /var/lib/postgresql --shell /bin/bash postgres \
 && mkdir -p /var/lib/postgresql /etc/postgresql-common \
 && chown postgres:postgres /var/lib/postgresql \
 && printf 'create_main_cluster = false\n' > /etc/postgresql-common/createcluster.conf \
 && apt-get update -q \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends postgresql-17 \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin \
 && mkdir -p /var/run/postgresql /docker-entrypoint-initdb.d \
 && chown postgres:postgres /var/run/postgresql && chmod 3777 /var/run/postgresql
ENV PG_MAJOR=17 \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/usr/lib/postgresql/17/bin \
    PGDATA=/var/lib/postgresql/data \
    LANG=C.UTF-8
RUN mkdir -p "$PGDATA" && chown postgres:postgres "$PGDATA" && chmod 1777 "$PGDATA"
VOLUME /var/lib/postgresql/data
COPY docker-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
RUN chmod 755 /usr/local/bin/docker-entrypoint.sh && pg_isready --version && postgres --version
ENTRYPOINT ["docker-entrypoint.sh"]
STOPSIGNAL SIGINT
EXPOSE 5432
CMD ["postgres"]
