/**
 * What a user hands the tool, read safely: files named on the command line or in a deployment file (passwords,
 * env files, listings) are read whole with a size bound, and any value that may hold a secret is quoted in an
 * error only through {@link dev.sotbackup.input.Redaction}. Parsing of the values themselves stays with the
 * package that understands them.
 */
package dev.sotbackup.input;
