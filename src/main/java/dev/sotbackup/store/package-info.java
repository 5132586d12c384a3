/**
 * What a store is to a snapshot: one {@link dev.sotbackup.store.StoreKind} per kind of store (PostgreSQL, Redis,
 * directory trees, S3 buckets) listed once in {@link dev.sotbackup.store.Stores}, each with its
 * {@link dev.sotbackup.store.StoreSource} for backups, its place and restore in a restore's target, its drill and
 * its listing. Everything that depends on a component's kind asks here; the engines of each store live in their own
 * packages.
 */
package dev.sotbackup.store;
