/**
 * The one-line terminal progress display: a bar that polls counters the engines advance and redraws itself on
 * standard error, only when that is a terminal (never under {@code CI} or {@code TERM=dumb}). It reads counters; it
 * never decides what a run does.
 */
package dev.sotbackup.cli.progress;
