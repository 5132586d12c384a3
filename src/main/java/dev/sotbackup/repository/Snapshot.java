package dev.sotbackup.repository;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.sotbackup.repository.crypto.BlobId;
import dev.sotbackup.repository.crypto.CorruptObjectException;
import dev.sotbackup.repository.json.Json;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A snapshot manifest, {@code snapshots/<id>} (format §7), read and written as this record.
 *
 * @param deployment what the snapshot is of when it was taken of a whole deployment (profile, application
 *                   version, Redis roles); null for a snapshot of stores given one by one
 * @param scope      what it covers; null derives it from the components and {@code deployment} (snapshots
 *                   written before scopes were recorded, and writers that narrow nothing)
 */
public record Snapshot(@JsonProperty(required = true) Instant time, String hostname, String username,
                       String toolVersion, List<String> tags, SnapshotSummary summary,
                       @JsonProperty(required = true) List<Component> components, SnapshotDeployment deployment,
                       SnapshotScope scope) {

    public Snapshot {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(components, "components");
        hostname = hostname == null ? "" : hostname;
        username = username == null ? "" : username;
        toolVersion = toolVersion == null ? "" : toolVersion;
        tags = tags == null ? List.of() : List.copyOf(tags);
        summary = summary == null ? SnapshotSummary.EMPTY : summary;
        components = List.copyOf(components);
    }

    /** What the snapshot covers: as recorded, or derived from its components and deployment object. */
    @Override
    public SnapshotScope scope() {
        return scope != null ? scope : SnapshotScope.derivedFrom(components, deployment);
    }

    public Snapshot(Instant time, String hostname, String username, String toolVersion, List<String> tags,
                    SnapshotSummary summary, List<Component> components) {
        this(time, hostname, username, toolVersion, tags, summary, components, null, null);
    }

    /** A manifest of this host and user at {@code time}; commit fills in the summary. */
    public static Snapshot of(Instant time, String toolVersion, List<String> tags, List<Component> components) {
        return new Snapshot(time, HostIdentity.hostname(), HostIdentity.username(), toolVersion, tags,
                SnapshotSummary.EMPTY, components, null, null);
    }

    public Snapshot withSummary(SnapshotSummary newSummary) {
        return new Snapshot(time, hostname, username, toolVersion, tags, newSummary, components, deployment, scope);
    }

    public Snapshot withHostname(String newHostname) {
        return new Snapshot(time, newHostname, username, toolVersion, tags, summary, components, deployment, scope);
    }

    public Snapshot withDeployment(SnapshotDeployment newDeployment) {
        return new Snapshot(time, hostname, username, toolVersion, tags, summary, components, newDeployment, scope);
    }

    public Snapshot withScope(SnapshotScope newScope) {
        return new Snapshot(time, hostname, username, toolVersion, tags, summary, components, deployment, newScope);
    }

    /** The deployment's name as the manifest records it, or "" for a snapshot without one. */
    public String deploymentName() {
        return deployment == null ? "" : deployment.name();
    }

    /** "NetBox 4.2" as the manifest's {@code deployment.application} records it, or "". */
    public String application() {
        SnapshotDeployment.Application application = deployment == null ? null : deployment.application();
        return application == null ? "" : (application.name() + " " + application.release()).trim();
    }

    /** Every blob the snapshot's components need, each once: what {@code check} verifies and {@code prune} keeps. */
    public Set<BlobId> blobs() {
        Set<BlobId> ids = new LinkedHashSet<>();
        components.forEach(component -> ids.addAll(component.body().blobs()));
        return Collections.unmodifiableSet(ids);
    }

    byte[] toJson() {
        return Json.write(this);
    }

    static Snapshot fromJson(byte[] json) throws CorruptObjectException {
        return Documents.read(json, Snapshot.class, "snapshot");
    }
}
