/**
 * The one Jackson configuration every repository document (config, key files, index, snapshots, locks) is read and
 * written with, so that each document is a record read back by the record that wrote it.
 */
package dev.sotbackup.repository.json;
