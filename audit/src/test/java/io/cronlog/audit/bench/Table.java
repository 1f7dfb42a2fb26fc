package io.cronlog.audit.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A table of figures printed as Markdown, so that it can go into the benchmark's page as it is. */
final class Table {

  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();

  Table(String... header) {
    this.header = List.of(header);
  }

  Table row(Object... cells) {
    List<String> row = new ArrayList<>();
    for (Object cell : cells) {
      row.add(String.valueOf(cell));
    }
    rows.add(row);
    return this;
  }

  void print(PrintStream out) {
    int[] widths = new int[header.size()];
    for (int i = 0; i < widths.length; i++) {
      widths[i] = header.get(i).length();
      for (List<String> row : rows) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    out.println(line(header, widths));
    StringBuilder rule = new StringBuilder("|");
    for (int i = 0; i < widths.length; i++) {
      rule.append(i == 0 ? "-".repeat(widths[i] + 2) : "-".repeat(widths[i] + 1) + ":").append("|");
    }
    out.println(rule);
    rows.forEach(row -> out.println(line(row, widths)));
    out.println();
    out.flush();
  }

  private static String line(List<String> cells, int[] widths) {
    StringBuilder line = new StringBuilder("|");
    for (int i = 0; i < widths.length; i++) {
      String cell = cells.get(i);
      line.append(' ')
          .append(i == 0 ? pad(cell, widths[i]) : " ".repeat(widths[i] - cell.length()) + cell)
          .append(" |");
    }
    return line.toString();
  }

  private static String pad(String text, int width) {
    return text + " ".repeat(width - text.length());
  }

  /** {@code 1,234,567}. */
  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** Seconds with two decimals below 10 s, one above. */
  static String seconds(long nanos) {
    double s = nanos / 1e9;
    return String.format(Locale.ROOT, s < 10 ? "%.2f s" : "%.1f s", s);
  }

  /** A rate per second, rounded to three significant figures. */
  static String rate(double perSecond) {
    if (perSecond >= 1000) {
      long magnitude = (long) Math.pow(10, Math.floor(Math.log10(perSecond)) - 2);
      return count(Math.round(perSecond / magnitude) * magnitude);
    }
    return String.format(Locale.ROOT, "%.1f", perSecond);
  }

  /** Megabytes with one decimal. */
  static String mb(double bytes) {
    return String.format(Locale.ROOT, "%.1f", bytes / (1024 * 1024));
  }
}
