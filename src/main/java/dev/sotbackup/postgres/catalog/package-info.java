/**
 * Reading a database's catalog into pg_dump's objects: one {@code ObjectReader} per object family, a shared
 * {@code CatalogContext} (snapshot connection, filters, role names, comments, extension membership), ACLs, and the
 * {@code TocBuilder} that sorts and numbers the result. The SQL each reader produces must match stock pg_dump's
 * byte for byte; reading table data and writing archives belong to the dump and archive packages.
 */
package dev.sotbackup.postgres.catalog;
