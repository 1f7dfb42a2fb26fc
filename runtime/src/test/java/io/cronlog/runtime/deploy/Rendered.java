package io.cronlog.runtime.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The objects of one kustomization under deploy/, rendered by {@code kubectl kustomize} as {@code
 * kubectl apply -k} would apply them and parsed into fabric8's model (Strimzi's kinds as generic
 * resources), with what RenderedManifestsTest asks of them.
 */
record Rendered(List<HasMetadata> objects) {

  static final String NAMESPACE = "cronlog";

  /** The scope of a permission a ClusterRoleBinding gives: every namespace. */
  static final String CLUSTER = "*";

  private static final Path DEPLOY = Path.of("..", "deploy");

  /** Each kustomization rendered once for all the tests that read it. */
  private static final Map<String, Rendered> RENDERED = new ConcurrentHashMap<>();

  /**
   * One permission RBAC gives: where ({@value #CLUSTER} for every namespace), API group, resource,
   * verb.
   */
  record Permission(String scope, String apiGroup, String resource, String verb) {}

  <T extends HasMetadata> List<T> all(Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  List<GenericKubernetesResource> strimzi(String kind) {
    return all(GenericKubernetesResource.class).stream()
        .filter(
            r -> r.getKind().equals(kind) && r.getApiVersion().equals("kafka.strimzi.io/v1beta2"))
        .toList();
  }

  Map<String, String> config() {
    return all(ConfigMap.class).stream()
        .filter(cm -> cm.getMetadata().getName().equals("cronlog-config"))
        .findFirst()
        .orElseThrow()
        .getData();
  }

  /**
   * The value a Deployment's container sets for {@code key}, else the ConfigMap's, else {@code
   * otherwise}.
   */
  String env(String deployment, String key, String otherwise) {
    Deployment d =
        all(Deployment.class).stream()
            .filter(x -> x.getMetadata().getName().equals(deployment))
            .findFirst()
            .orElseThrow();
    return container(d).getEnv().stream()
        .filter(e -> e.getName().equals(key))
        .map(EnvVar::getValue)
        .findFirst()
        .orElse(config().getOrDefault(key, otherwise));
  }

  /**
   * Every permission the Roles and ClusterRoles bound to ServiceAccount {@code account} of cronlog
   * give.
   */
  Set<Permission> permissionsOf(String account) {
    Set<Permission> granted = new HashSet<>();
    for (ClusterRoleBinding binding : all(ClusterRoleBinding.class)) {
      if (bindsAccount(binding.getSubjects(), account)) {
        granted.addAll(permissions(CLUSTER, rulesOf(binding.getRoleRef(), null)));
      }
    }
    for (RoleBinding binding : all(RoleBinding.class)) {
      if (bindsAccount(binding.getSubjects(), account)) {
        granted.addAll(
            permissions(
                binding.getMetadata().getNamespace(),
                rulesOf(binding.getRoleRef(), binding.getMetadata().getNamespace())));
      }
    }
    return granted;
  }

  private List<PolicyRule> rulesOf(RoleRef ref, String namespace) {
    if (ref.getKind().equals("ClusterRole")) {
      return all(ClusterRole.class).stream()
          .filter(r -> r.getMetadata().getName().equals(ref.getName()))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no ClusterRole " + ref.getName()))
          .getRules();
    }
    return all(Role.class).stream()
        .filter(
            r ->
                r.getMetadata().getName().equals(ref.getName())
                    && r.getMetadata().getNamespace().equals(namespace))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no Role " + namespace + "/" + ref.getName()))
        .getRules();
  }

  private static boolean bindsAccount(List<Subject> subjects, String account) {
    return subjects.stream()
        .anyMatch(
            s ->
                s.getKind().equals("ServiceAccount")
                    && s.getName().equals(account)
                    && NAMESPACE.equals(s.getNamespace()));
  }

  private static Set<Permission> permissions(String scope, List<PolicyRule> rules) {
    Set<Permission> permissions = new HashSet<>();
    for (PolicyRule rule : rules) {
      assertThat(rule.getResourceNames()).as("rules name no single object").isNullOrEmpty();
      for (String group : rule.getApiGroups()) {
        for (String resource : rule.getResources()) {
          for (String verb : rule.getVerbs()) {
            permissions.add(new Permission(scope, group, resource, verb));
          }
        }
      }
    }
    return permissions;
  }

  static Container container(Deployment deployment) {
    return deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  /** The rendering of deploy/{@code kustomization}, made once for all the tests that read it. */
  static Rendered of(String kustomization) {
    return RENDERED.computeIfAbsent(kustomization, Rendered::renderNow);
  }

  /**
   * What {@code kubectl apply -k deploy/KUSTOMIZATION} would apply; fails, never skips, without
   * kubectl.
   */
  private static Rendered renderNow(String kustomization) {
    Path dir = DEPLOY.resolve(kustomization).normalize();
    Process process;
    try {
      process = new ProcessBuilder("kubectl", "kustomize", dir.toString()).start();
    } catch (IOException e) {
      return fail(
          "kubectl is needed to render "
              + dir
              + " (kubectl kustomize) and was not found on the PATH: "
              + "install kubectl (.ci/run does) and run this test again. "
              + e.getMessage());
    }
    try {
      CompletableFuture<String> errors =
          CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
      String yaml = read(process.getInputStream());
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return fail("kubectl kustomize " + dir + " did not finish within 60 s");
      }
      if (process.exitValue() != 0) {
        return fail(
            "kubectl kustomize "
                + dir
                + " failed (exit "
                + process.exitValue()
                + "): "
                + errors.join());
      }
      return new Rendered(parse(yaml));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while rendering " + dir, e);
    }
  }

  private static List<HasMetadata> parse(String yaml) {
    Object parsed = Serialization.unmarshal(yaml);
    List<HasMetadata> objects = new ArrayList<>();
    if (parsed instanceof List<?> documents) {
      documents.forEach(document -> objects.add((HasMetadata) document));
    } else {
      objects.add((HasMetadata) parsed);
    }
    return objects;
  }

  private static String read(InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
