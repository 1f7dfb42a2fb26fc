package io.cronlog.runtime.deploy;

import static io.cronlog.runtime.deploy.Rendered.container;
import static org.assertj.core.api.Assertions.assertThat;

import io.cronlog.runtime.access.ServiceAccess;
import io.cronlog.runtime.config.Env;
import io.cronlog.runtime.config.KafkaSecurity;
import io.cronlog.runtime.config.KafkaSettings;
import io.cronlog.runtime.config.SaslSettings;
import io.cronlog.runtime.config.TlsSettings;
import io.cronlog.runtime.deploy.Rendered.Permission;
import io.cronlog.runtime.topics.TopicSettings;
import io.cronlog.runtime.topics.Topics;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.acl.AclOperation;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Renders deploy/'s base and every overlay with {@code kubectl kustomize}, as a user applies them,
 * and holds what they grant to what the code does: RBAC to the API calls each service makes, Kafka
 * ACLs to {@link ServiceAccess}, KafkaTopics to {@link TopicSettings}; and every Deployment to a
 * PodDisruptionBudget and NetworkPolicies that let it reach Kafka, DNS and (if it talks to it) the
 * API server, and nothing else; and each service's pod to Kafka settings the service accepts.
 */
class RenderedManifestsTest {

  private static final String NAMESPACE = Rendered.NAMESPACE;
  private static final String CLUSTER = Rendered.CLUSTER;
  private static final String KAFKA = "cronlog-kafka";

  /**
   * Every Kubernetes API call each service makes, as the permission it needs, in one place. Found
   * in each service's src/main (grep {@code kube.resources(}, {@code .batch().v1().jobs()}, {@code
   * leases}, {@code events}); the comment names the code of each call. A service's roles must grant
   * exactly these: a call missing here fails with 403 in a real cluster, a grant beyond them is
   * power no code uses.
   */
  private static final Map<String, Set<Permission>> API_CALLS =
      Map.of(
          "cronlog-watcher",
              union(
                  // watcher observe/ClusterObserver:
                  // client.resources(ScheduledJob.class)...inform() and
                  // client.batch().v1().jobs()...inform(), in every namespace (or each of
                  // CRONLOG_WATCHER_NAMESPACES): an informer lists, then watches. It never GETs one
                  // object.
                  cluster("cronlog.io", "scheduledjobs", "list", "watch"),
                  cluster("batch", "jobs", "list", "watch"),
                  // watcher lead/LeaseElection: fabric8's LeaseLock in the watcher's own namespace
                  // reads the
                  // holder (get), makes the Lease once (create), and renews, takes over and
                  // releases it with
                  // ResourceLock.update, a JSON merge patch (patch).
                  namespaced("coordination.k8s.io", "leases", "get", "create", "patch")),
          // The scheduler talks to Kafka only: no Kubernetes client at all.
          "cronlog-scheduler", Set.of(),
          "cronlog-executor",
              union(
                  // executor act/ScheduledJobCache:
                  // kube.resources(ScheduledJob.class).inAnyNamespace()
                  // .runnableInformer (list, watch); act/LiveTarget.get and act/StatusWriter:
                  // ...withName().get()
                  cluster("cronlog.io", "scheduledjobs", "get", "list", "watch"),
                  // executor act/StatusWriter: ...resource(current).updateStatus(), a PUT to the
                  // subresource
                  cluster("cronlog.io", "scheduledjobs/status", "update"),
                  // executor act/CreateJobAction: jobs()...resource(job).create() and
                  // ...withName().get();
                  // act/DeleteJobAction: ...withName().get() and
                  // ...withPropagationPolicy().delete();
                  // act/UpdateStatusAction: ...withName().get(); act/LiveTarget.controlledJobs:
                  // ...withLabel().list()
                  cluster("batch", "jobs", "get", "list", "create", "delete"),
                  // executor act/EventRecorder:
                  // kube.v1().events().inNamespace(..).resource(event).create()
                  cluster("", "events", "create")));

  /**
   * The services' Deployments, by the name each service's KafkaUser and ServiceAccount also have.
   */
  private static final Map<String, ServiceAccess> SERVICES =
      Map.of(
          "cronlog-watcher",
          ServiceAccess.WATCHER,
          "cronlog-scheduler",
          ServiceAccess.SCHEDULER,
          "cronlog-executor",
          ServiceAccess.EXECUTOR);

  @ParameterizedTest
  @ValueSource(strings = {".", "overlays/strimzi", "overlays/external"})
  void eachServiceAccountMayMakeExactlyTheApiCallsItsServiceMakes(String kustomization) {
    Rendered rendered = Rendered.of(kustomization);
    assertThat(rendered.all(Deployment.class))
        .extracting(d -> d.getMetadata().getName())
        .containsExactlyInAnyOrderElementsOf(API_CALLS.keySet());
    for (Deployment deployment : rendered.all(Deployment.class)) {
      String name = deployment.getMetadata().getName();
      String account = deployment.getSpec().getTemplate().getSpec().getServiceAccountName();
      assertThat(rendered.permissionsOf(account))
          .as("%s: what the roles bound to ServiceAccount %s grant", kustomization, account)
          .containsExactlyInAnyOrderElementsOf(API_CALLS.get(name));
      if (API_CALLS.get(name).isEmpty()) {
        // Nothing to call, so no token to lose either.
        assertThat(deployment.getSpec().getTemplate().getSpec().getAutomountServiceAccountToken())
            .as("%s: %s mounts a token", kustomization, name)
            .isFalse();
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {".", "overlays/strimzi", "overlays/external"})
  void everyDeploymentHasADisruptionBudget(String kustomization) {
    Rendered rendered = Rendered.of(kustomization);
    for (Deployment deployment : rendered.all(Deployment.class)) {
      Map<String, String> labels = deployment.getSpec().getTemplate().getMetadata().getLabels();
      assertThat(rendered.all(PodDisruptionBudget.class))
          .as(
              "%s: PodDisruptionBudgets selecting %s",
              kustomization, deployment.getMetadata().getName())
          .filteredOn(
              pdb ->
                  NAMESPACE.equals(pdb.getMetadata().getNamespace())
                      && selects(pdb.getSpec().getSelector(), labels))
          .singleElement()
          .satisfies(pdb -> assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isOne());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {".", "overlays/strimzi", "overlays/external"})
  void theServicesTakeOnlyTheOpsPortAndReachOnlyDnsKafkaAndTheApiServer(String kustomization) {
    Rendered rendered = Rendered.of(kustomization);
    String kafkaPort = rendered.config().get(KafkaSettings.BOOTSTRAP_SERVERS).replaceAll(".*:", "");
    for (Deployment deployment : rendered.all(Deployment.class)) {
      String name = deployment.getMetadata().getName();
      Map<String, String> labels = deployment.getSpec().getTemplate().getMetadata().getLabels();
      List<NetworkPolicy> policies =
          rendered.all(NetworkPolicy.class).stream()
              .filter(p -> selects(p.getSpec().getPodSelector(), labels))
              .toList();
      // The policy named cronlog isolates all three both ways.
      assertThat(policies)
          .as("%s: NetworkPolicies selecting %s", kustomization, name)
          .anySatisfy(
              p -> {
                assertThat(p.getMetadata().getName()).isEqualTo("cronlog");
                assertThat(p.getSpec().getPolicyTypes())
                    .containsExactlyInAnyOrder("Ingress", "Egress");
              });
      Set<String> ingress = new HashSet<>();
      Set<String> egress = new HashSet<>();
      for (NetworkPolicy policy : policies) {
        for (NetworkPolicyIngressRule rule :
            Objects.requireNonNullElse(
                policy.getSpec().getIngress(), List.<NetworkPolicyIngressRule>of())) {
          assertThat(rule.getPorts())
              .as("%s: %s lets in every port", kustomization, policy.getMetadata().getName())
              .isNotEmpty();
          rule.getPorts()
              .forEach(port -> ingress.add(port.getProtocol() + "/" + port.getPort().getValue()));
        }
        for (NetworkPolicyEgressRule rule :
            Objects.requireNonNullElse(
                policy.getSpec().getEgress(), List.<NetworkPolicyEgressRule>of())) {
          assertThat(rule.getPorts())
              .as("%s: %s lets out every port", kustomization, policy.getMetadata().getName())
              .isNotEmpty();
          rule.getPorts()
              .forEach(port -> egress.add(port.getProtocol() + "/" + port.getPort().getValue()));
        }
      }
      assertThat(ingress)
          .as("%s: ports open to %s", kustomization, name)
          .containsExactly("TCP/8080");
      Set<String> expected = new HashSet<>(Set.of("UDP/53", "TCP/53", "TCP/" + kafkaPort));
      if (!API_CALLS.get(name).isEmpty()) {
        expected.addAll(Set.of("TCP/443", "TCP/6443"));
      }
      assertThat(egress)
          .as("%s: ports %s may reach", kustomization, name)
          .containsExactlyInAnyOrderElementsOf(expected);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {".", "overlays/external"})
  void withoutStrimziThereAreNoStrimziResources(String kustomization) {
    assertThat(Rendered.of(kustomization).all(GenericKubernetesResource.class)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"overlays/strimzi", "overlays/external"})
  void eachServiceReadsItsOwnPasswordAndTheCaFromTheFilesItsConfigNames(String kustomization) {
    Rendered rendered = Rendered.of(kustomization);
    Map<String, String> config = rendered.config();
    assertThat(config.get("KAFKA_SECURITY_PROTOCOL")).isEqualTo("SASL_SSL");
    for (Deployment deployment : rendered.all(Deployment.class)) {
      String name = deployment.getMetadata().getName();
      String service = name.substring("cronlog-".length());
      Map<String, String> secretKeys = new HashMap<>();
      secretKeys.putAll(mountedSecretKeys(deployment, config.get("KAFKA_SASL_PASSWORD_FILE")));
      secretKeys.putAll(mountedSecretKeys(deployment, config.get("KAFKA_SSL_TRUSTSTORE_LOCATION")));
      EnvVar username = env(deployment, "KAFKA_SASL_USERNAME");
      if (kustomization.equals("overlays/strimzi")) {
        // The User Operator writes each KafkaUser's password into a Secret of the user's name.
        assertThat(username.getValue()).isEqualTo(name);
        assertThat(secretKeys)
            .as(name)
            .containsExactlyInAnyOrderEntriesOf(
                Map.of(
                    config.get("KAFKA_SASL_PASSWORD_FILE"), name + "/password",
                    config.get("KAFKA_SSL_TRUSTSTORE_LOCATION"),
                        KAFKA + "-cluster-ca-cert/ca.crt"));
      } else {
        assertThat(username.getValueFrom().getSecretKeyRef().getName()).isEqualTo("cronlog-kafka");
        assertThat(username.getValueFrom().getSecretKeyRef().getKey())
            .isEqualTo(service + ".username");
        assertThat(secretKeys)
            .as(name)
            .containsExactlyInAnyOrderEntriesOf(
                Map.of(
                    config.get("KAFKA_SASL_PASSWORD_FILE"),
                    "cronlog-kafka/" + service + ".password",
                    config.get("KAFKA_SSL_TRUSTSTORE_LOCATION"),
                    "cronlog-kafka/ca.crt"));
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {".", "overlays/strimzi", "overlays/external"})
  void eachServiceAcceptsTheKafkaSettingsItsPodIsGiven(String kustomization, @TempDir Path mounted)
      throws IOException {
    Rendered rendered = Rendered.of(kustomization);
    Set<String> kafkaKeys =
        publicKeys(KafkaSettings.class, KafkaSecurity.class, SaslSettings.class, TlsSettings.class);
    for (Deployment deployment : rendered.all(Deployment.class)) {
      String name = deployment.getMetadata().getName();
      // The pod's environment as the service reads it: the ConfigMap, then the container's own env
      // (a Secret's key read as the user named after the service); mounted files where a test can
      // write them.
      Map<String, String> variables = new HashMap<>(rendered.config());
      for (EnvVar env : container(deployment).getEnv()) {
        variables.put(
            env.getName(),
            env.getValue() != null
                ? env.getValue()
                : env.getValueFrom().getSecretKeyRef() != null ? name : "from-the-pod");
      }
      variables.keySet().stream()
          .filter(key -> key.startsWith("KAFKA_"))
          .forEach(
              key ->
                  assertThat(kafkaKeys)
                      .as("%s: %s sets %s", kustomization, name, key)
                      .contains(key));
      for (VolumeMount mount : container(deployment).getVolumeMounts()) {
        variables.replaceAll(
            (key, value) ->
                value.startsWith(mount.getMountPath() + "/")
                    ? mounted.resolve(value.substring(1)).toString()
                    : value);
      }
      for (String value : variables.values()) {
        Path file = Path.of(value);
        if (file.startsWith(mounted)) {
          Files.createDirectories(file.getParent());
          Files.writeString(file, "secret\n");
        }
      }

      KafkaSettings settings = KafkaSettings.from(new Env(variables));
      if (kustomization.equals(".")) {
        assertThat(settings.security()).isEqualTo(KafkaSecurity.plaintext());
      } else {
        assertThat(settings.security().toString())
            .as("%s: %s", kustomization, name)
            .startsWith("SASL_SSL SCRAM-SHA-512 user " + name + " password ")
            .contains(" trusting " + mounted);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"overlays/strimzi"})
  void eachKafkaUserGrantsExactlyWhatItsServiceNeedsOnTopicsMadeAhead(String kustomization) {
    Rendered rendered = Rendered.of(kustomization);
    Topics topics =
        new Topics(
            rendered.config().getOrDefault(KafkaSettings.TOPIC_PREFIX, Topics.DEFAULT_PREFIX));
    Map<String, String> ids =
        Map.of(
            "cronlog-watcher",
                rendered.env("cronlog-watcher", "CRONLOG_WATCHER_TRANSACTIONAL_ID", null),
            "cronlog-scheduler",
                rendered.env("cronlog-scheduler", "CRONLOG_SCHEDULER_GROUP", "cronlog-scheduler"),
            "cronlog-executor",
                rendered.env("cronlog-executor", "CRONLOG_EXECUTOR_GROUP", "cronlog-executor"),
            "cronlog-audit", "");
    List<GenericKubernetesResource> users = rendered.strimzi("KafkaUser");
    assertThat(users)
        .extracting(u -> u.getMetadata().getName())
        .containsExactlyInAnyOrderElementsOf(ids.keySet());
    for (GenericKubernetesResource user : users) {
      String name = user.getMetadata().getName();
      ServiceAccess access =
          name.equals("cronlog-audit") ? ServiceAccess.AUDIT : SERVICES.get(name);
      assertThat(user.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", KAFKA);
      assertThat((String) user.get("spec", "authentication", "type")).isEqualTo("scram-sha-512");
      assertThat(acls(user))
          .as("%s: %s's ACLs", kustomization, name)
          .containsExactlyInAnyOrderElementsOf(
              strimziAcls(access.grantsOnExistingTopics(topics, ids.get(name))));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"overlays/strimzi"})
  void theKafkaTopicsAreMadeAsTheServicesWouldMakeThem(String kustomization) {
    Rendered rendered = Rendered.of(kustomization);
    Map<String, String> config = rendered.config();
    Topics topics =
        new Topics(config.getOrDefault(KafkaSettings.TOPIC_PREFIX, Topics.DEFAULT_PREFIX));
    TopicSettings settings =
        new TopicSettings(
            Integer.parseInt(config.get(KafkaSettings.PARTITIONS)),
            Short.parseShort(config.get(KafkaSettings.REPLICATION_FACTOR)),
            TopicSettings.DEFAULT_TRAIL_RETENTION_MS);
    List<String> names = new ArrayList<>(topics.keyed());
    names.add(topics.deadLetter());

    List<GenericKubernetesResource> kafkaTopics = rendered.strimzi("KafkaTopic");
    assertThat(kafkaTopics)
        .extracting(t -> (String) t.get("spec", "topicName"))
        .containsExactlyInAnyOrderElementsOf(names);
    for (GenericKubernetesResource topic : kafkaTopics) {
      String name = topic.get("spec", "topicName");
      assertThat(topic.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", KAFKA);
      assertThat(((Number) topic.get("spec", "partitions")).intValue())
          .as(name)
          .isEqualTo(settings.partitions());
      assertThat(((Number) topic.get("spec", "replicas")).intValue())
          .as(name)
          .isEqualTo(settings.replicationFactor());
      Map<String, Object> configs = topic.get("spec", "config");
      assertThat(
              configs.entrySet().stream()
                  .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().toString())))
          .as(name)
          .containsExactlyInAnyOrderEntriesOf(settings.configsFor(topics, name));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"overlays/strimzi"})
  void theKafkaIsAKraftClusterOfNodePoolsWithScramOnItsOnlyListener(String kustomization) {
    Rendered rendered = Rendered.of(kustomization);
    assertThat(rendered.strimzi("Kafka"))
        .singleElement()
        .satisfies(
            kafka -> {
              assertThat(kafka.getMetadata().getName()).isEqualTo(KAFKA);
              assertThat(kafka.getMetadata().getAnnotations())
                  .containsEntry("strimzi.io/kraft", "enabled")
                  .containsEntry("strimzi.io/node-pools", "enabled");
              List<Map<String, Object>> listeners = kafka.get("spec", "kafka", "listeners");
              assertThat(listeners)
                  .singleElement()
                  .satisfies(
                      listener -> {
                        assertThat(listener).containsEntry("tls", true).containsEntry("port", 9093);
                        assertThat(listener.get("authentication"))
                            .isEqualTo(Map.of("type", "scram-sha-512"));
                      });
              assertThat((String) kafka.get("spec", "kafka", "authorization", "type"))
                  .isEqualTo("simple");
              assertThat(rendered.config().get(KafkaSettings.BOOTSTRAP_SERVERS))
                  .isEqualTo(KAFKA + "-kafka-bootstrap:9093");
            });
    assertThat(rendered.strimzi("KafkaNodePool"))
        .singleElement()
        .satisfies(
            pool -> {
              assertThat(pool.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", KAFKA);
              assertThat(pool.<List<String>>get("spec", "roles"))
                  .containsExactlyInAnyOrder("controller", "broker");
            });
  }

  // --- what the objects say ---

  private static EnvVar env(Deployment deployment, String key) {
    return container(deployment).getEnv().stream()
        .filter(e -> e.getName().equals(key))
        .findFirst()
        .orElseThrow(
            () -> new AssertionError(deployment.getMetadata().getName() + " does not set " + key));
  }

  /**
   * The file {@code file} as the pod sees it: {@code secret/key}, from a secret or projected
   * volume.
   */
  private static Map<String, String> mountedSecretKeys(Deployment deployment, String file) {
    Path path = Path.of(file);
    String dir = path.getParent().toString();
    String name = path.getFileName().toString();
    VolumeMount mount =
        container(deployment).getVolumeMounts().stream()
            .filter(m -> m.getMountPath().equals(dir))
            .findFirst()
            .orElseThrow(
                () ->
                    new AssertionError(
                        deployment.getMetadata().getName() + " mounts nothing at " + dir));
    Volume volume =
        deployment.getSpec().getTemplate().getSpec().getVolumes().stream()
            .filter(v -> v.getName().equals(mount.getName()))
            .findFirst()
            .orElseThrow();
    List<String> sources = new ArrayList<>();
    if (volume.getSecret() != null) {
      volume.getSecret().getItems().stream()
          .filter(i -> i.getPath().equals(name))
          .forEach(i -> sources.add(volume.getSecret().getSecretName() + "/" + i.getKey()));
    }
    if (volume.getProjected() != null) {
      volume.getProjected().getSources().stream()
          .map(s -> s.getSecret())
          .filter(Objects::nonNull)
          .forEach(
              secret ->
                  secret.getItems().stream()
                      .filter(i -> i.getPath().equals(name))
                      .forEach(i -> sources.add(secret.getName() + "/" + i.getKey())));
    }
    assertThat(sources)
        .as("%s: what %s holds", deployment.getMetadata().getName(), file)
        .hasSize(1);
    return Map.of(file, sources.get(0));
  }

  /**
   * Whether {@code selector} selects pods labelled {@code labels} (matchLabels and
   * In/NotIn/Exists).
   */
  private static boolean selects(LabelSelector selector, Map<String, String> labels) {
    if (selector == null) {
      return false;
    }
    if (selector.getMatchLabels() != null
        && !labels.entrySet().containsAll(selector.getMatchLabels().entrySet())) {
      return false;
    }
    for (LabelSelectorRequirement requirement :
        Objects.requireNonNullElse(
            selector.getMatchExpressions(), List.<LabelSelectorRequirement>of())) {
      String value = labels.get(requirement.getKey());
      boolean matches =
          switch (requirement.getOperator()) {
            case "In" -> requirement.getValues().contains(value);
            case "NotIn" -> value == null || !requirement.getValues().contains(value);
            case "Exists" -> value != null;
            case "DoesNotExist" -> value == null;
            default ->
                throw new AssertionError("unknown selector operator " + requirement.getOperator());
          };
      if (!matches) {
        return false;
      }
    }
    return true;
  }

  @SuppressWarnings("unchecked")
  private static Set<String> acls(GenericKubernetesResource user) {
    Set<String> granted = new HashSet<>();
    List<Map<String, Object>> acls = user.get("spec", "authorization", "acls");
    for (Map<String, Object> acl : acls) {
      Map<String, Object> resource = (Map<String, Object>) acl.get("resource");
      assertThat(resource.get("patternType")).isEqualTo("literal");
      for (String operation : (List<String>) acl.get("operations")) {
        granted.add(resource.get("type") + " " + resource.get("name") + " " + operation);
      }
    }
    return granted;
  }

  /**
   * The grants in Strimzi's words: {@code topic cronlog.events Write}, {@code transactionalId ...
   * Write}.
   */
  private static Set<String> strimziAcls(List<ServiceAccess.Grant> grants) {
    Set<String> acls = new HashSet<>();
    for (ServiceAccess.Grant grant : grants) {
      String type =
          switch (grant.type()) {
            case TOPIC -> "topic";
            case GROUP -> "group";
            case TRANSACTIONAL_ID -> "transactionalId";
            default -> throw new IllegalArgumentException("no Strimzi name for " + grant.type());
          };
      for (AclOperation operation : grant.operations()) {
        StringBuilder name = new StringBuilder();
        for (String word : operation.name().split("_")) {
          name.append(word.charAt(0)).append(word.substring(1).toLowerCase(Locale.ROOT));
        }
        acls.add(type + " " + grant.name() + " " + name);
      }
    }
    return acls;
  }

  /** The environment keys the classes declare: their public String constants named in capitals. */
  private static Set<String> publicKeys(Class<?>... types) {
    Set<String> keys = new HashSet<>();
    for (Class<?> type : types) {
      for (Field field : type.getFields()) {
        if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
          try {
            keys.add((String) field.get(null));
          } catch (IllegalAccessException e) {
            throw new AssertionError(e);
          }
        }
      }
    }
    return keys;
  }

  // --- the table's vocabulary ---

  private static Set<Permission> cluster(String group, String resource, String... verbs) {
    return Arrays.stream(verbs)
        .map(v -> new Permission(CLUSTER, group, resource, v))
        .collect(Collectors.toSet());
  }

  private static Set<Permission> namespaced(String group, String resource, String... verbs) {
    return Arrays.stream(verbs)
        .map(v -> new Permission(NAMESPACE, group, resource, v))
        .collect(Collectors.toSet());
  }

  @SafeVarargs
  private static Set<Permission> union(Set<Permission>... sets) {
    Set<Permission> all = new HashSet<>();
    for (Set<Permission> set : sets) {
      all.addAll(set);
    }
    return Set.copyOf(all);
  }
}
