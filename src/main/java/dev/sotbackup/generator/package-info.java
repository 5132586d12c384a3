/**
 * {@code NetboxShapedGenerator}: a deterministic, changelog-heavy database shaped like NetBox's, for the benchmarks
 * and the demo. It only creates test data; it knows nothing of dumping or restoring it.
 */
package dev.sotbackup.generator;
