/**
 * The run context passed down into the engines: {@link dev.sotbackup.report.Reporter} takes the lines an engine
 * has to tell (progress, notes, warnings — each with its {@link dev.sotbackup.report.Reporter.Level}) and hands
 * out the {@link dev.sotbackup.report.Reporter.Counter}s an engine advances while a caller's progress display
 * reads them. The command line implements it once; tests and callers that want nothing use
 * {@link dev.sotbackup.report.Reporter#silent()}.
 */
package dev.sotbackup.report;
