package io.cronlog.devkube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.Map;
import java.util.function.Consumer;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * A small test CRD of our own ({@code widgets.test.cronlog.io}, short name {@code wd}) and its
 * resources.
 */
final class Widgets {

  static final String GROUP = "test.cronlog.io";
  static final ResourceDefinitionContext CONTEXT =
      new ResourceDefinitionContext.Builder()
          .withGroup(GROUP)
          .withVersion("v1")
          .withKind("Widget")
          .withPlural("widgets")
          .withNamespaced(true)
          .build();

  private Widgets() {}

  static CustomResourceDefinition crd() {
    return new CustomResourceDefinitionBuilder()
        .withNewMetadata()
        .withName("widgets." + GROUP)
        .endMetadata()
        .withNewSpec()
        .withGroup(GROUP)
        .withScope("Namespaced")
        .withNewNames()
        .withKind("Widget")
        .withPlural("widgets")
        .withSingular("widget")
        .withShortNames("wd")
        .endNames()
        .addNewVersion()
        .withName("v1")
        .withServed(true)
        .withStorage(true)
        .withNewSubresources()
        .withNewStatus()
        .endStatus()
        .endSubresources()
        .withNewSchema()
        .withOpenAPIV3Schema(
            new JSONSchemaPropsBuilder()
                .withType("object")
                .withXKubernetesPreserveUnknownFields(true)
                .addToProperties(
                    "spec",
                    new JSONSchemaPropsBuilder()
                        .withType("object")
                        .withXKubernetesPreserveUnknownFields(true)
                        .addToProperties(
                            "color",
                            new JSONSchemaPropsBuilder()
                                .withType("string")
                                .withDefault(JsonNodeFactory.instance.stringNode("grey"))
                                .build())
                        .build())
                .build())
        .endSchema()
        .addNewAdditionalPrinterColumn()
        .withName("SIZE")
        .withType("string")
        .withJsonPath(".spec.size")
        .endAdditionalPrinterColumn()
        .addNewAdditionalPrinterColumn()
        .withName("READY")
        .withType("boolean")
        .withJsonPath(".status.ready")
        .endAdditionalPrinterColumn()
        .addNewAdditionalPrinterColumn()
        .withName("PARTS")
        .withType("string")
        .withJsonPath(".status.parts[*].name")
        .endAdditionalPrinterColumn()
        .addNewAdditionalPrinterColumn()
        .withName("COUNT")
        .withType("integer")
        .withJsonPath(".status.count")
        .endAdditionalPrinterColumn()
        .addNewAdditionalPrinterColumn()
        .withName("LAST SEEN")
        .withType("date")
        .withJsonPath(".status.lastSeen")
        .endAdditionalPrinterColumn()
        .addNewAdditionalPrinterColumn()
        .withName("AGE")
        .withType("date")
        .withJsonPath(".metadata.creationTimestamp")
        .endAdditionalPrinterColumn()
        .endVersion()
        .endSpec()
        .build();
  }

  static GenericKubernetesResource widget(String name, String size) {
    return new GenericKubernetesResourceBuilder()
        .withApiVersion(GROUP + "/v1")
        .withKind("Widget")
        .withNewMetadata()
        .withName(name)
        .withNamespace("default")
        .endMetadata()
        .withAdditionalProperties(Map.of("spec", Map.of("size", size)))
        .build();
  }

  static MixedOperation<
          GenericKubernetesResource,
          GenericKubernetesResourceList,
          Resource<GenericKubernetesResource>>
      widgets(KubernetesClient client) {
    return client.genericKubernetesResources(CONTEXT);
  }

  /** Installs the CRD through the API, as kubectl apply would. */
  static void install(KubernetesClient client) {
    client.apiextensions().v1().customResourceDefinitions().resource(crd()).create();
  }

  /** Changes the schema of the installed CRD's {@code spec}, as a user edits a CRD in place. */
  static void editSpecSchema(KubernetesClient client, Consumer<JSONSchemaProps> edit) {
    client
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .withName("widgets." + GROUP)
        .edit(
            crd -> {
              edit.accept(
                  crd.getSpec()
                      .getVersions()
                      .get(0)
                      .getSchema()
                      .getOpenAPIV3Schema()
                      .getProperties()
                      .get("spec"));
              return crd;
            });
  }
}
