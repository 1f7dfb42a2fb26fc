package io.cronlog.devkube;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionNames;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The resource types the API serves: the built-ins, and every served version of every
 * CustomResourceDefinition currently stored, read afresh on each call so that a CRD applied a
 * moment ago is discoverable at once.
 */
final class ApiCatalog {

  private final CrudStore store;

  ApiCatalog(CrudStore store) {
    this.store = store;
  }

  List<ResourceType> all() {
    return Stream.concat(BuiltInResources.ALL.stream(), customResources().stream()).toList();
  }

  Optional<ResourceType> find(ResourcePath path) {
    return all().stream().filter(t -> t.matches(path)).findFirst();
  }

  private List<ResourceType> customResources() {
    List<ResourceType> types = new ArrayList<>();
    for (String json : store.list(CrudStore.CRDS)) {
      CustomResourceDefinition crd =
          Json.KUBERNETES.unmarshal(json, CustomResourceDefinition.class);
      CustomResourceDefinitionNames names = crd.getSpec().getNames();
      for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
        if (!Boolean.TRUE.equals(version.getServed())) {
          continue;
        }
        boolean status =
            version.getSubresources() != null && version.getSubresources().getStatus() != null;
        types.add(
            new ResourceType(
                crd.getSpec().getGroup(),
                version.getName(),
                names.getPlural(),
                Objects.requireNonNullElse(
                    names.getSingular(), names.getKind().toLowerCase(Locale.ROOT)),
                names.getKind(),
                "Namespaced".equals(crd.getSpec().getScope()),
                orEmpty(names.getShortNames()),
                orEmpty(names.getCategories()),
                status,
                columns(version)));
      }
    }
    return types;
  }

  /** A CRD version without printer columns gets Age alone, as a real apiserver gives it. */
  private static List<PrinterColumn> columns(CustomResourceDefinitionVersion version) {
    List<CustomResourceColumnDefinition> declared = orEmpty(version.getAdditionalPrinterColumns());
    if (declared.isEmpty()) {
      return List.of(PrinterColumn.age("Age"));
    }
    return declared.stream()
        .map(
            c ->
                new PrinterColumn(
                    c.getName(),
                    c.getType(),
                    Objects.requireNonNullElse(c.getFormat(), ""),
                    Objects.requireNonNullElse(c.getDescription(), ""),
                    Objects.requireNonNullElse(c.getPriority(), 0),
                    c.getJsonPath()))
        .toList();
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }
}
