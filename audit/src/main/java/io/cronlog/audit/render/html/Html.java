package io.cronlog.audit.render.html;

import java.util.Locale;

/** Escaping for the report: every ScheduledJob name, message and detail is user data. */
final class Html {

  private Html() {}

  /**
   * {@code text} safe in element content and in a quoted attribute. Only entities XML also knows
   * are used, so the page stays well-formed XML (the tests parse it). Everything past ASCII is a
   * character reference, so the page reads right whatever encoding the caller's Writer has; control
   * characters XML forbids become U+FFFD rather than breaking the document.
   */
  static String escape(Object text) {
    String s = String.valueOf(text);
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); ) {
      int c = s.codePointAt(i);
      i += Character.charCount(c);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        case '\t', '\n', '\r' -> out.append((char) c);
        default -> {
          // C1 controls too: HTML reads &#128; to &#159; as Windows-1252, not as themselves.
          if (c < 0x20
              || c >= 0x7F && c <= 0x9F
              || c == 0xFFFE
              || c == 0xFFFF
              || c < 0x10000 && Character.isSurrogate((char) c)) {
            out.append("&#xFFFD;");
          } else if (c > 0x7E) {
            out.append("&#").append(c).append(';');
          } else {
            out.append((char) c);
          }
        }
      }
    }
    return out.toString();
  }

  /** A coordinate with one decimal and a dot whatever the default locale. */
  static String num(double value) {
    return String.format(Locale.ROOT, "%.1f", value);
  }
}
