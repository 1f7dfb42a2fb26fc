package io.cronlog.devkube;

import java.util.List;

/**
 * A kind of resource the stand-in serves: its names for discovery, whether it has a status
 * subresource, and (for custom resources) the printer columns its CRD declares.
 */
record ResourceType(
    String group,
    String version,
    String plural,
    String singular,
    String kind,
    boolean namespaced,
    List<String> shortNames,
    List<String> categories,
    boolean statusSubresource,
    List<PrinterColumn> printerColumns) {

  ResourceType {
    shortNames = List.copyOf(shortNames);
    categories = List.copyOf(categories);
    printerColumns = List.copyOf(printerColumns);
  }

  String groupVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  boolean isCustom() {
    return !printerColumns.isEmpty();
  }

  boolean matches(ResourcePath path) {
    return group.equals(path.group())
        && version.equals(path.version())
        && plural.equals(path.plural());
  }
}
