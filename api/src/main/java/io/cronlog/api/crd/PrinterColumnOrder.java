package io.cronlog.api.crd;

import io.cronlog.api.ScheduledJob;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A build step that puts the generated CRD's printer columns in the order they are declared on
 * {@link ScheduledJob}. fabric8's generator sorts them by JSONPath, which would print AGE first;
 * {@code kubectl get} prints columns in CRD order, and users expect CronJob's order.
 */
public final class PrinterColumnOrder {

  private PrinterColumnOrder() {}

  /** Rewrites the CRD file named by the single argument in place. */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: PrinterColumnOrder CRD_FILE");
    }
    Path file = Path.of(args[0]);
    String generated = Files.readString(file);
    CustomResourceDefinition crd =
        Serialization.unmarshal(generated, CustomResourceDefinition.class);
    for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
      version.setAdditionalPrinterColumns(inDeclaredOrder(version.getAdditionalPrinterColumns()));
    }
    String header =
        generated
            .lines()
            .takeWhile(line -> line.startsWith("#"))
            .map(line -> line + "\n")
            .reduce("", String::concat);
    Files.writeString(file, header + Serialization.asYaml(crd).replaceFirst("^---\n", ""));
  }

  static List<CustomResourceColumnDefinition> inDeclaredOrder(
      List<CustomResourceColumnDefinition> columns) {
    List<String> declared =
        Arrays.stream(ScheduledJob.class.getAnnotationsByType(AdditionalPrinterColumn.class))
            .map(AdditionalPrinterColumn::jsonPath)
            .toList();
    Comparator<CustomResourceColumnDefinition> byDeclaration =
        Comparator.comparingInt(
            column -> {
              int index = declared.indexOf(column.getJsonPath());
              return index < 0 ? Integer.MAX_VALUE : index;
            });
    return columns.stream().sorted(byDeclaration).toList();
  }
}
