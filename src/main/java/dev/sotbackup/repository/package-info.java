/**
 * The repository (docs/repository-format.md): opening and initialising it, backup sessions that chunk, pack and
 * index streams, snapshots and their manifests, locks, check, forget and prune. Its parts are nested beneath it:
 * backends, chunker, crypto, packs, component bodies and the JSON mapping.
 */
package dev.sotbackup.repository;
