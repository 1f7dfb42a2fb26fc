package io.cronlog.devkube;

import java.util.List;
import java.util.Locale;

/** The built-in Kubernetes resources the stand-in announces: what the services and a user touch. */
final class BuiltInResources {

  static final List<ResourceType> ALL =
      List.of(
          builtIn("", "namespaces", "Namespace", false, List.of("ns"), List.of(), false),
          builtIn("", "pods", "Pod", true, List.of("po"), List.of("all"), true),
          builtIn("", "events", "Event", true, List.of("ev"), List.of(), false),
          builtIn("", "configmaps", "ConfigMap", true, List.of("cm"), List.of(), false),
          builtIn("", "secrets", "Secret", true, List.of(), List.of(), false),
          builtIn("batch", "jobs", "Job", true, List.of(), List.of("all"), true),
          builtIn("batch", "cronjobs", "CronJob", true, List.of("cj"), List.of("all"), true),
          builtIn("coordination.k8s.io", "leases", "Lease", true, List.of(), List.of(), false),
          builtIn("events.k8s.io", "events", "Event", true, List.of("ev"), List.of(), false),
          builtIn(
              "apiextensions.k8s.io",
              "customresourcedefinitions",
              "CustomResourceDefinition",
              false,
              List.of("crd", "crds"),
              List.of("api-extensions"),
              true));

  private BuiltInResources() {}

  private static ResourceType builtIn(
      String group,
      String plural,
      String kind,
      boolean namespaced,
      List<String> shortNames,
      List<String> categories,
      boolean status) {
    return new ResourceType(
        group,
        "v1",
        plural,
        kind.toLowerCase(Locale.ROOT),
        kind,
        namespaced,
        shortNames,
        categories,
        status,
        List.of());
  }
}
