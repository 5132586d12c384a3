/**
 * Run metrics for node_exporter's textfile collector: {@code MetricsFile} writes per-run gauges in the Prometheus
 * text format, merged with the label sets already in the file and replaced atomically under a lock, and reads the
 * format back. What a command measures is decided by the CLI; this package only keeps the file.
 */
package dev.sotbackup.metrics;
