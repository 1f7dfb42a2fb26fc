package io.cronlog.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps the Kubernetes manifests of deploy/base/ true to what the services read and promise. The
 * overlays, rendered by kubectl, are checked by runtime's RenderedManifestsTest.
 */
class DeployManifestsTest {

  private static final Path DEPLOY = Path.of("..", "deploy", "base");
  private static final String NAMESPACE = "cronlog";

  /**
   * The generated CRD's own kustomization, outside the base so that the CRD stays where the build
   * refreshes it.
   */
  private static final String CRDS = "../crds";

  /**
   * Every environment key a service declares. The api module does not depend on the services, so
   * this is a copy: the constants of records' KafkaSettings, watcher's WatcherConfig, scheduler's
   * SchedulerConfig and executor's ExecutorConfig, and the one the java launcher itself reads. A
   * key in deploy/ that is not here is a typo or a key that was renamed: the service would silently
   * use its default.
   */
  private static final Set<String> DECLARED_KEYS =
      Set.of(
          // KafkaSettings
          "KAFKA_BOOTSTRAP_SERVERS",
          "CRONLOG_TOPIC_PREFIX",
          "CRONLOG_PARTITIONS",
          "CRONLOG_REPLICATION_FACTOR",
          // WatcherConfig
          "CRONLOG_WATCHER_NAMESPACES",
          "CRONLOG_WATCHER_TRANSACTIONAL_ID",
          "CRONLOG_WATCHER_QUEUE_CAPACITY",
          "CRONLOG_WATCHER_MAX_BATCH",
          "CRONLOG_WATCHER_LEASE_NAME",
          "CRONLOG_WATCHER_LEASE_NAMESPACE",
          "CRONLOG_WATCHER_LEASE_IDENTITY",
          "CRONLOG_WATCHER_LEASE_DURATION",
          "CRONLOG_WATCHER_LEASE_RENEW_DEADLINE",
          "CRONLOG_WATCHER_LEASE_RETRY_PERIOD",
          // SchedulerConfig
          "CRONLOG_SCHEDULER_GROUP",
          "CRONLOG_SCHEDULER_SAFETY_CHECK",
          "CRONLOG_SCHEDULER_TIMER_THREADS",
          // ExecutorConfig
          "CRONLOG_EXECUTOR_GROUP",
          "CRONLOG_EXECUTOR_API_QPS",
          "CRONLOG_EXECUTOR_API_BURST",
          "CRONLOG_EXECUTOR_EVENT_QPS",
          "CRONLOG_EXECUTOR_EVENT_BURST",
          "CRONLOG_EXECUTOR_RETRY_INITIAL_BACKOFF",
          "CRONLOG_EXECUTOR_RETRY_MAX_BACKOFF",
          "CRONLOG_EXECUTOR_RETRY_MAX_ATTEMPTS",
          "CRONLOG_MAX_CLOCK_SKEW",
          // The java launcher: the scheduler's JIT setting, beside the image's JAVA_TOOL_OPTIONS
          "JDK_JAVA_OPTIONS");

  private static List<HasMetadata> manifests;

  @BeforeAll
  static void parseManifests() throws IOException {
    manifests = parse(DEPLOY, kustomizationResources(DEPLOY));
  }

  @Test
  void kustomizationListsEveryManifestWithTheGeneratedCrdFirst() throws IOException {
    Set<String> onDisk;
    try (Stream<Path> files = Files.walk(DEPLOY)) {
      onDisk =
          files
              .filter(DeployManifestsTest::isYaml)
              .map(file -> DEPLOY.relativize(file).toString().replace('\\', '/'))
              .filter(name -> !name.equals("kustomization.yaml"))
              .collect(Collectors.toSet());
    }
    List<String> listed = kustomizationResources(DEPLOY);
    assertThat(listed)
        .as("deploy/base/kustomization.yaml resources")
        .containsExactlyInAnyOrderElementsOf(
            Stream.concat(Stream.of(CRDS), onDisk.stream()).toList());
    assertThat(listed.get(0)).isEqualTo(CRDS);
    assertThat(resources(CustomResourceDefinition.class))
        .extracting(crd -> crd.getMetadata().getName())
        .containsExactly("scheduledjobs.cronlog.io");
  }

  @Test
  void everyNamespacedObjectIsInTheCronlogNamespace() {
    assertThat(resources(Namespace.class))
        .extracting(ns -> ns.getMetadata().getName())
        .containsExactly(NAMESPACE);
    List<HasMetadata> namespaced =
        manifests.stream()
            .filter(
                r ->
                    r instanceof Deployment
                        || r instanceof ServiceAccount
                        || r instanceof ConfigMap
                        || r instanceof RoleBinding
                        || r instanceof Role)
            .toList();
    assertThat(namespaced)
        .isNotEmpty()
        .allSatisfy(
            r -> assertThat(r.getMetadata().getNamespace()).as(describe(r)).isEqualTo(NAMESPACE));
  }

  @Test
  void eachServiceRunsItsOwnMainFromTheSameImage() {
    assertThat(resources(Deployment.class))
        .extracting(d -> d.getMetadata().getName(), d -> container(d).getArgs())
        .containsExactlyInAnyOrder(
            tuple("cronlog-watcher", List.of("io.cronlog.watcher.Main")),
            tuple("cronlog-scheduler", List.of("io.cronlog.scheduler.Main")),
            tuple("cronlog-executor", List.of("io.cronlog.executor.Main")));
    assertThat(resources(Deployment.class))
        .extracting(d -> container(d).getImage())
        .containsOnly("cronlog");
  }

  @Test
  void everyEnvironmentKeyIsOneTheServicesDeclare() {
    List<String> keys = new ArrayList<>();
    resources(ConfigMap.class).forEach(cm -> keys.addAll(cm.getData().keySet()));
    resources(Deployment.class)
        .forEach(d -> container(d).getEnv().forEach(env -> keys.add(env.getName())));
    assertThat(keys)
        .isNotEmpty()
        .allSatisfy(key -> assertThat(DECLARED_KEYS).as("declared keys").contains(key));
  }

  @Test
  void everyServiceReadsTheSharedConfigMapWhichNamesKafka() {
    ConfigMap config =
        resources(ConfigMap.class).stream()
            .filter(cm -> cm.getMetadata().getName().equals("cronlog-config"))
            .findFirst()
            .orElseThrow();
    assertThat(config.getData()).containsKey("KAFKA_BOOTSTRAP_SERVERS");
    assertThat(resources(Deployment.class))
        .allSatisfy(
            d ->
                assertThat(container(d).getEnvFrom())
                    .as(describe(d))
                    .extracting(EnvFromSource::getConfigMapRef)
                    .isNotEmpty()
                    .allSatisfy(ref -> assertThat(ref.getName()).isEqualTo("cronlog-config")));
  }

  @Test
  void watcherTransactionalIdIsOneLiteralForEveryReplica() {
    // It fences a watcher that lost its place: an id per pod (from a fieldRef) would fence nothing.
    Deployment watcher = deployment("cronlog-watcher");
    EnvVar id =
        container(watcher).getEnv().stream()
            .filter(env -> env.getName().equals("CRONLOG_WATCHER_TRANSACTIONAL_ID"))
            .findFirst()
            .orElseThrow();
    assertThat(id.getValueFrom()).isNull();
    assertThat(id.getValue()).isNotBlank();
  }

  @Test
  void watcherRunsAStandbyReplicaElectedThroughALeaseInItsOwnNamespace() {
    Deployment watcher = deployment("cronlog-watcher");
    assertThat(watcher.getSpec().getReplicas()).isEqualTo(2);
    Map<String, EnvVar> env =
        container(watcher).getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
    // Each pod campaigns under its own name; the lease sits where the Role below allows it.
    assertThat(
            env.get("CRONLOG_WATCHER_LEASE_IDENTITY").getValueFrom().getFieldRef().getFieldPath())
        .isEqualTo("metadata.name");
    assertThat(
            env.get("CRONLOG_WATCHER_LEASE_NAMESPACE").getValueFrom().getFieldRef().getFieldPath())
        .isEqualTo("metadata.namespace");
  }

  @Test
  void watcherMayWriteOnlyLeasesAndOnlyInTheCronlogNamespace() {
    String account =
        deployment("cronlog-watcher").getSpec().getTemplate().getSpec().getServiceAccountName();
    List<RoleBinding> bindings =
        resources(RoleBinding.class).stream()
            .filter(b -> b.getSubjects().stream().anyMatch(s -> s.getName().equals(account)))
            .toList();
    assertThat(bindings)
        .singleElement()
        .satisfies(
            binding -> {
              assertThat(binding.getMetadata().getNamespace()).isEqualTo(NAMESPACE);
              assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
              Role role =
                  resources(Role.class).stream()
                      .filter(r -> r.getMetadata().getName().equals(binding.getRoleRef().getName()))
                      .findFirst()
                      .orElseThrow();
              assertThat(role.getMetadata().getNamespace()).isEqualTo(NAMESPACE);
              assertThat(role.getRules())
                  .singleElement()
                  .satisfies(
                      rule -> {
                        assertThat(rule.getApiGroups()).containsExactly("coordination.k8s.io");
                        assertThat(rule.getResources()).containsExactly("leases");
                        // fabric8's LeaseLock renews with a JSON merge patch, never a PUT.
                        assertThat(rule.getVerbs())
                            .containsExactlyInAnyOrder("get", "create", "patch");
                      });
            });
  }

  @Test
  void schedulerHasNoKubernetesAccess() {
    Deployment scheduler = deployment("cronlog-scheduler");
    PodSpec pod = scheduler.getSpec().getTemplate().getSpec();
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    ServiceAccount account =
        resources(ServiceAccount.class).stream()
            .filter(sa -> sa.getMetadata().getName().equals(pod.getServiceAccountName()))
            .findFirst()
            .orElseThrow();
    assertThat(account.getAutomountServiceAccountToken()).isFalse();
    assertThat(resources(ClusterRoleBinding.class))
        .flatExtracting(ClusterRoleBinding::getSubjects)
        .noneSatisfy(
            subject -> assertThat(subject.getName()).isEqualTo(account.getMetadata().getName()));
  }

  @Test
  void onlyTheExecutorMayWriteToTheKubernetesApi() {
    Set<String> readVerbs = Set.of("get", "list", "watch");
    for (ClusterRole role : resources(ClusterRole.class)) {
      boolean writes =
          role.getRules().stream()
              .map(PolicyRule::getVerbs)
              .flatMap(List::stream)
              .anyMatch(verb -> !readVerbs.contains(verb));
      assertThat(writes)
          .as(describe(role))
          .isEqualTo(role.getMetadata().getName().equals("cronlog-executor"));
    }
    assertThat(resources(ClusterRoleBinding.class))
        .allSatisfy(
            binding -> {
              assertThat(binding.getRoleRef().getName())
                  .as(describe(binding))
                  .isEqualTo(binding.getMetadata().getName());
              assertThat(binding.getSubjects())
                  .singleElement()
                  .satisfies(
                      subject -> {
                        assertThat(subject.getKind()).isEqualTo("ServiceAccount");
                        assertThat(subject.getNamespace()).isEqualTo(NAMESPACE);
                        assertThat(subject.getName()).isEqualTo(binding.getMetadata().getName());
                      });
            });
  }

  @Test
  void everyPodRunsHardenedWithLimits() {
    assertThat(resources(Deployment.class))
        .isNotEmpty()
        .allSatisfy(
            d -> {
              PodSpec pod = d.getSpec().getTemplate().getSpec();
              assertThat(pod.getSecurityContext().getRunAsNonRoot()).as(describe(d)).isTrue();
              assertThat(pod.getSecurityContext().getRunAsUser()).as(describe(d)).isPositive();
              assertThat(pod.getContainers())
                  .as(describe(d))
                  .singleElement()
                  .satisfies(
                      container -> {
                        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem())
                            .isTrue();
                        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation())
                            .isFalse();
                        assertThat(container.getSecurityContext().getCapabilities().getDrop())
                            .containsExactly("ALL");
                        assertThat(container.getResources().getRequests())
                            .containsKeys("cpu", "memory");
                        assertThat(container.getResources().getLimits()).containsKey("memory");
                      });
            });
  }

  private static Deployment deployment(String name) {
    return resources(Deployment.class).stream()
        .filter(d -> d.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no Deployment " + name + " in deploy/"));
  }

  private static Container container(Deployment deployment) {
    return deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  private static String describe(HasMetadata resource) {
    return resource.getKind() + " " + resource.getMetadata().getName();
  }

  private static <T extends HasMetadata> List<T> resources(Class<T> type) {
    return manifests.stream().filter(type::isInstance).map(type::cast).toList();
  }

  /**
   * Every object of every file, parsed into fabric8's model; a directory is a kustomization of its
   * own.
   */
  private static List<HasMetadata> parse(Path root, List<String> files) throws IOException {
    List<HasMetadata> all = new ArrayList<>();
    for (String file : files) {
      Path path = root.resolve(file);
      if (Files.isDirectory(path)) {
        all.addAll(parse(path, kustomizationResources(path)));
        continue;
      }
      Object parsed = Serialization.unmarshal(Files.readString(path));
      if (parsed instanceof List<?> documents) {
        documents.forEach(document -> all.add((HasMetadata) document));
      } else {
        all.add((HasMetadata) parsed);
      }
    }
    return all;
  }

  @SuppressWarnings("unchecked")
  private static List<String> kustomizationResources(Path root) throws IOException {
    Map<String, Object> kustomization =
        Serialization.unmarshal(Files.readString(root.resolve("kustomization.yaml")), Map.class);
    return (List<String>) kustomization.get("resources");
  }

  private static boolean isYaml(Path file) {
    String name = file.getFileName().toString();
    return Files.isRegularFile(file) && (name.endsWith(".yaml") || name.endsWith(".yml"));
  }
}
