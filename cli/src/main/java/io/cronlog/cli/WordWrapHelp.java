package io.cronlog.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Ansi.Text;
import picocli.CommandLine.Help.Column;
import picocli.CommandLine.Help.TextTable;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * picocli's help, wrapped only at spaces. picocli wraps with the JDK's line BreakIterator, which
 * also breaks after '-', ':' and '.' inside a word, cutting {@code 2026-11-27T10:00:05Z} or {@code
 * spec.timeZone} in two; and its command list shows the first line of a description, which a long
 * description cuts mid-sentence, so the list shows the description's first sentence.
 */
final class WordWrapHelp extends Help {

  // A sentence ends at . ! or ? before a space and a capital: "e.g. 2026" does not end one.
  private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+(?=[A-Z])");

  WordWrapHelp(CommandLine.Model.CommandSpec spec, ColorScheme scheme) {
    super(spec, scheme);
  }

  /** The factory that gives every command of the line this help. */
  static CommandLine.IHelpFactory factory() {
    return WordWrapHelp::new;
  }

  @Override
  public Layout createDefaultLayout(
      List<CommandLine.Model.OptionSpec> options,
      List<CommandLine.Model.PositionalParamSpec> positionals,
      ColorScheme scheme) {
    Layout layout = super.createDefaultLayout(options, positionals, scheme);
    return new Layout(
        scheme,
        new SpaceWrappedTable(scheme, layout.textTable()),
        layout.optionRenderer(),
        layout.parameterRenderer());
  }

  /**
   * Rows of key and value (exit codes, subcommands), as picocli lays them out, wrapped at spaces.
   */
  @Override
  public TextTable createTextTable(Map<?, ?> map) {
    if (map.isEmpty()) {
      return super.createTextTable(map);
    }
    // picocli sizes the key column by the longest key; the rows are added here, to wrap them at
    // spaces.
    TextTable table =
        new SpaceWrappedTable(colorScheme(), super.createTextTable(Map.of(longestKey(map), "")));
    for (Map.Entry<?, ?> row : map.entrySet()) {
      table.addRowValues(
          String.format(String.valueOf(row.getKey())),
          String.format(String.valueOf(row.getValue())));
    }
    return table;
  }

  /**
   * Each paragraph (the description's lines joined, split at %n) wrapped at spaces to the usage
   * width.
   */
  @Override
  public String description(Object... params) {
    if (commandSpec().usageMessage().description().length == 0) {
      return "";
    }
    TextTable table =
        new SpaceWrappedTable(
            colorScheme(),
            TextTable.forColumnWidths(colorScheme(), commandSpec().usageMessage().width()));
    table.indentWrappedLines = 0;
    String text = String.join(" ", commandSpec().usageMessage().description());
    for (Text paragraph : colorScheme().text(String.format(text, params)).splitLines()) {
      table.addRowValues(paragraph);
    }
    return table.toString();
  }

  @Override
  public String commandList(Map<String, Help> subcommands) {
    Map<String, String> rows = new LinkedHashMap<>();
    subcommands.forEach(
        (name, help) ->
            rows.put(
                help.commandNamesText(", ").plainString(),
                summary(help.commandSpec().usageMessage())));
    return rows.isEmpty() ? "" : createTextTable(rows).toString();
  }

  private static String longestKey(Map<?, ?> map) {
    return map.keySet().stream()
        .map(String::valueOf)
        .max(Comparator.comparingInt(String::length))
        .orElse("");
  }

  /** The header if there is one, else the description's first sentence. */
  static String summary(UsageMessageSpec usage) {
    if (usage.header().length > 0) {
      return String.format(usage.header()[0]).lines().findFirst().orElse("");
    }
    String description = String.join(" ", usage.description()).replace("%n", " ").trim();
    return SENTENCE_END.split(description, 2)[0];
  }

  /** A text table whose wrapping columns break lines at spaces only. */
  private static final class SpaceWrappedTable extends TextTable {

    private final ColorScheme scheme;

    SpaceWrappedTable(ColorScheme scheme, TextTable model) {
      super(scheme, model.columns());
      this.scheme = scheme;
      indentWrappedLines = model.indentWrappedLines;
      setAdjustLineBreaksForWideCJKCharacters(model.isAdjustLineBreaksForWideCJKCharacters());
    }

    @Override
    public Cell putValue(int row, int col, Text value) {
      Column column = columns()[col];
      String plain = value == null ? "" : value.plainString();
      // picocli keeps the column's last character free, so a line fills width - indent - 1.
      int first = column.width - column.indent - 1;
      if (column.overflow != Column.Overflow.WRAP || plain.length() <= first) {
        return super.putValue(row, col, value);
      }
      Cell cell = null;
      int at = row;
      List<int[]> lines = lines(plain, first, first - indentWrappedLines);
      for (int i = 0; i < lines.size(); i++) {
        if (at >= rowCount()) {
          addEmptyRow();
        }
        Text line = value.substring(lines.get(i)[0], lines.get(i)[1]);
        cell =
            super.putValue(
                at, col, i == 0 ? line : scheme.text(" ".repeat(indentWrappedLines)).concat(line));
        at = cell.row + 1;
      }
      return cell;
    }

    /**
     * [start, end) of each line of {@code text} broken at spaces; a word longer than a line stands
     * alone.
     */
    private static List<int[]> lines(String text, int firstWidth, int width) {
      List<int[]> lines = new ArrayList<>();
      int start = 0;
      while (start < text.length()) {
        int room = lines.isEmpty() ? firstWidth : width;
        if (text.length() - start <= room) {
          lines.add(new int[] {start, text.length()});
          break;
        }
        int end = text.lastIndexOf(' ', start + room);
        if (end <= start) {
          end = text.indexOf(' ', start);
          end = end < 0 ? text.length() : end;
        }
        lines.add(new int[] {start, end});
        start = end;
        while (start < text.length() && text.charAt(start) == ' ') {
          start++;
        }
      }
      return lines;
    }
  }
}
