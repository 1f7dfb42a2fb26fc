package io.cronlog.runtime.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronlog.runtime.topics.Topics;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.acl.AclOperation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Holds deploy/overlays/strimzi/kafka-users/, the Strimzi KafkaUsers, to the ACL table the services
 * were proven with, for topics made ahead by the overlay's KafkaTopics (no Create).
 */
class KafkaUsersManifestTest {

  private static final Path USERS = Path.of("..", "deploy", "overlays", "strimzi", "kafka-users");
  private static final Map<ServiceAccess, String> IDS =
      Map.of(
          ServiceAccess.WATCHER,
          "cronlog-watcher",
          ServiceAccess.SCHEDULER,
          "cronlog-scheduler",
          ServiceAccess.EXECUTOR,
          "cronlog-executor",
          ServiceAccess.AUDIT,
          "");

  @ParameterizedTest
  @EnumSource(ServiceAccess.class)
  @SuppressWarnings("unchecked")
  void theKafkaUserGrantsExactlyTheTable(ServiceAccess service) throws IOException {
    String name = service.name().toLowerCase(Locale.ROOT);
    Map<String, Object> user =
        Serialization.unmarshal(Files.readString(USERS.resolve(name + ".yaml")), Map.class);
    Map<String, Object> spec = (Map<String, Object>) user.get("spec");
    List<Map<String, Object>> acls =
        (List<Map<String, Object>>) ((Map<String, Object>) spec.get("authorization")).get("acls");

    Set<String> granted = new HashSet<>();
    for (Map<String, Object> acl : acls) {
      Map<String, Object> resource = (Map<String, Object>) acl.get("resource");
      assertThat(resource.get("patternType")).isEqualTo("literal");
      for (String operation : (List<String>) acl.get("operations")) {
        granted.add(resource.get("type") + " " + resource.get("name") + " " + operation);
      }
    }
    Set<String> table = new HashSet<>();
    for (ServiceAccess.Grant grant :
        service.grantsOnExistingTopics(new Topics(Topics.DEFAULT_PREFIX), IDS.get(service))) {
      for (AclOperation operation : grant.operations()) {
        table.add(strimziType(grant) + " " + grant.name() + " " + strimziOperation(operation));
      }
    }
    assertThat(((Map<String, Object>) user.get("metadata")).get("name"))
        .isEqualTo("cronlog-" + name);
    assertThat(granted)
        .as(USERS.resolve(name + ".yaml").toString())
        .containsExactlyInAnyOrderElementsOf(table);
  }

  @ParameterizedTest
  @EnumSource(ServiceAccess.class)
  void theKustomizationListsTheUser(ServiceAccess service) throws IOException {
    assertThat(Files.readString(USERS.resolve("kustomization.yaml")))
        .contains("  - " + service.name().toLowerCase(Locale.ROOT) + ".yaml");
  }

  /** Strimzi's names: topic, group, transactionalId. */
  private static String strimziType(ServiceAccess.Grant grant) {
    return switch (grant.type()) {
      case TOPIC -> "topic";
      case GROUP -> "group";
      case TRANSACTIONAL_ID -> "transactionalId";
      default -> throw new IllegalArgumentException("no Strimzi name for " + grant.type());
    };
  }

  /** Strimzi's names: Create, DescribeConfigs. */
  private static String strimziOperation(AclOperation operation) {
    StringBuilder name = new StringBuilder();
    for (String word : operation.name().split("_")) {
      name.append(word.charAt(0)).append(word.substring(1).toLowerCase(Locale.ROOT));
    }
    return name.toString();
  }
}
