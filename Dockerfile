# syntax=docker/dockerfile:1
# carules serve as a container image (docs/service.md, "Container image"): the static musl
# binary on an empty base (scratch: no shell, no libc), as a non-root user, listening on
# 0.0.0.0:8080 with the shipped rules compiled in; `--rules /rules` serves a mounted set.
#
#   docker build -t carules .              # compiles the binary in a Rust image (stage build)
#   podman build --build-arg BINARY_FROM=prebuilt -t carules .
#                                           # packs the binary release/build.sh made
#                                           # (target/x86_64-unknown-linux-musl/dist/carules)
#
# VERSION must be Cargo.toml's version (tests/release.rs checks the default); REVISION is the
# git commit the image is built from (release/image.sh passes both).
ARG RUST_IMAGE=docker.io/library/rust:1-bookworm
ARG BINARY_FROM=build

# --- build: the static binary from source ---------------------------------------------------
FROM ${RUST_IMAGE} AS build
# Rust's musl target brings its own C runtime and linker: no C compiler for musl is needed.
RUN rustup target add x86_64-unknown-linux-musl
WORKDIR /src
COPY . .
RUN cargo build --locked --profile dist --target x86_64-unknown-linux-musl --bin carules \
    && mkdir -p /out \
    && cp target/x86_64-unknown-linux-musl/dist/carules /out/carules

# --- prebuilt: the binary release/build.sh made, for machines without a Rust image ---------
FROM scratch AS prebuilt
ARG PREBUILT=target/x86_64-unknown-linux-musl/dist/carules
COPY ${PREBUILT} /out/carules

FROM ${BINARY_FROM} AS binary

# --- the image ----------------------------------------------------------------------------
FROM scratch
ARG VERSION=0.1.0
ARG REVISION=unknown
LABEL org.opencontainers.image.title="carules" \
      org.opencontainers.image.description="Regulations as code for China's public-resource-trading CA certificates: the decision service" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.licenses="MIT OR Apache-2.0" \
      org.opencontainers.image.documentation="docs/service.md"
COPY --from=binary /out/carules /usr/local/bin/carules
# No user database on scratch: a numeric user and group (distroless's "nonroot").
USER 65532:65532
EXPOSE 8080
# scratch has no shell or curl: the binary probes itself.
HEALTHCHECK --interval=10s --timeout=3s --start-period=5s --retries=3 \
    CMD ["/usr/local/bin/carules", "probe", "http://127.0.0.1:8080/healthz"]
ENTRYPOINT ["/usr/local/bin/carules"]
CMD ["serve", "--listen", "0.0.0.0:8080"]
