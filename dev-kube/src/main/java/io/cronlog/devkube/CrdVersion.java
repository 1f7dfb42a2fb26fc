package io.cronlog.devkube;

import tools.jackson.databind.JsonNode;

/**
 * The served version of a stored CRD that a custom resource's path is of: its kind, group and
 * version, its {@code openAPIV3Schema}, whether it has a status subresource, and a {@code key} that
 * changes whenever the CRD does.
 */
record CrdVersion(
    String kind,
    String group,
    String version,
    JsonNode schema,
    boolean statusSubresource,
    String key) {}
