# Monitrax: the front door. `make help` lists every target.
# Every target runs on the Node version in .nvmrc, and with what this machine cannot reach switched on from outside
# the product (docs/machine-workarounds.md): a machine whose node is another major gets the pinned release from the
# npm registry into .tools/ (use-node.sh), one that cannot download Prisma's schema engine gets the WebAssembly
# stand-in, one that built `make pg-client` gets that pg_dump (machine-env.sh).

SHELL := /bin/bash
.DEFAULT_GOAL := help

NODE_BIN := $(shell services/machine-workarounds/bin/use-node.sh)
ifeq ($(NODE_BIN),)
$(error could not provide the Node version pinned in .nvmrc; see the message above)
endif
export PATH := $(NODE_BIN):$(PATH)
$(foreach assignment,$(shell services/machine-workarounds/bin/machine-env.sh),$(eval export $(assignment)))
export NEXT_TELEMETRY_DISABLED := 1
# Node keeps what it compiled (the Prisma CLI, the API, the worker, ...) and starts those processes faster next time.
export NODE_COMPILE_CACHE ?= $(CURDIR)/.tools/node-compile-cache

INSTALLED := node_modules/.monitrax-installed
PRISMA_CLIENT := services/database/src/generated/prisma/client.ts
WORKSPACE_MANIFESTS := $(wildcard services/*/package.json)
# Test targets run through it: each ends by saying where the time went and, last, which tests failed and why.
TIMED := node services/dev-tools/src/timing/run-steps.ts

.PHONY: help
help: ## List every target
	@echo "Monitrax make targets (Node $$(node --version) from $(NODE_BIN)):"
	@grep -hE '^[a-zA-Z0-9_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  \033[36m%-18s\033[0m %s\n", $$1, $$2}'

# ---- setup -------------------------------------------------------------------------------------
$(INSTALLED): package-lock.json package.json $(WORKSPACE_MANIFESTS)
	npm ci --no-audit --no-fund
	@touch $@

$(PRISMA_CLIENT): prisma/schema.prisma prisma.config.ts $(INSTALLED)
	npm run --silent generate
	@touch $@

.PHONY: install
install: $(INSTALLED) $(PRISMA_CLIENT) ## Install dependencies (npm ci) and generate the Prisma client, when out of date

.PHONY: generate
generate: $(INSTALLED) ## Regenerate the Prisma client from prisma/schema.prisma
	npm run --silent generate

# ---- run ---------------------------------------------------------------------------------------
.PHONY: dev
dev: install ## Run the stack natively: embedded PostgreSQL 17 + schema sync + demo data + API and web app (watch mode)
	@node services/local-stack/src/dev.ts

.PHONY: db-sync
db-sync: install ## Safe schema sync to DATABASE_URL: plan, classify, back up, push, record (ARGS="--check|--dry-run|--accept-data-loss|--no-backup")
	npm run --silent db:sync -- $(ARGS)

.PHONY: db-migration
db-migration: install ## Migrate mode: write the next migration from prisma/schema.prisma (NAME=add_x), judged against DATABASE_URL's data
	@test -n "$(NAME)" || { echo "usage: make db-migration NAME=add_property_notes"; exit 1; }
	npm run --silent db:migration -- --name "$(NAME)"

.PHONY: db-baseline
db-baseline: install ## Move a db push database (DATABASE_URL, else make dev's) to migrate mode: write prisma/migrations/0_init, mark it applied (ARGS=--mark-applied: only mark)
	npm run --silent db:baseline -- $(ARGS)

.PHONY: db-review
db-review: install ## Migrate mode: judge the migrations added since the branch point (ARGS="--base REF") and check they build the schema
	npm run --silent db:review -- $(ARGS)

.PHONY: db-backup
# With the compose stack running, backups go through its db container (the host needs no PostgreSQL client).
db-backup: install ## pg_dump (custom format) into BACKUP_DIR, verified; the compose db when it runs, else DATABASE_URL
	@if $(STACK) running db 2>/dev/null; then echo "db-backup: through the compose db container"; $(STACK) db-backup; \
	else npm run --silent db:backup; fi

.PHONY: db-restore
db-restore: install ## Restore FILE=... into a new database (INTO=name; OVER_LIVE=1 replaces the live one while nobody else is connected, END_SESSIONS=1 ends them) and print row counts
	@test -n "$(FILE)" || { echo "usage: make db-restore FILE=backups/<file>.dump [INTO=name] [OVER_LIVE=1 [END_SESSIONS=1]]"; exit 1; }
	@if $(STACK) running db 2>/dev/null; then echo "db-restore: through the compose db container"; \
	  $(STACK) db-restore "$(FILE)" $(if $(INTO),--into "$(INTO)") $(if $(OVER_LIVE),--over-live) $(if $(END_SESSIONS),--end-sessions); \
	else npm run --silent db:restore -- "$(FILE)" $(if $(INTO),--into "$(INTO)") $(if $(OVER_LIVE),--over-live) $(if $(END_SESSIONS),--end-sessions); fi

.PHONY: pg-client
pg-client: ## Build a local PostgreSQL 17 client (pg_dump/pg_restore) in .tools/ for Debian hosts (root; ~30 s, once)
	services/machine-workarounds/bin/pg-client.sh

.PHONY: doctor
doctor: install ## Diagnose this machine: Node, Docker, .env, ports, database, schema drift, pg_dump, running services
	@npm run --silent doctor

# A job now, through the running worker (make dev starts one): prints what happened.
.PHONY: job
job: install ## Queue a background job now and wait for a worker to run it (NAME=portfolio-snapshot; an unknown name lists the known ones)
	@npm run --silent job -- $(NAME)

.PHONY: db-seed
db-seed: install ## Create the demo user and portfolio in DATABASE_URL if missing
	npm run --silent db:seed

# ---- containers (Docker) -----------------------------------------------------------------------
# The same stack in Docker: db (postgres:17) -> schema (one-shot db:sync) -> api -> web, from compose.yaml (and
# the files COMPOSE_FILE adds, Compose's own variable). Docker Compose v2 (`docker compose`, 2.24 or newer).
STACK := node services/dev-tools/src/containers/cli.ts

.PHONY: up
up: install ## Docker: build images, start db -> schema -> api -> web, wait until all are healthy, print URLs (no Docker? make dev)
	@$(STACK) up

.PHONY: down
down: install ## Docker: stop and remove the stack's containers (ARGS=-v also deletes the database volume)
	@$(STACK) down $(ARGS)

.PHONY: logs
logs: install ## Docker: follow the stack's logs (ARGS="api web" for some services)
	@$(STACK) logs $(ARGS)

.PHONY: ps
ps: install ## Docker: list the stack's containers and their health
	@$(STACK) ps

.PHONY: db-shell
db-shell: install ## psql in the compose db container
	@$(STACK) db-shell

.PHONY: test-containers
test-containers: install ## The production images under Testcontainers: build both, schema one-shot, health, drift, readiness, SIGTERM
	@$(TIMED) 'make test-containers' 'build the images, test them' 'services/dev-tools/bin/test-containers.sh'

.PHONY: smoke
smoke: install ## Compose smoke test: make up to healthy (Compose v2), API and web through the stack, backup/restore, image sizes
	services/dev-tools/bin/smoke.sh

.PHONY: check
check: install ## Parity (compose, render.yaml, Dockerfiles, env schemas, health paths, majors, workflows), workspace boundaries (dependency-cruiser), lint + format (Biome)
	@npm run --silent check

# ---- quality -----------------------------------------------------------------------------------
.PHONY: format
format: install ## Format every file and apply Biome's safe lint fixes (make check fails on what this would change)
	@npm run --silent format

.PHONY: test
test: install ## Parity check, typecheck, unit + integration tests (real PostgreSQL 17), then browser tests (Chromium); prints where the time went
	@$(TIMED) 'make test' \
	  'check: parity, boundaries, lint' 'npm run --silent check' \
	  'typecheck, web build (at once)' 'npm run --silent typecheck & typecheck=$$!; npm run --silent build:web; built=$$?; wait $$typecheck && exit $$built' \
	  'unit + integration tests' 'npx vitest run --project unit --project integration' \
	  'browser tests' 'npx vitest run --project browser'

.PHONY: test-unit
test-unit: install ## Unit tests only (no database)
	npx vitest run --project unit

.PHONY: test-integration
test-integration: install ## Integration tests only (TEST_DATABASE_URL, else Testcontainers, else embedded PostgreSQL)
	npx vitest run --project integration

.PHONY: test-resilience
test-resilience: install ## Faults, load and hostile input against a real API process and PostgreSQL 17 (run by .ci/run)
	@$(TIMED) 'make test-resilience' 'resilience tests' 'npm run --silent test:resilience'

.PHONY: test-schema-modes
test-schema-modes: install ## Migrate mode end to end (write, deploy, baseline, review), and a schema history through the sync in push and migrate mode with rows in every table: counts false refusals, missed refusals and statements (run by .ci/run)
	@$(TIMED) 'make test-schema-modes' 'schema-modes tests' 'npm run --silent test:schema-modes'

.PHONY: test-fresh-clone
test-fresh-clone: install ## The design doc's commands on a fresh clone of HEAD: npm install, npm run dev, npx prisma generate/db push/db pull/studio, npm run build, npm start (run by .ci/run)
	@$(TIMED) 'make test-fresh-clone' 'fresh-clone tests' 'npx vitest run --project fresh-clone'

.PHONY: vercel-build
vercel-build: install ## The web built as Vercel builds it: Vercel's CLI (pinned, into .tools/) offline on a clean clone of HEAD, output copied to .vercel/output (ARGS=--worktree: with uncommitted changes)
	@node services/dev-tools/src/vercel/build.ts $(ARGS)

.PHONY: test-vercel
test-vercel: vercel-build ## The Vercel build run through Vercel's own launcher against PostgreSQL + API: sign-in, dashboard, status page, a spoofed client address (run by .ci/run)
	@$(TIMED) 'make test-vercel' 'vercel tests' 'npx vitest run --project vercel'

.PHONY: bench
bench: install ## Benchmark: API vs a bare node:http + pg floor, sustained writes, make dev and sync times; then Lighthouse (pinned, fetched into .tools/) on the web build, mobile and desktop; then a 10 MiB document up and down through web and API to each store (not a test)
	npm run --silent bench

.PHONY: test-browser
test-browser: install ## Browser tests: Debian's Chromium against PostgreSQL + API + built web app (skipped by name without Chromium)
	npx vitest run --project browser

.PHONY: web-build
web-build: install ## Production build of the web app (Next.js standalone output in services/web/.next/standalone)
	npm run --silent build:web

.PHONY: typecheck
typecheck: install ## TypeScript strict typecheck of every workspace
	npm run --silent typecheck

# ---- housekeeping ------------------------------------------------------------------------------
.PHONY: clean
clean: ## Remove generated code and build output (keeps .data/ and node_modules)
	rm -rf services/database/src/generated services/web/.next services/web/next-env.d.ts coverage test-results

.PHONY: clean-data
clean-data: ## Delete the local embedded database in .data/ (asks first)
	@read -r -p "Delete .data/ (the local dev database)? [y/N] " answer && [ "$$answer" = y ] && rm -rf .data && echo "deleted .data/" || echo "kept .data/"
