/**
 * The body of each kind of snapshot component as a record (docs/repository-format.md §7), read and written by the
 * repository's one JSON mapping: what the format says each store records and which blobs it needs. Bodies of kinds
 * or versions this build does not know are kept as written, their blobs found by the format's generic rule.
 */
package dev.sotbackup.repository.body;
