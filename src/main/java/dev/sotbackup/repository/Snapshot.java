package dev.sotbackup.repository;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sotbackup.repository.crypto.CorruptObjectException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A snapshot manifest, {@code snapshots/<id>} (format §7).
 *
 * @param deployment what the snapshot is of when it was taken of a whole deployment (profile, application
 *                   version, Redis roles); null for a snapshot of stores given one by one
 * @param scope      what it covers; null derives it from the components and {@code deployment} (snapshots
 *                   written before scopes were recorded, and writers that narrow nothing)
 */
public record Snapshot(Instant time, String hostname, String username, String toolVersion, List<String> tags,
                       SnapshotSummary summary, List<Component> components, JsonNode deployment,
                       SnapshotScope scope) {

    public Snapshot {
        Objects.requireNonNull(time, "time");
        hostname = hostname == null ? "" : hostname;
        username = username == null ? "" : username;
        toolVersion = toolVersion == null ? "" : toolVersion;
        tags = tags == null ? List.of() : List.copyOf(tags);
        summary = summary == null ? SnapshotSummary.EMPTY : summary;
        components = List.copyOf(components);
        deployment = deployment == null || deployment.isNull() || deployment.isMissingNode() ? null : deployment;
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

    public Snapshot withDeployment(JsonNode newDeployment) {
        return new Snapshot(time, hostname, username, toolVersion, tags, summary, components, newDeployment, scope);
    }

    public Snapshot withScope(SnapshotScope newScope) {
        return new Snapshot(time, hostname, username, toolVersion, tags, summary, components, deployment, newScope);
    }

    /** The deployment's name as the manifest records it, or "" for a snapshot without one. */
    public String deploymentName() {
        return deployment == null ? "" : deployment.path("name").asText("");
    }

    /** "NetBox 4.2" as the manifest's {@code deployment.application} records it, or "". */
    public String application() {
        JsonNode application = deployment == null ? null : deployment.get("application");
        if (application == null) {
            return "";
        }
        return (application.path("name").asText("") + " " + application.path("release").asText("")).trim();
    }

    byte[] toJson() {
        ObjectNode node = Json.object();
        node.put("time", time.toString());
        node.put("hostname", hostname);
        node.put("username", username);
        node.put("tool_version", toolVersion);
        ArrayNode tagArray = node.putArray("tags");
        tags.forEach(tagArray::add);
        ObjectNode s = node.putObject("summary");
        s.put("bytes_processed", summary.bytesProcessed());
        s.put("bytes_added", summary.bytesAdded());
        s.put("blobs_added", summary.blobsAdded());
        s.put("duration_ms", summary.durationMs());
        ArrayNode comps = node.putArray("components");
        components.forEach(c -> comps.add(c.toJson()));
        if (deployment != null) {
            node.set("deployment", deployment);
        }
        node.set("scope", scope().toJson());
        return Json.write(node);
    }

    static Snapshot fromJson(byte[] json) throws CorruptObjectException {
        ObjectNode node = Json.readObject(json, "snapshot");
        Instant time;
        try {
            time = Instant.parse(Json.text(node, "time", "snapshot"));
        } catch (DateTimeParseException e) {
            throw new CorruptObjectException("snapshot \"time\" is not an ISO-8601 instant");
        }
        List<String> tags = new ArrayList<>();
        node.path("tags").forEach(t -> tags.add(t.asText()));
        JsonNode s = node.path("summary");
        SnapshotSummary summary = new SnapshotSummary(s.path("bytes_processed").asLong(),
                s.path("bytes_added").asLong(), s.path("blobs_added").asLong(), s.path("duration_ms").asLong());
        JsonNode comps = node.get("components");
        if (comps == null || !comps.isArray()) {
            throw new CorruptObjectException("snapshot lacks the \"components\" array");
        }
        List<Component> components = new ArrayList<>();
        for (JsonNode c : comps) {
            if (!c.isObject()) {
                throw new CorruptObjectException("snapshot component is not a JSON object");
            }
            components.add(Component.fromJson(c));
        }
        JsonNode scope = node.get("scope");
        return new Snapshot(time, node.path("hostname").asText(""), node.path("username").asText(""),
                node.path("tool_version").asText(""), tags, summary, components, node.get("deployment"),
                scope != null && scope.isObject() ? SnapshotScope.fromJson(scope) : null);
    }
}
