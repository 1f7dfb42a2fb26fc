package io.cronlog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

class WordWrapHelpTest {

  private static final int WIDTH = 80;

  @Test
  void helpAtEightyColumnsBreaksLinesOnlyBetweenWords() {
    for (CommandLine command : allCommands(Cronlog.commandLine())) {
      String help = help(command);
      Set<String> rendered = Set.copyOf(Arrays.asList(help.split("\\s+")));

      assertThat(help.lines())
          .as(command.getCommandName())
          .allSatisfy(line -> assertThat(line).hasSizeLessThanOrEqualTo(WIDTH));
      assertThat(words(command.getCommandSpec()))
          .as("words of %s's help", command.getCommandName())
          .allSatisfy(word -> assertThat(rendered).contains(word));
    }
  }

  @Test
  void anRfc3339TimeInAnOptionStaysOnOneLine() {
    String help = help(Cronlog.commandLine().getSubcommands().get("explain"));

    assertThat(help).contains("2026-11-27T10:00:05Z");
  }

  @Test
  void theCommandListShowsEachCommandsWholeFirstSentence() {
    List<String> entries = commandEntries(help(Cronlog.commandLine()));

    assertThat(entries).hasSize(8).allSatisfy(entry -> assertThat(entry).endsWith("."));
    assertThat(entries)
        .anySatisfy(
            entry ->
                assertThat(entry)
                    .isEqualTo(
                        "explain Shows what the scheduler would decide for each ScheduledJob in a file."));
  }

  @Test
  void helpIsAsWideAsColumnsSays() {
    StringWriter out = new StringWriter();
    CommandLine audit =
        Cronlog.helpWidth(Cronlog.commandLine(), "120").getSubcommands().get("audit");
    audit.usage(new PrintWriter(out), CommandLine.Help.Ansi.OFF);

    assertThat(out.toString().lines().mapToInt(String::length).max().orElseThrow())
        .isBetween(WIDTH + 1, 120);
  }

  private static String help(CommandLine command) {
    StringWriter out = new StringWriter();
    command.setUsageHelpAutoWidth(false).setUsageHelpWidth(WIDTH);
    command.usage(new PrintWriter(out), CommandLine.Help.Ansi.OFF);
    return out.toString();
  }

  private static List<CommandLine> allCommands(CommandLine top) {
    List<CommandLine> all = new ArrayList<>(List.of(top));
    top.getSubcommands().values().forEach(sub -> all.addAll(allCommands(sub)));
    return all;
  }

  /** Each word of the command's description and of its options' and parameters' descriptions. */
  private static List<String> words(CommandSpec spec) {
    Stream<String> descriptions =
        Stream.concat(
            Arrays.stream(spec.usageMessage().description()),
            spec.args().stream().map(ArgSpec::description).flatMap(Arrays::stream));
    return descriptions
        .map(String::format)
        .flatMap(text -> Arrays.stream(text.split("\\s+")))
        .filter(word -> !word.isEmpty() && !word.contains("${"))
        .collect(Collectors.toList());
  }

  /** The lines under "Commands:", each entry's wrapped lines joined into one. */
  private static List<String> commandEntries(String help) {
    List<String> entries = new ArrayList<>();
    boolean inList = false;
    for (String line : help.lines().toList()) {
      if (line.equals("Commands:")) {
        inList = true;
      } else if (inList && line.startsWith("    ")) {
        entries.set(entries.size() - 1, entries.get(entries.size() - 1) + " " + line.trim());
      } else if (inList && line.startsWith("  ")) {
        entries.add(line.trim().replaceAll("\\s+", " "));
      } else {
        inList = false;
      }
    }
    return entries;
  }
}
