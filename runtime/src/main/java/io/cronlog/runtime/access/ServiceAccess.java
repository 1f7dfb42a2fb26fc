package io.cronlog.runtime.access;

import static org.apache.kafka.common.acl.AclOperation.CREATE;
import static org.apache.kafka.common.acl.AclOperation.DESCRIBE;
import static org.apache.kafka.common.acl.AclOperation.DESCRIBE_CONFIGS;
import static org.apache.kafka.common.acl.AclOperation.READ;
import static org.apache.kafka.common.acl.AclOperation.WRITE;

import io.cronlog.runtime.topics.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The Kafka ACLs each cronlog principal needs, found by reading what its clients do, and no more.
 * docs/security.md and deploy/overlays/strimzi/kafka-users/ write the same table down; tests hold
 * them to this one. Kafka lets READ and WRITE imply DESCRIBE, so DESCRIBE is listed only where
 * neither is granted.
 */
public enum ServiceAccess {

  /**
   * Creates missing topics and reads their size limits (Admin); publishes events, state, dead
   * letters and its RecordTooLarge warnings on commands in transactions of its transactional id;
   * reads state at the start of each term, assigned by hand, without a group.
   */
  WATCHER,
  /**
   * Creates missing topics; reads state in its consumer group; reads the commands' tail by hand
   * when a partition is assigned; writes commands and the dead letters of poison states.
   */
  SCHEDULER,
  /**
   * Creates missing topics; reads commands in its group and commits; writes outcomes and dead
   * letters.
   */
  EXECUTOR,
  /** {@code cronlog audit}: reads every topic of the trail, assigned by hand, commits nothing. */
  AUDIT;

  /** One grant: operations on a resource named literally. */
  public record Grant(ResourceType type, String name, Set<AclOperation> operations) {}

  /**
   * What this principal needs on the topics {@code topics} names.
   *
   * @param id the watcher's transactional id, or the scheduler's or executor's consumer group;
   *     ignored by the audit
   */
  public List<Grant> grants(Topics topics, String id) {
    List<Grant> grants = new ArrayList<>();
    switch (this) {
      case WATCHER -> {
        topic(grants, topics.events(), CREATE, WRITE, DESCRIBE_CONFIGS);
        topic(grants, topics.state(), CREATE, WRITE, READ, DESCRIBE_CONFIGS);
        topic(grants, topics.commands(), CREATE, WRITE, DESCRIBE_CONFIGS);
        topic(grants, topics.outcomes(), CREATE, DESCRIBE);
        topic(grants, topics.deadLetter(), CREATE, WRITE, DESCRIBE_CONFIGS);
        grants.add(new Grant(ResourceType.TRANSACTIONAL_ID, id, Set.of(WRITE)));
      }
      case SCHEDULER -> {
        topic(grants, topics.events(), CREATE, DESCRIBE);
        topic(grants, topics.state(), CREATE, READ);
        topic(grants, topics.commands(), CREATE, READ, WRITE);
        topic(grants, topics.outcomes(), CREATE, DESCRIBE);
        topic(grants, topics.deadLetter(), CREATE, WRITE);
        grants.add(new Grant(ResourceType.GROUP, id, Set.of(READ)));
      }
      case EXECUTOR -> {
        topic(grants, topics.events(), CREATE, DESCRIBE);
        topic(grants, topics.state(), CREATE, DESCRIBE);
        topic(grants, topics.commands(), CREATE, READ);
        topic(grants, topics.outcomes(), CREATE, WRITE);
        topic(grants, topics.deadLetter(), CREATE, WRITE);
        grants.add(new Grant(ResourceType.GROUP, id, Set.of(READ)));
      }
      case AUDIT -> {
        for (String topic :
            List.of(
                topics.events(),
                topics.state(),
                topics.commands(),
                topics.outcomes(),
                topics.deadLetter())) {
          topic(grants, topic, READ);
        }
      }
    }
    return List.copyOf(grants);
  }

  /**
   * What this principal needs when its topics exist before any service starts (Strimzi {@code
   * KafkaTopic}s, or topics an administrator made): {@link #grants} without CREATE. {@code
   * TopicBootstrap} lists the topics and creates only the missing ones, so with none missing it
   * creates nothing; listing and describing them need DESCRIBE, which every topic grant keeps (READ
   * and WRITE imply it, the others name it). A topic that is missing after all then stops the
   * service at start with a TopicAuthorizationException, instead of being made with the service's
   * settings rather than the operator's.
   */
  public List<Grant> grantsOnExistingTopics(Topics topics, String id) {
    return grants(topics, id).stream()
        .map(
            grant ->
                grant.type() != ResourceType.TOPIC
                    ? grant
                    : new Grant(
                        grant.type(),
                        grant.name(),
                        grant.operations().stream()
                            .filter(operation -> operation != CREATE)
                            .collect(Collectors.toUnmodifiableSet())))
        .toList();
  }

  /**
   * The grants as Kafka ACL bindings of {@code principal} ({@code User:cronlog-watcher}), from any
   * host.
   */
  public List<AclBinding> bindings(String principal, Topics topics, String id) {
    return grants(topics, id).stream()
        .flatMap(
            grant ->
                grant.operations().stream()
                    .map(
                        operation ->
                            new AclBinding(
                                new ResourcePattern(
                                    grant.type(), grant.name(), PatternType.LITERAL),
                                new AccessControlEntry(
                                    principal, "*", operation, AclPermissionType.ALLOW))))
        .toList();
  }

  private static void topic(List<Grant> grants, String name, AclOperation... operations) {
    grants.add(new Grant(ResourceType.TOPIC, name, Set.of(operations)));
  }
}
