/**
 * Directory trees as a snapshot component: walking a tree into entries (mode, mtime, link target) and content
 * streams, restoring through temporary files and renames, and tar.gz import and export, including tar streamed
 * from a pod. How the trees of a deployment are chosen belongs to the deployment package.
 */
package dev.sotbackup.files;
