/**
 * Redis as a store: capture of the selected databases (SCAN, pipelined DUMP and absolute expiry) into record
 * streams, restore with RESTORE … ABSTTL into the databases they came from or a mapped one, and the cache flush a
 * restore ends with. The component's body and its place in a snapshot belong to {@code store}.
 */
package dev.sotbackup.redis;
