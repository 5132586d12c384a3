/**
 * Pack files: blobs appended one after another, followed by an encrypted header that lists them and the header's
 * length, written by {@code PackWriter} and read back, whole or by range, by {@code PackReader}. Which blobs go
 * into which pack, and the index that finds them again, belong to the repository package.
 */
package dev.sotbackup.repository.pack;
