/**
 * A deployment (NetBox, NetBox Enterprise, Nautobot, generic) as one unit: its configuration and profile, and the
 * backup, restore, restore drill, replication and scrubbing of all its stores together. What differs by store is
 * asked of {@link dev.sotbackup.store.Stores}; this package builds the stores' sources and targets from a
 * deployment and orders what they do.
 */
package dev.sotbackup.deployment;
