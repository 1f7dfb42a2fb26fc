package io.cronlog.testsupport;

import java.util.concurrent.atomic.AtomicInteger;

/** Hands out topic prefixes that no other test on the same broker uses. */
final class TopicPrefix {

  /** Leaves room for the longest topic name we append, within Kafka's 249 characters. */
  private static final int MAX_NAME = 60;

  private final AtomicInteger counter = new AtomicInteger();

  /**
   * A prefix such as {@code t7-createsJobAtFireTime.}: the counter makes it unique, the name says
   * in broker listings which test wrote a topic, and the dot mirrors {@code cronlog.}.
   */
  String next(String testName) {
    String name = testName.replaceAll("[^A-Za-z0-9]+", "-").replaceAll("^-|-$", "");
    if (name.length() > MAX_NAME) {
      name = name.substring(0, MAX_NAME);
    }
    return "t" + counter.incrementAndGet() + "-" + name + ".";
  }
}
