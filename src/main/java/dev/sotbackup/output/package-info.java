/**
 * Every file and directory a command writes as its output: a regular file (or a new name) is built beside its
 * final name and renamed into place only when complete; a device, FIFO or open file is written in place and never
 * replaced; temporary and spill files carry their owner's PID under a lock, so a later run removes only what a
 * dead run left. Formats are not this package's concern.
 */
package dev.sotbackup.output;
