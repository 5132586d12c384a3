/**
 * {@code sot-backup demo}: a self-contained end-to-end run on embedded PostgreSQL, Redis and s3proxy servers under
 * one temporary directory, from a generated sample deployment through backup, restore, comparison and verify.
 * The tests' shared servers wrap the same server classes; the demo adds no backup logic of its own.
 */
package dev.sotbackup.demo;
